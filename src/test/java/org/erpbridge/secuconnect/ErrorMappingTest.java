package org.erpbridge.secuconnect;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.secuconnect.SecuconnectStubs.ACME;
import static org.erpbridge.secuconnect.SecuconnectStubs.BRAVO;
import static org.erpbridge.secuconnect.SecuconnectStubs.STX_ID;
import static org.erpbridge.secuconnect.SecuconnectStubs.json;
import static org.erpbridge.secuconnect.SecuconnectStubs.wm;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** HTTP status and body become the right member of the exception family. */
@QuarkusTest
class ErrorMappingTest {
    private static final String STX = "/api/v2/Smart/Transactions/" + STX_ID;

    @Inject
    Secuconnect secuconnect;

    @Inject
    TokenBrokers tokens;

    @Inject
    MerchantBreakers breakers;

    @BeforeEach
    void reset() {
        wm().resetAll();
        SecuconnectStubs.stubTokens();
        tokens.forget(ACME);
        tokens.forget(BRAVO);
        breakers.reset(ACME);
        breakers.reset(BRAVO);
    }

    @Test
    void fourHundredWithNumericCodeIsRejected() {
        wm().stubFor(post(urlEqualTo(STX + "/start/cash")).willReturn(json(400, """
                {"status":"error","error":"ProductInternalException","error_details":"Card 9276004429942845 is locked",
                 "error_user":"Karte gesperrt","code":1016,"supportId":"abc123"}""")));

        assertThatThrownBy(() -> secuconnect.startSmartTransaction(ACME, STX_ID, "cash"))
                .isInstanceOfSatisfying(SecuconnectRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("1016");
                    assertThat(e.error()).isEqualTo("ProductInternalException");
                    assertThat(e.errorUser()).isEqualTo("Karte gesperrt");
                    assertThat(e.supportId()).isEqualTo("abc123");
                    assertThat(e.errorDetails()).isEqualTo("Card ************2845 is locked");
                    assertThat(e.outcomeUnknown()).isFalse();
                    assertThat(e.operation()).isEqualTo("smart-transaction.start");
                    assertThat(e.merchant()).isEqualTo(ACME);
                });
    }
}
