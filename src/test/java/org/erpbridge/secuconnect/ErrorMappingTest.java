package org.erpbridge.secuconnect;

import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.testing.SecuconnectStubs;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.fixture;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.jsonFixture;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** HTTP status and body become the right member of the exception family. */
@QuarkusTest
class ErrorMappingTest extends SecuconnectTestBase {
    private static final String STX = "/api/v2/Smart/Transactions/" + STX_ID;

    @BeforeEach
    void stubs() {
        SecuconnectStubs.stubTokens();
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

    @Test
    void codeAsStringIsReadToo() {
        wm().stubFor(get(urlEqualTo(STX))
                .willReturn(json(
                        404,
                        "{\"status\":\"error\",\"error\":\"ProductNotFoundException\",\"error_details\":\"Not found\","
                                + "\"code\":\"1001\",\"supportId\":\"s2\"}")));

        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(SecuconnectRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("1001");
                    assertThat(e.getMessage())
                            .contains("ProductNotFoundException")
                            .contains("s2");
                });
        wm().verify(1, getRequestedFor(urlEqualTo(STX))); // a rejection is not retried, not even for reads
    }

    @Test
    void rejectionWithoutErrorBodyStillCarriesTheStatus() {
        wm().stubFor(post(urlEqualTo(STX + "/abort"))
                .willReturn(aResponse().withStatus(409).withBody("<html>conflict</html>")));

        assertThatThrownBy(() -> secuconnect.abortSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(SecuconnectRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.code()).isNull();
                });
    }

    @Test
    void serverErrorOnAWriteIsNotRepeated() {
        wm().stubFor(post(urlEqualTo(STX + "/start/cash")).willReturn(json(500, """
                {"status":"error","error":"ProductInternalException","code":1000,"supportId":"sup-500"}""")));

        assertThatThrownBy(() -> secuconnect.startSmartTransaction(ACME, STX_ID, "cash"))
                .isInstanceOfSatisfying(SecuconnectServerException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.apiError().supportId()).isEqualTo("sup-500");
                    assertThat(e.outcomeUnknown()).isTrue();
                });
        wm().verify(1, postRequestedFor(urlEqualTo(STX + "/start/cash")));
    }

    @Test
    void tooManyRequestsIsAServerError() {
        wm().stubFor(get(urlEqualTo(STX)).willReturn(aResponse().withStatus(429)));

        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOfSatisfying(
                        SecuconnectServerException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(429));
        wm().verify(3, getRequestedFor(urlEqualTo(STX))); // read: 1 + 2 retries in the test profile
    }

    @Test
    void readIsRetriedAfterServerErrorsAndSucceeds() {
        wm().stubFor(get(urlEqualTo(STX))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovering"));
        wm().stubFor(get(urlEqualTo(STX))
                .inScenario("flaky")
                .whenScenarioStateIs("recovering")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("up"));
        wm().stubFor(get(urlEqualTo(STX))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(jsonFixture("smart-transaction-start-cash-response-ok.json")));

        assertThat(secuconnect.getSmartTransaction(ACME, STX_ID).status()).isEqualTo("ok");
        wm().verify(3, getRequestedFor(urlEqualTo(STX)));
    }

    @Test
    void successWithNonJsonBodyIsMalformed() {
        wm().stubFor(post(urlEqualTo(STX + "/start/cash"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Proxy login</body></html>")));

        assertThatThrownBy(() -> secuconnect.startSmartTransaction(ACME, STX_ID, "cash"))
                .isInstanceOfSatisfying(SecuconnectMalformedResponseException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(200);
                    assertThat(e.outcomeUnknown()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("Proxy login");
                });
        wm().verify(1, postRequestedFor(urlEqualTo(STX + "/start/cash")));
    }

    @Test
    void truncatedJsonIsMalformed() {
        String full = fixture("smart-transaction-start-cash-response-ok.json");
        wm().stubFor(get(urlEqualTo(STX)).willReturn(json(200, full.substring(0, full.length() / 2))));

        assertThatThrownBy(() -> secuconnect.getSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectMalformedResponseException.class);
    }

    @Test
    void emptySuccessBodyIsMalformed() {
        wm().stubFor(post(urlEqualTo(STX + "/cancel")).willReturn(aResponse().withStatus(200)));

        assertThatThrownBy(() -> secuconnect.cancelSmartTransaction(ACME, STX_ID))
                .isInstanceOf(SecuconnectMalformedResponseException.class);
    }

    @Test
    void unknownFieldsAreIgnored() {
        wm().stubFor(get(urlEqualTo(STX)).willReturn(json(200, """
                {"object":"smart.transactions","id":"STX_X","status":"ok","brand_new":{"a":[1,{"b":2}]},
                 "basket_info":{"sum":5,"currency":"EUR","future":true},
                 "transactions":[{"object":"loyalty.transactions","id":"LTX_1","extra":"x"}],"trans_id":123}""")));

        SmartTransaction stx = secuconnect.getSmartTransaction(ACME, STX_ID);

        assertThat(stx.basketInfo().sum()).isEqualTo(5L);
        assertThat(stx.loyaltyTransactionId()).contains("LTX_1");
        assertThat(stx.transId()).isEqualTo("123");
    }

    @Test
    void readTimeoutMeansSentAndTheCreateIsSentExactlyOnce() {
        wm().stubFor(post(urlEqualTo("/api/v2/Smart/Transactions"))
                .willReturn(jsonFixture("smart-transaction-create-response-created.json")
                        .withFixedDelay(2600)));

        assertThatThrownBy(() -> secuconnect.createSmartTransaction(ACME, SmartTransactionsClientTest.sandwichOrder()))
                .isInstanceOfSatisfying(SecuconnectUnreachableException.class, e -> {
                    assertThat(e.requestSent()).isTrue();
                    assertThat(e.outcomeUnknown()).isTrue();
                    assertThat(e.operation()).isEqualTo("smart-transaction.create");
                });
        wm().verify(1, postRequestedFor(urlEqualTo("/api/v2/Smart/Transactions")));
    }

    @Test
    void connectionResetAfterSendingAStartIsUnreachableSentAndNotRepeated() {
        wm().stubFor(post(urlEqualTo(STX + "/start/cash"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> secuconnect.startSmartTransaction(ACME, STX_ID, "cash"))
                .isInstanceOfSatisfying(
                        SecuconnectUnreachableException.class,
                        e -> assertThat(e.requestSent()).isTrue());
        wm().verify(1, postRequestedFor(urlEqualTo(STX + "/start/cash")));
    }
}
