package org.erpbridge.checkout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.erpbridge.testing.CleanSlate;
import org.erpbridge.testing.Database;
import org.erpbridge.testing.ErpRequests;
import org.erpbridge.testing.Management;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.START_PATH;
import static org.erpbridge.checkout.CheckoutFixtures.postPayment;
import static org.erpbridge.checkout.CheckoutFixtures.seedOrder;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.BRAVO;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * Admission control of the cash-payment POST with a bound of 6 payments in flight (so a merchant's share is 3 of
 * them while the other merchant may come), 4 worker threads, sync-wait 3 s and a secuconnect that takes seconds.
 */
@QuarkusTest
@TestProfile(AdmissionControlTest.SmallBound.class)
class AdmissionControlTest {
    private static final long SYNC_WAIT_MILLIS = 3000;
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(12);

    public static class SmallBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("bridge.checkout.max-in-flight", "6"),
                    Map.entry("bridge.checkout.max-in-flight-unauthenticated", "2"),
                    Map.entry("bridge.checkout.pressure-ratio", "0.5"),
                    Map.entry("bridge.checkout.retry-after", "2s"),
                    Map.entry("bridge.checkout.sync-wait", SYNC_WAIT_MILLIS + "ms"),
                    Map.entry("quarkus.thread-pool.max-threads", "4"),
                    // secuconnect answers within seconds here, not beyond the read timeout
                    Map.entry("bridge.merchants.acme.secuconnect.read-timeout", "5s"),
                    Map.entry("bridge.merchants.bravo.secuconnect.read-timeout", "5s"));
        }
    }

    @BeforeEach
    void reset() {
        CleanSlate.reset();
    }

    @AfterEach
    void letPaymentsSettle() {
        // payments booked in the background must not write into the next test's tables
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> bound().inFlight() == 0
                        && Database.count(
                                        "select count(*) from cash_payment where state not in ('COMPLETED', 'FAILED', 'REVIEW', "
                                                + "'CANCELLED')")
                                == 0);
    }

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    @Test
    void oneMoreThanTheBoundIsRefusedAtOnceWithNothingStoredAndItsResendIsAFirstSend() throws Exception {
        List<Future<Timed>> filling = threeOfEachTakingFourSeconds();
        awaitInFlight(6);

        assertOverloaded(timedPost(ACME, "A4"), "This replica already has 6 cash payments in flight");
        assertOverloaded(timedPost(BRAVO, "B4"), "This replica already has 6 cash payments in flight");
        // answered before the body is complete: nothing waited for the body, a worker thread or authentication
        long slowest = 0;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            try (Socket socket = rawPost(ACME, "acme-erp-api-key-0123456789", seedOrder("SO-A5"), false)) {
                socket.setSoTimeout(5000);
                String answer = readResponse(socket.getInputStream());
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
                assertThat(answer)
                        .startsWith("HTTP/1.1 503")
                        .contains("Retry-After: 2")
                        .contains("application/problem+json");
            }
        }
        System.out.printf(
                "[figure] 503 beyond the bound of 6 in flight, half the body sent: slowest of 10 after %d ms%n",
                slowest);
        assertThat(slowest).isLessThan(500);
        // a request without the key is not counted in the merchants' bound: authentication answers it
        ErpRequests.as(ACME)
                .withBearer("not-the-key-0123456789")
                .json(seedOrder("SO-A6"))
                .when()
                .post(ErpRequests.path(ACME, "/cash-payments"))
                .then()
                .statusCode(401);
        assertThat(Database.count(
                        "select count(*) from cash_payment where order_id in ('SO-A4', 'SO-B4', 'SO-A5', 'SO-A6')"))
                .isZero();

        for (Future<Timed> f : filling) {
            assertThat(f.get(20, TimeUnit.SECONDS).response.statusCode()).isIn(200, 202);
        }
        letPaymentsSettle();
        CheckoutFixtures.stubHappyPath("SO-A4");
        postPayment(ACME, seedOrder("SO-A4")).then().statusCode(200);
        assertThat(Database.count(
                        "select count(*) from cash_payment_attempt a join cash_payment p on p.id = a.payment_id "
                                + "where p.order_id = 'SO-A4'"))
                .isEqualTo(1);
    }

    @Test
    void aSecondMerchantGetsThroughWhileTheFirstIsAtItsShare() throws Exception {
        stubSecuconnect("", 2000);
        stubSecuconnect("/bravo", 0);
        List<Future<Timed>> acme = List.of(send(ACME, "A1"), send(ACME, "A2"), send(ACME, "A3"));
        awaitInFlight(3);

        Timed beyondShare = timedPost(ACME, "A4");
        assertOverloaded(beyondShare, "Merchant acme already has its share");
        Timed bravo = timedPost(BRAVO, "B1");
        assertThat(bravo.response.statusCode()).as(bravo.response.asString()).isEqualTo(200);
        assertThat(bravo.response.asString()).contains("\"status\":\"completed\"");
        assertThat(Database.count("select count(*) from cash_payment where order_id = 'SO-A4'"))
                .isZero();
        assertThat(Management.request().get("/q/metrics").asString())
                .contains("bridge_cash_payments_refused_total{merchant=\"acme\",reason=\"merchant-share\"}");
        for (Future<Timed> f : acme) {
            assertThat(f.get(20, TimeUnit.SECONDS).response.statusCode()).isIn(200, 202);
        }
    }

    @Test
    void syncWaitCountsFromTheArrivalEvenForRequestsThatWaitedForAWorkerThread() throws Exception {
        // 6 requests, 4 worker threads, each payment 4 s at secuconnect: two requests wait about sync-wait for a
        // thread; counted from the thread they would answer after twice sync-wait
        List<Future<Timed>> sent = threeOfEachTakingFourSeconds();
        long slowest = 0;
        for (Future<Timed> f : sent) {
            Timed t = f.get(20, TimeUnit.SECONDS);
            assertThat(t.response.statusCode()).as(t.response.asString()).isEqualTo(202);
            assertThat(t.response.asString()).contains("\"status\":\"processing\"");
            slowest = Math.max(slowest, t.millis);
        }
        System.out.printf(
                "[figure] 6 payments on 4 worker threads, sync-wait %d ms: slowest answer after %d ms%n",
                SYNC_WAIT_MILLIS, slowest);
        assertThat(slowest).isLessThanOrEqualTo(SYNC_WAIT_MILLIS + 1500);
    }

    @Test
    void aCopyOfAnOrderBeingBookedWaitsNormallyButGets202AtOnceUnderPressure() throws Exception {
        stubSecuconnect("", 3000);
        stubSecuconnect("/bravo", 3000);
        Future<Timed> first = send(ACME, "D1");
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> Database.count("select count(*) from cash_payment where order_id = 'SO-D1'") == 1);

        // 2 in flight, not under pressure (more than 3): the copy waits for the first request, up to sync-wait
        Timed calmCopy = timedPost(ACME, "D1");
        assertThat(calmCopy.response.statusCode()).isEqualTo(202);
        assertThat(calmCopy.millis).isGreaterThan(SYNC_WAIT_MILLIS - 500);
        assertThat(first.get(20, TimeUnit.SECONDS).response.statusCode()).isEqualTo(202);

        List<Future<Timed>> bravo = List.of(send(BRAVO, "E1"), send(BRAVO, "E2"), send(BRAVO, "E3"));
        awaitInFlight(3);
        Timed pressedCopy = timedPost(ACME, "D1");
        System.out.printf(
                "[figure] copy of an order being booked, 4 of 6 in flight: 202 after %d ms%n", pressedCopy.millis);
        assertThat(pressedCopy.response.statusCode())
                .as(pressedCopy.response.asString())
                .isEqualTo(202);
        assertThat(pressedCopy.response.asString())
                .contains("\"orderId\":\"SO-D1\"")
                .contains("\"status\":\"processing\"");
        assertThat(pressedCopy.response.header("Location")).endsWith("/api/v1/merchants/acme/cash-payments/SO-D1");
        assertThat(pressedCopy.millis).isLessThan(1000);
        assertThat(CheckoutFixtures.creates()).isEqualTo(1);
        for (Future<Timed> f : bravo) {
            f.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallerThatHangsUpGivesItsPlaceBack() throws Exception {
        stubSecuconnect("/bravo", 2000);
        try (Socket socket = rawPost(BRAVO, "bravo-erp-api-key-0123456789", seedOrder("SO-H1"), true)) {
            awaitInFlight(1);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> Database.count("select count(*) from cash_payment where order_id = 'SO-H1'") == 1);
        }
        // the caller is gone; the request still ends (202 after sync-wait, written to nobody) and is counted off
        Awaitility.await().atMost(Duration.ofMillis(SYNC_WAIT_MILLIS + 3000)).until(() -> bound().inFlight() == 0);
        try (Socket socket = rawPost(BRAVO, "bravo-erp-api-key-0123456789", seedOrder("SO-H2"), false)) {
            awaitInFlight(1);
        }
        // hung up before the body was complete
        Awaitility.await().atMost(Duration.ofMillis(SYNC_WAIT_MILLIS + 3000)).until(() -> bound().inFlight() == 0);
    }

    private static void assertOverloaded(Timed timed, String detail) {
        Response r = timed.response;
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.header("Retry-After")).isEqualTo("2");
        assertThat(r.header("X-Correlation-Id")).isNotBlank();
        assertThat(r.jsonPath().getString("type")).isEqualTo("urn:erpbridge:problem:overloaded");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(503);
        assertThat(r.jsonPath().getString("title")).isEqualTo("The bridge is busy");
        assertThat(r.jsonPath().getString("detail")).contains(detail).contains("nothing was stored");
    }

    /** Both calls of a merchant's secuconnect ({@code ""}: acme, {@code "/bravo"}) answer ok after {@code delayMillis}. */
    private static void stubSecuconnect(String prefix, int delayMillis) {
        String ref = PaymentCodec.merchantRef(ACME, "SO-ANY", 1);
        wm().stubFor(post(urlEqualTo(prefix + STX_PATH))
                .willReturn(json(200, CheckoutFixtures.stxCreated(ref)).withFixedDelay(delayMillis)));
        wm().stubFor(post(urlEqualTo(prefix + START_PATH))
                .willReturn(json(200, CheckoutFixtures.stxOk(ref)).withFixedDelay(delayMillis)));
    }

    /** SO-A1..3 of acme and SO-B1..3 of bravo, sent at once; secuconnect answers each call after 2 s. */
    private static List<Future<Timed>> threeOfEachTakingFourSeconds() {
        stubSecuconnect("", 2000);
        stubSecuconnect("/bravo", 2000);
        List<Future<Timed>> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sent.add(send(ACME, "A" + i));
            sent.add(send(BRAVO, "B" + i));
        }
        return sent;
    }

    private static InFlightBound bound() {
        return Arc.container().instance(CashPaymentGate.class).get().bound();
    }

    private static void awaitInFlight(int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> bound().inFlight() == count);
    }

    private record Timed(Response response, long millis) {}

    private static Timed timedPost(String merchant, String order) {
        long start = System.nanoTime();
        Response response = postPayment(merchant, seedOrder("SO-" + order));
        return new Timed(response, (System.nanoTime() - start) / 1_000_000);
    }

    private static Future<Timed> send(String merchant, String order) {
        return CLIENTS.submit(() -> timedPost(merchant, order));
    }

    /** A POST of {@code body} to the merchant's cash payments, unsigned, the whole body or only its first half. */
    private static Socket rawPost(String merchant, String key, String body, boolean whole) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("localhost", RestAssured.port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/merchants/" + merchant + "/cash-payments HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nAuthorization: Bearer " + key + "\r\nContent-Length: "
                        + bytes.length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, whole ? bytes.length : bytes.length / 2);
        out.flush();
        return socket;
    }

    /** Status line, headers and a Content-Length body of one HTTP/1.1 response. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
