package org.erpbridge.erp;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.erpbridge.erp.Signatures.Signed;
import org.erpbridge.erp.Signatures.Verdict;
import org.erpbridge.merchant.Secret;
import org.erpbridge.merchant.SignatureScheme;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {
    private static final Secret SECRET = new Secret("acme-signing-secret-0123456789");
    private static final byte[] BODY =
            "{\"orderId\":\"SO-10042\",\"currency\":\"EUR\",\"total\":796}".getBytes(StandardCharsets.UTF_8);
    private static final long TS = 1795000000L;
    private static final String PAYMENTS = "/api/v1/merchants/acme/cash-payments";
    private static final Signed PAYMENT = new Signed(TS, "POST", PAYMENTS, BODY);
    private static final Set<SignatureScheme> V2 = Set.of(SignatureScheme.V2);
    private static final Set<SignatureScheme> MIGRATING = Set.of(SignatureScheme.V1, SignatureScheme.V2);
    // printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET"
    private static final String OPENSSL_V1_HEX = "8a2f5d47070259c821fead5862064c32b382b05844b6a0a3f00fbe404d3868b7";
    // printf '%s\nPOST\n%s\n%s' "$TS" "$PATH" "$BODY" | openssl dgst -sha256 -hmac "$SECRET"
    private static final String OPENSSL_V2_HEX = "daf03f24ed944e012582c10144a4af547ac133351ab899f9294091fa76eb5789";
    // printf '%s\nPOST\n/api/v1/merchants/acme/reconciliation/runs?date=2026-11-23\n' "$TS" | openssl ...
    private static final String OPENSSL_V2_QUERY_HEX =
            "07cac552ad5b62312985dfba77825190127a45d6042e5e5b3fcc95aae0956f96";

    @Test
    void bothSchemesMatchOpenssl() {
        assertThat(Signatures.sign(SECRET, SignatureScheme.V1, PAYMENT)).isEqualTo(OPENSSL_V1_HEX);
        assertThat(Signatures.sign(SECRET, SignatureScheme.V2, PAYMENT)).isEqualTo(OPENSSL_V2_HEX);
        assertThat(Signatures.sign(
                        SECRET,
                        SignatureScheme.V2,
                        new Signed(
                                TS, "post", "/api/v1/merchants/acme/reconciliation/runs?date=2026-11-23", new byte[0])))
                .isEqualTo(OPENSSL_V2_QUERY_HEX);
        assertThat(Signatures.header(SECRET, V2, PAYMENT)).isEqualTo("v2=" + OPENSSL_V2_HEX);
        assertThat(Signatures.header(SECRET, MIGRATING, PAYMENT))
                .isEqualTo("v1=" + OPENSSL_V1_HEX + ",v2=" + OPENSSL_V2_HEX);
    }

    @Test
    void theReadmesWorkedExampleHolds() {
        Signed cancel =
                new Signed(1764000000L, "POST", "/api/v1/merchants/demo/cash-payments/SO-10042/cancel", new byte[0]);
        assertThat(Signatures.sign(new Secret("demo-signing-secret-0001"), SignatureScheme.V2, cancel))
                .isEqualTo(Signatures.V2_EXAMPLE_HEX);
    }

    @Test
    void v2BindsMethodPathAndQuery() {
        String header = "v2=" + OPENSSL_V2_HEX;
        assertThat(verdict(V2, PAYMENT, header)).isEqualTo(Verdict.VALID);
        assertThat(verdict(V2, new Signed(TS, "POST", PAYMENTS + "/SO-10042/cancel", BODY), header))
                .as("another path")
                .isEqualTo(Verdict.MISMATCH);
        assertThat(verdict(V2, new Signed(TS, "PUT", PAYMENTS, BODY), header))
                .as("another method")
                .isEqualTo(Verdict.MISMATCH);
        assertThat(verdict(V2, new Signed(TS, "POST", PAYMENTS + "?x=1", BODY), header))
                .as("a query added")
                .isEqualTo(Verdict.MISMATCH);
        assertThat(verdict(V2, new Signed(TS, "POST", "/api/v1/merchants/bravo/cash-payments", BODY), header))
                .as("another merchant's path")
                .isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aV1SignatureIsRefusedUnlessTheMerchantIsMigrating() {
        // v1 binds only timestamp and body: the signed empty body of a card-sync trigger would also sign a cancel
        String v1 = "v1=" + OPENSSL_V1_HEX;
        assertThat(verdict(V2, PAYMENT, v1)).isEqualTo(Verdict.SCHEME_NOT_ACCEPTED);
        assertThat(verdict(MIGRATING, PAYMENT, v1)).isEqualTo(Verdict.VALID);
        assertThat(verdict(MIGRATING, PAYMENT, "v1=" + OPENSSL_V1_HEX.toUpperCase()))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void rotationAcceptsAnyMatchingValueAndReportsTheOneThatMatched() {
        String other = Signatures.sign(new Secret("retired-secret-0000000"), SignatureScheme.V2, PAYMENT);
        Signatures.Check check = Signatures.verify(SECRET, V2, PAYMENT, "v2=" + other + " , v2=" + OPENSSL_V2_HEX);
        assertThat(check.verdict()).isEqualTo(Verdict.VALID);
        assertThat(check.matched()).isEqualTo(java.util.HexFormat.of().parseHex(OPENSSL_V2_HEX));
        assertThat(verdict(V2, PAYMENT, "v2=" + other)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void unknownSchemesAreIgnored() {
        assertThat(verdict(V2, PAYMENT, "v9=abc,v2=" + OPENSSL_V2_HEX)).isEqualTo(Verdict.VALID);
        assertThat(verdict(V2, PAYMENT, "v9=abc")).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void malformedHeaders() {
        assertThat(verdict(V2, PAYMENT, "")).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict(V2, PAYMENT, null)).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict(V2, PAYMENT, OPENSSL_V2_HEX)).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict(V2, PAYMENT, "v2=" + OPENSSL_V2_HEX.substring(2))).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict(V2, PAYMENT, "v2=" + OPENSSL_V2_HEX.replace('a', 'g')))
                .isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void timestampAndBodyAreBound() {
        String header = "v2=" + OPENSSL_V2_HEX;
        assertThat(verdict(V2, new Signed(TS + 1, "POST", PAYMENTS, BODY), header))
                .isEqualTo(Verdict.MISMATCH);
        byte[] altered =
                new String(BODY, StandardCharsets.UTF_8).replace("796", "797").getBytes(StandardCharsets.UTF_8);
        assertThat(verdict(V2, new Signed(TS, "POST", PAYMENTS, altered), header))
                .isEqualTo(Verdict.MISMATCH);
    }

    private static Verdict verdict(Set<SignatureScheme> accepted, Signed signed, String header) {
        return Signatures.verify(SECRET, accepted, signed, header).verdict();
    }
}
