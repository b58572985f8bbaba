package org.erpbridge.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.testing.CleanSlate;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.creates;
import static org.erpbridge.checkout.CheckoutFixtures.merchantRef;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.checkout.CheckoutFixtures.starts;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** Concurrent duplicates of one order: one row, one Smart Transaction, one start, the same answer for everyone. */
@QuarkusTest
class CashPaymentConcurrencyTest {
    private static final int COPIES = 24;

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @Test
    void twentyFourConcurrentCopiesBookOnce() throws Exception {
        String ref = merchantRef("SO-24", 1);
        // a slow secuconnect, so the copies really overlap with the booking in flight
        wm().stubFor(CheckoutFixtures.createStx()
                .willReturn(json(200, CheckoutFixtures.stxCreated(ref)).withFixedDelay(300)));
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.stxOk(ref)).withFixedDelay(300)));

        CheckoutFixtures.readPayment(ACME, "SO-WARM-UP").then().statusCode(404); // HTTP and database warm-up
        long started = System.nanoTime();
        List<Response> responses = sendConcurrently(seedOrder("SO-24"), COPIES);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "[figure] %d concurrent copies, secuconnect at 300 ms per call: all answered in %d ms%n",
                COPIES, millis);

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        String first = responses.get(0).asString();
        assertThat(responses).allSatisfy(r -> assertThat(r.asString()).isEqualTo(first));
        assertThat(first).contains("\"status\":\"completed\"");
        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
        assertThat(CheckoutFixtures.rows("cash_payment")).isEqualTo(1);
        assertThat(CheckoutFixtures.rows("cash_payment_attempt")).isEqualTo(1);
        assertThat(CheckoutFixtures.outboxEvents(EventOutbox.CASH_PAYMENT_COMPLETED))
                .isEqualTo(1);
    }

    @Test
    void copiesOfAPaymentSlowerThanSyncWaitAllGet202AndItStillBooksOnce() throws Exception {
        String ref = merchantRef("SO-25", 1);
        wm().stubFor(CheckoutFixtures.createStx().willReturn(json(200, CheckoutFixtures.stxCreated(ref))));
        // start/cash answers after the read timeout (2 s in tests): its outcome is unknown, the payment stays
        // START_PENDING for recovery, and every copy gets 202 once sync-wait (5 s in tests) is over
        wm().stubFor(CheckoutFixtures.startCash()
                .willReturn(json(200, CheckoutFixtures.stxOk(ref)).withFixedDelay(3000)));

        List<Response> responses = sendConcurrently(seedOrder("SO-25"), 8);

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.header("Location")).endsWith("/api/v1/merchants/acme/cash-payments/SO-25");
            assertThat(r.asString()).contains("\"status\":\"processing\"");
        });
        assertThat(creates()).isEqualTo(1);
        assertThat(starts()).isEqualTo(1);
        assertThat(CheckoutFixtures.state("SO-25")).isEqualTo("START_PENDING");
    }

    static List<Response> sendConcurrently(String body, int copies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return CheckoutFixtures.postPayment(ACME, body);
                }));
            }
            gate.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
