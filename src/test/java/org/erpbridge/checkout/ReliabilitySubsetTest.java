package org.erpbridge.checkout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.erpbridge.testing.CleanSlate;

import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.creates;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.starts;
import static org.erpbridge.checkout.CheckoutFixtures.state;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * The CI-sized part of reliability figures R1 and R3 that the other checkout tests leave out (the full-size runs
 * are bench/reliability.sh): several orders stormed at once with identical copies, an altered copy of each, and a
 * create whose answer is lost after secuconnect acted on it.
 */
@QuarkusTest
class ReliabilitySubsetTest {
    private static final int ORDERS = 4;
    private static final int COPIES = 8;

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @Test
    void severalOrdersStormedAtOnceBookOnceEachAndAnAlteredCopyIsAConflict() throws Exception {
        // secuconnect answers with one Smart Transaction for every order: the storm is about the bridge's side
        CheckoutFixtures.stubHappyPath("R1");
        List<String> orders = new ArrayList<>();
        for (int o = 0; o < ORDERS; o++) {
            orders.add("R1-" + o);
        }
        ExecutorService pool = Executors.newFixedThreadPool(ORDERS * COPIES);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<List<Future<Response>>> answers = new ArrayList<>();
            for (String order : orders) {
                List<Future<Response>> copies = new ArrayList<>();
                for (int c = 0; c < COPIES; c++) {
                    copies.add(pool.submit(() -> {
                        gate.await();
                        return postPayment(ACME, seedOrder(order));
                    }));
                }
                answers.add(copies);
            }
            gate.countDown();
            for (List<Future<Response>> copies : answers) {
                Set<String> bodies = new HashSet<>();
                for (Future<Response> f : copies) {
                    Response r = f.get(30, TimeUnit.SECONDS);
                    assertThat(r.statusCode()).isEqualTo(200);
                    bodies.add(r.body().asString());
                }
                assertThat(bodies)
                        .as("every copy of an order gets the same answer")
                        .hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }

        for (String order : orders) {
            assertThat(state(order)).isEqualTo("COMPLETED");
            assertThat(CheckoutFixtures.count(postRequestedFor(urlEqualTo(STX_PATH))
                            .withRequestBody(matchingJsonPath("$.transactionRef", equalTo(order)))))
                    .as("creates of " + order)
                    .isEqualTo(1);
            postPayment(ACME, seedOrder(order).replace("\"cashier\": \"Anna\"", "\"cashier\": \"Bert\""))
                    .then()
                    .statusCode(409);
        }
        assertThat(CheckoutFixtures.rows("cash_payment")).isEqualTo(ORDERS);
        assertThat(creates()).isEqualTo(ORDERS);
        assertThat(starts()).isEqualTo(ORDERS);
    }

    @Test
    void createAnswerCutOffByAResetIsFoundByMerchantRefAndNotSentAgain() {
        createAnswerLost("SO-R3-RESET", Fault.CONNECTION_RESET_BY_PEER);
    }

    @Test
    void createAnswerBrokenMidBodyIsFoundByMerchantRefAndNotSentAgain() {
        createAnswerLost("SO-R3-CHUNK", Fault.MALFORMED_RESPONSE_CHUNK);
    }

    private static void createAnswerLost(String orderId, Fault fault) {
        String ref = merchantRef(orderId, 1);
        wm().stubFor(CheckoutFixtures.createStx().willReturn(aResponse().withFault(fault)));
        wm().stubFor(CheckoutFixtures.listStx()
                .willReturn(json(200, CheckoutFixtures.list(CheckoutFixtures.stxCreated(ref)))));
        wm().stubFor(CheckoutFixtures.startCash().willReturn(json(200, CheckoutFixtures.stxOk(ref))));

        postPayment(ACME, seedOrder(orderId)).then().statusCode(200);

        assertThat(state(orderId)).isEqualTo("COMPLETED");
        assertThat(creates())
                .as("a create that may have worked is never sent again")
                .isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
    }
}
