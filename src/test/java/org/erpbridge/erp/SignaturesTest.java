package org.erpbridge.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.erpbridge.erp.Signatures.Verdict;
import org.erpbridge.merchant.Secret;
import org.junit.jupiter.api.Test;

class SignaturesTest {
    private static final Secret SECRET = new Secret("acme-signing-secret-0123456789");
    private static final byte[] BODY = "{\"orderId\":\"SO-10042\",\"currency\":\"EUR\",\"total\":796}"
            .getBytes(StandardCharsets.UTF_8);
    private static final long TS = 1795000000L;
    // computed with: printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" (as in the README example)
    private static final String OPENSSL_HEX = "8a2f5d47070259c821fead5862064c32b382b05844b6a0a3f00fbe404d3868b7";
    private static final String OPENSSL_EMPTY_BODY_HEX = "1ef5d6f6ed48352d56b8743051a87c1fcc12b7629fba61540b331e08bd5c5f7f";

    @Test
    void matchesOpenssl() {
        assertThat(Signatures.sign(SECRET, TS, BODY)).isEqualTo(OPENSSL_HEX);
        assertThat(Signatures.header(SECRET, TS, BODY)).isEqualTo("v1=" + OPENSSL_HEX);
        assertThat(Signatures.sign(SECRET, TS, new byte[0])).isEqualTo(OPENSSL_EMPTY_BODY_HEX);
    }

    @Test
    void acceptsItsOwnSignatureAndUpperCaseHex() {
        assertThat(Signatures.verify(SECRET, TS, BODY, "v1=" + OPENSSL_HEX)).isEqualTo(Verdict.VALID);
        assertThat(Signatures.verify(SECRET, TS, BODY, "v1=" + OPENSSL_HEX.toUpperCase())).isEqualTo(Verdict.VALID);
    }

    @Test
    void anyOfSeveralValuesMaySatisfyIt() {
        String other = Signatures.sign(new Secret("retired-secret-0000000"), TS, BODY);
        assertThat(Signatures.verify(SECRET, TS, BODY, "v1=" + other + ",v1=" + OPENSSL_HEX)).isEqualTo(Verdict.VALID);
        assertThat(Signatures.verify(SECRET, TS, BODY, "v1=" + OPENSSL_HEX + " , v1=" + other)).isEqualTo(Verdict.VALID);
        assertThat(Signatures.verify(SECRET, TS, BODY, "v1=" + other)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void unknownSchemesAreIgnoredButSomeV1IsRequired() {
        assertThat(Signatures.verify(SECRET, TS, BODY, "v2=abc,v1=" + OPENSSL_HEX)).isEqualTo(Verdict.VALID);
        assertThat(Signatures.verify(SECRET, TS, BODY, "v2=abc")).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void malformedHeadersAreNamedAsSuch() {
        assertThat(Signatures.verify(SECRET, TS, BODY, "")).isEqualTo(Verdict.MALFORMED);
        assertThat(Signatures.verify(SECRET, TS, BODY, null)).isEqualTo(Verdict.MALFORMED);
        assertThat(Signatures.verify(SECRET, TS, BODY, OPENSSL_HEX)).isEqualTo(Verdict.MALFORMED);
        assertThat(Signatures.verify(SECRET, TS, BODY, "v1=" + OPENSSL_HEX.substring(2))).isEqualTo(Verdict.MALFORMED);
        assertThat(Signatures.verify(SECRET, TS, BODY, "v1=" + OPENSSL_HEX.replace('a', 'g'))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void timestampAndEveryBodyByteAreCovered() {
        assertThat(Signatures.verify(SECRET, TS + 1, BODY, "v1=" + OPENSSL_HEX)).isEqualTo(Verdict.MISMATCH);
        byte[] altered = BODY.clone();
        altered[altered.length - 2] = '7';
        assertThat(Signatures.verify(SECRET, TS, altered, "v1=" + OPENSSL_HEX)).isEqualTo(Verdict.MISMATCH);
    }
}
