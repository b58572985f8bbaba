package org.erpbridge.checkout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.erpbridge.erp.CorrelationFilter;
import org.erpbridge.erp.Signatures;
import org.erpbridge.merchant.Secret;
import org.erpbridge.merchant.SignatureScheme;
import org.erpbridge.testing.PackagedApp;
import org.erpbridge.testing.PostgresServer;
import org.erpbridge.testing.SecuconnectStubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.CheckoutFixtures.CARD;
import static org.erpbridge.testing.SecuconnectStubs.STX_ID;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;

/**
 * SIGTERM to the packaged application while ten payments are in flight (JSON logs, as in production): requests in
 * flight are answered, payments running in the background get {@code shutdown-wait} to finish, the ones still
 * waiting for secuconnect then are interrupted and stay START_PENDING with their Smart Transaction id; nothing is
 * half-written. Started again on the same database, recovery completes them without a second create or start.
 */
class GracefulShutdownIT {
    private static final String MERCHANT = "shop";
    private static final String API_KEY = "shop-erp-api-key-0123456789";
    private static final String SIGNING_SECRET = "shop-signing-secret-0123456789";
    /** start/cash delays: answered before the HTTP drain ends, during the executor drain, or never in time. */
    private static final Duration QUICK = Duration.ofSeconds(2);

    private static final Duration MEDIUM = Duration.ofSeconds(7);
    private static final Duration SLOW = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Order(String id, String stx, Duration startDelay) {
        String merchantRef() {
            return PaymentCodec.merchantRef(MERCHANT, id, 1);
        }
    }

    @Test
    void paymentsInFlightFinishOrAreLeftForRecoveryAndAllEndCompleted() throws Exception {
        List<Order> orders = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Duration delay = i <= 4 ? QUICK : i <= 7 ? MEDIUM : SLOW;
            orders.add(new Order("GS-" + i, "STX_GRACEFULSHUTDOWN" + "ABCDEFGHIJ".charAt(i - 1) + i, delay));
        }
        String jdbcUrl = PostgresServer.createDatabase("bridge_shutdown_it");
        WireMockServer secuconnect =
                new WireMockServer(wireMockConfig().dynamicPort().containerThreads(40));
        Path workDir = PackagedApp.workDir("graceful-shutdown-it");
        long began = System.nanoTime();
        PackagedApp first = null;
        PackagedApp second = null;
        try {
            secuconnect.start();
            stub(secuconnect, orders);
            List<String> settings = settings(secuconnect.baseUrl());

            first = PackagedApp.start("first", workDir, jdbcUrl, settings);
            first.awaitReady(Duration.ofSeconds(60));
            Map<String, CompletableFuture<Integer>> answers = sendAll(first, orders);
            awaitAllCreated(jdbcUrl, orders.size());
            long sigterm = System.nanoTime();
            first.terminate(Duration.ofSeconds(40));
            long exitedAfter = Duration.ofNanos(System.nanoTime() - sigterm).toMillis();
            Map<String, Integer> status = new LinkedHashMap<>();
            answers.forEach((order, answer) -> status.put(order, answer.join()));
            Map<String, Map<String, Object>> afterStop = payments(jdbcUrl);

            System.out.printf(
                    "GracefulShutdownIT: answers %s; exit %d ms after SIGTERM; states %s%n",
                    status,
                    exitedAfter,
                    afterStop.values().stream()
                            .map(r -> r.get("order_id") + "=" + r.get("state"))
                            .toList());
            for (Order o : orders) {
                Map<String, Object> row = afterStop.get(o.id());
                if (o.startDelay() == QUICK) {
                    assertThat(status.get(o.id()))
                            .as("in flight at SIGTERM, answered " + o.id())
                            .isEqualTo(200);
                }
                if (status.get(o.id()) == 200) {
                    assertThat(row.get("state")).as(o.id() + " answered 200").isEqualTo("COMPLETED");
                } else {
                    assertThat(status.get(o.id())).as(o.id()).isEqualTo(202);
                }
                if (o.startDelay() == MEDIUM) {
                    assertThat(row.get("state"))
                            .as("finished during the shutdown wait: " + o.id())
                            .isEqualTo("COMPLETED");
                }
                if (o.startDelay() == SLOW) {
                    assertThat(row.get("state"))
                            .as("interrupted, left for recovery: " + o.id())
                            .isEqualTo("START_PENDING");
                }
                assertConsistent(jdbcUrl, row);
            }
            assertThat(String.join("\n", first.logLines())).contains("3 cash payments still being processed");

            second = PackagedApp.start("second", workDir, jdbcUrl, settings);
            second.awaitReady(Duration.ofSeconds(60));
            Map<String, Map<String, Object>> recovered = awaitAllCompleted(jdbcUrl, Duration.ofSeconds(40));
            second.terminate(Duration.ofSeconds(30));

            for (Order o : orders) {
                assertConsistent(jdbcUrl, recovered.get(o.id()));
                assertThat(secuconnect
                                .countRequestsMatching(postRequestedFor(urlEqualTo(STX_PATH))
                                        .withRequestBody(matchingJsonPath("$.transactionRef", equalTo(o.id())))
                                        .build())
                                .getCount())
                        .as("creates of " + o.id())
                        .isEqualTo(1);
                assertThat(secuconnect
                                .countRequestsMatching(postRequestedFor(urlEqualTo(startPath(o)))
                                        .build())
                                .getCount())
                        .as("starts of " + o.id())
                        .isEqualTo(1);
            }
            assertThat(secuconnect
                            .countRequestsMatching(getRequestedFor(urlPathMatching(STX_PATH + "/.*"))
                                    .build())
                            .getCount())
                    .as("recovery read the interrupted ones")
                    .isGreaterThanOrEqualTo(3);
            assertThat(PostgresServer.query(
                                    jdbcUrl,
                                    "select count(*) as n from outbox_event where merchant = 'shop' "
                                            + "and type = 'cash-payment.completed'")
                            .get(0)
                            .get("n"))
                    .as("one completed event per order")
                    .isEqualTo(10L);
            assertJsonLogs(first, second, orders);
            System.out.printf(
                    "GracefulShutdownIT: all %d completed after a restart, %d s in all%n",
                    orders.size(), Duration.ofNanos(System.nanoTime() - began).toSeconds());
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            secuconnect.stop();
            PostgresServer.dropDatabase(jdbcUrl);
        }
    }

    private static List<String> settings(String secuconnectUrl) {
        String m = "bridge.merchants." + MERCHANT + ".";
        return List.of(
                m + "currency=EUR",
                m + "secuconnect.base-url=" + secuconnectUrl,
                m + "secuconnect.client-id=shop-client",
                m + "secuconnect.client-secret=shop-client-secret",
                // the slow start (45 s) is still waiting at SIGTERM; the lease must hold a token fetch and one call
                m + "secuconnect.connect-timeout=1s",
                m + "secuconnect.read-timeout=10s",
                m + "erp.api-key=" + API_KEY,
                m + "erp.signing-secret=" + SIGNING_SECRET,
                m + "erp.callback-url=" + secuconnectUrl + "/erp/shop/events",
                "bridge.checkout.sync-wait=5s",
                "bridge.checkout.shutdown-wait=4s",
                // leases outlast the first process, so only the second one's recovery takes the interrupted payments
                "bridge.checkout.settle-time=1s",
                "bridge.checkout.recovery-grace=25s",
                "bridge.checkout.recovery-interval=1s",
                "bridge.outbox.poll-interval=1s");
    }

    private static void stub(WireMockServer wm, List<Order> orders) {
        SecuconnectStubs.stubToken(wm, "", "shop-token");
        wm.stubFor(post(urlPathMatching("/erp/.*")).willReturn(aResponse().withStatus(204)));
        for (Order o : orders) {
            String created = CheckoutFixtures.stxCreated(o.merchantRef()).replace(STX_ID, o.stx());
            String ok = CheckoutFixtures.stxOk(o.merchantRef()).replace(STX_ID, o.stx());
            wm.stubFor(post(urlEqualTo(STX_PATH))
                    .withRequestBody(matchingJsonPath("$.transactionRef", equalTo(o.id())))
                    .willReturn(SecuconnectStubs.json(200, created)));
            wm.stubFor(post(urlEqualTo(startPath(o)))
                    .willReturn(SecuconnectStubs.json(200, ok)
                            .withFixedDelay((int) o.startDelay().toMillis())));
            wm.stubFor(get(urlEqualTo(STX_PATH + "/" + o.stx())).willReturn(SecuconnectStubs.json(200, ok)));
        }
    }

    private static String startPath(Order o) {
        return STX_PATH + "/" + o.stx() + "/start/cash";
    }

    private static Map<String, CompletableFuture<Integer>> sendAll(PackagedApp app, List<Order> orders) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        Map<String, CompletableFuture<Integer>> answers = new LinkedHashMap<>();
        for (Order o : orders) {
            byte[] body = CheckoutFixtures.seedOrder(o.id()).getBytes(StandardCharsets.UTF_8);
            long now = System.currentTimeMillis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(app.baseUrl() + "/api/v1/merchants/" + MERCHANT + "/cash-payments"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + API_KEY)
                    .header(Signatures.TIMESTAMP_HEADER, Long.toString(now))
                    .header(
                            Signatures.SIGNATURE_HEADER,
                            Signatures.header(
                                    new Secret(SIGNING_SECRET),
                                    Set.of(SignatureScheme.V2),
                                    new Signatures.Signed(
                                            now, "POST", "/api/v1/merchants/" + MERCHANT + "/cash-payments", body)))
                    .header(CorrelationFilter.HEADER, "it-" + o.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            answers.put(
                    o.id(),
                    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                            .thenApply(HttpResponse::statusCode)
                            .exceptionally(e -> -1));
        }
        return answers;
    }

    /** All rows exist and carry their Smart Transaction id: every payment is in flight at secuconnect's start/cash. */
    private static void awaitAllCreated(String jdbcUrl, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            long created = (Long) PostgresServer.query(
                            jdbcUrl,
                            "select count(*) as n from cash_payment " + "where smart_transaction_id is not null")
                    .get(0)
                    .get("n");
            if (created == count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the payments did not all reach secuconnect within 20 s");
    }

    private static Map<String, Map<String, Object>> awaitAllCompleted(String jdbcUrl, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Map<String, Object>> rows = payments(jdbcUrl);
        while (System.nanoTime() < deadline) {
            rows = payments(jdbcUrl);
            if (rows.values().stream().allMatch(r -> "COMPLETED".equals(r.get("state")))) {
                return rows;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not all payments completed after the restart: "
                + rows.values().stream()
                        .map(r -> r.get("order_id") + "=" + r.get("state"))
                        .toList());
    }

    private static Map<String, Map<String, Object>> payments(String jdbcUrl) throws Exception {
        return PostgresServer.query(
                        jdbcUrl,
                        "select p.order_id, p.state, p.smart_transaction_id, p.loyalty_transaction_id, "
                                + "p.completed_at, p.lease_until, a.outcome, a.smart_transaction_id as attempt_stx, "
                                + "(select count(*) from cash_payment_attempt x where x.merchant = p.merchant and x.payment_id = p.id) as attempts, "
                                + "(case when p.receipt_json is null or p.receipt_json = '[]' then 0 else 1 end) as receipt, "
                                + "(select count(*) from outbox_event e where e.merchant = p.merchant and e.type = 'cash-payment.completed' "
                                + "and e.payload like '%\"' || p.order_id || '\"%') as events "
                                + "from cash_payment p join cash_payment_attempt a on a.merchant = p.merchant and a.payment_id = p.id "
                                + "and a.attempt = p.attempt where p.merchant = 'shop' order by p.id")
                .stream()
                .collect(Collectors.toMap(r -> (String) r.get("order_id"), r -> r, (a, b) -> a, LinkedHashMap::new));
    }

    /** A row is whole: its fields match its state, and its attempt row agrees. */
    private static void assertConsistent(String jdbcUrl, Map<String, Object> row) {
        String order = (String) row.get("order_id");
        String state = (String) row.get("state");
        assertThat(row.get("attempts")).as("attempts of " + order).isEqualTo(1L);
        // the attempt row is written when a booking starts and when it ends, not at each step in between
        if (PaymentState.valueOf(state).inFlight()) {
            assertThat(PaymentState.valueOf((String) row.get("outcome")).inFlight())
                    .as("attempt of " + order)
                    .isTrue();
        } else {
            assertThat(row.get("outcome")).as("attempt outcome of " + order).isEqualTo(state);
        }
        assertThat(row.get("lease_until")).as("lease of " + order).isNotNull();
        switch (state) {
            case "COMPLETED" -> {
                assertThat(row.get("smart_transaction_id"))
                        .as(order)
                        .isNotNull()
                        .isEqualTo(row.get("attempt_stx"));
                assertThat(row.get("loyalty_transaction_id")).as(order).isNotNull();
                assertThat(row.get("completed_at")).as(order).isNotNull();
                assertThat(((Number) row.get("receipt")).longValue())
                        .as("receipt of " + order)
                        .isPositive();
                assertThat(row.get("events")).as("completed events of " + order).isEqualTo(1L);
            }
            case "CREATED", "START_PENDING" -> {
                assertThat(row.get("smart_transaction_id")).as(order).isNotNull();
                assertThat(row.get("completed_at")).as(order).isNull();
                assertThat(((Number) row.get("receipt")).longValue()).as(order).isZero();
                assertThat(row.get("events")).as(order).isEqualTo(0L);
            }
            case "RECEIVED", "CREATE_PENDING" -> {
                assertThat(row.get("smart_transaction_id")).as(order).isNull();
                assertThat(row.get("events")).as(order).isEqualTo(0L);
            }
            default -> throw new AssertionError(order + " is " + state + ": neither completed nor left for recovery");
        }
    }

    /** Production log format: JSON lines whose mdc names the payment; no full card number anywhere. */
    private static void assertJsonLogs(PackagedApp first, PackagedApp second, List<Order> orders) throws Exception {
        List<String> lines = new ArrayList<>(first.logLines());
        lines.addAll(second.logLines());
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(CARD));
        Map<String, JsonNode> completedLines = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                JsonNode json = JSON.readTree(line);
                if (json.path("message").asText().startsWith("Cash payment completed")) {
                    completedLines.put(json.path("mdc").path("orderId").asText(), json);
                }
            }
        }
        assertThat(completedLines.keySet())
                .as("completed lines by the mdc's orderId")
                .containsExactlyInAnyOrderElementsOf(
                        orders.stream().map(Order::id).toList());
        for (Order o : orders) {
            JsonNode mdc = completedLines.get(o.id()).path("mdc");
            assertThat(mdc.path("merchant").asText()).isEqualTo(MERCHANT);
            assertThat(mdc.path("stx").asText()).isEqualTo(o.stx());
            String correlationId = mdc.path("correlationId").asText();
            if (o.startDelay() == SLOW) {
                assertThat(correlationId)
                        .as("completed by recovery under an id of its own")
                        .isNotBlank()
                        .isNotEqualTo("it-" + o.id());
            } else {
                assertThat(correlationId)
                        .as("the ERP's correlation id, carried to the worker")
                        .isEqualTo("it-" + o.id());
            }
        }
    }
}
