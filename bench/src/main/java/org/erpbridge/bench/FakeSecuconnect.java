package org.erpbridge.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A stateful secuconnect on loopback: WireMock (Jetty, fixed delays, faults) with one extension that keeps the
 * Smart Transactions it was asked to create, so create / start/cash / read / list-by-merchantRef behave like the
 * real platform and the harness can count what was booked: creates per merchantRef and starts per transaction.
 * It also serves a generated merchant-card list and swallows the ERP callbacks (counted per event id).
 * Faults can be planned per operation, either for every request or only for the orders whose id starts with a
 * prefix; a "lost answer" fault applies the side effect first, like a platform whose response never arrives.
 */
public final class FakeSecuconnect implements AutoCloseable {
    static final String STX = "/api/v2/Smart/Transactions";
    static final String CARDS = "/api/v2/Loyalty/MerchantCards";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the fake does to one request instead of (or after) answering normally. */
    public enum FaultKind {
        NONE, UNAVAILABLE_503, RESET, MALFORMED, EMPTY, SLOW, EXPIRED_TOKEN_403, HOLD,
        /** The request never reaches the platform: nothing happens, and a 503 comes after {@code slowMillis}. */
        LOST;

        /** Faults that hit after the platform already acted (the answer is lost). */
        boolean afterSideEffect() {
            return this == RESET || this == MALFORMED || this == EMPTY || this == SLOW || this == HOLD;
        }
    }

    public enum Op { TOKEN, CREATE, START, GET, LIST, CARDS, CALLBACK }

    /**
     * A planned fault: for requests of {@code op} whose order id starts with {@code orderPrefix} (null: all),
     * at most {@code timesPerOrder} times per order (0: always).
     */
    public record Plan(Op op, FaultKind kind, String orderPrefix, int timesPerOrder, long slowMillis) {
    }

    private final WireMockServer server;
    private final Engine engine = new Engine();

    public FakeSecuconnect(long latencyMillis, int cards, long pageDelayMillis, Path fixtures) {
        engine.latencyMillis = latencyMillis;
        engine.cards = cards;
        engine.pageDelayMillis = pageDelayMillis;
        engine.created = template(fixtures.resolve("smart-transaction-create-response-created.json"));
        engine.ok = template(fixtures.resolve("smart-transaction-start-cash-response-ok.json"));
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(160)
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(16).disableRequestJournal()
                .extensions(engine));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    private static ObjectNode template(Path file) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public void latency(long millis) {
        engine.latencyMillis = millis;
    }

    /** Changes the balance of every 100th card (1 %) for the next card listing. */
    public void nextCardGeneration() {
        engine.generation++;
    }

    public void plan(Plan plan) {
        engine.plans.add(plan);
    }

    public void clearPlans() {
        engine.plans.clear();
        engine.faultsPerOrder.clear();
    }

    /** Orders (by id prefix) for which at least one Smart Transaction exists here. */
    public long ordersWithTransactions(String orderPrefix) {
        return engine.transactions.values().stream().filter(t -> t.orderId.startsWith(orderPrefix)).map(t -> t.orderId)
                .distinct().count();
    }

    /** Orders (by id prefix) whose Smart Transaction was started (status ok). */
    public long ordersStarted(String orderPrefix) {
        return engine.transactions.values().stream().filter(t -> t.orderId.startsWith(orderPrefix))
                .filter(t -> "ok".equals(t.status)).map(t -> t.orderId).distinct().count();
    }

    public Counts counts() {
        return engine.counts();
    }

    /**
     * The first create and start/cash request of the orders whose ids start with {@code prefix-}: method, path,
     * content headers and body, to show that two clients send the same requests.
     */
    public Map<String, String> sampleRequests(String prefix) {
        Map<String, String> found = new java.util.TreeMap<>();
        engine.samples.forEach((k, v) -> {
            if (k.startsWith(prefix + " ")) {
                found.put(k.substring(prefix.length() + 1), v);
            }
        });
        return found;
    }

    /** merchantRef of every Smart Transaction that was created more than once (a double booking). */
    public Map<String, Integer> createsPerRef() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        engine.createsPerRef.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public Map<String, Integer> startsPerStx() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        engine.startsPerStx.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public Map<String, Integer> callbacksPerEvent() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        engine.callbacksPerEvent.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Forget every transaction, counter and plan (between runs on one fake). */
    public void reset() {
        engine.transactions.clear();
        engine.createsPerRef.clear();
        engine.startsPerStx.clear();
        engine.callbacksPerEvent.clear();
        engine.counters.values().forEach(c -> c.set(0));
        clearPlans();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Requests seen per operation; creates and starts that booked something; duplicates among them. */
    public record Counts(Map<Op, Long> requests, int transactions, long ordersBooked, long ordersBookedTwice,
            long doubleCreates, long doubleStarts, long callbacks, long duplicateCallbacks) {
    }

    private static final class Stx {
        final String id;
        final String merchantRef;
        final String orderId;
        final String card;
        volatile String status = "created";

        Stx(String id, String merchantRef, String orderId, String card) {
            this.id = id;
            this.merchantRef = merchantRef;
            this.orderId = orderId;
            this.card = card;
        }
    }

    private static final class Engine implements ResponseDefinitionTransformerV2 {
        volatile long latencyMillis;
        volatile int cards;
        volatile long pageDelayMillis;
        /** Bumped between syncs: every 100th card's cash balance then differs from the previous sync. */
        volatile int generation;
        ObjectNode created;
        ObjectNode ok;
        final List<Plan> plans = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> faultsPerOrder = new ConcurrentHashMap<>();
        final Map<String, Stx> transactions = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> createsPerRef = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> startsPerStx = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> callbacksPerEvent = new ConcurrentHashMap<>();
        final Map<Op, AtomicLong> counters = new ConcurrentHashMap<>();
        final AtomicLong ids = new AtomicLong();
        /** The first create and start/cash request seen per order-id prefix (up to the first '-'): body and headers. */
        final Map<String, String> samples = new ConcurrentHashMap<>();

        void sample(String kind, String orderId, Request request) {
            if (orderId != null && orderId.indexOf('-') > 0) {
                String key = orderId.substring(0, orderId.indexOf('-')) + " " + kind;
                samples.computeIfAbsent(key, k -> request.getMethod().getName() + " " + request.getUrl().replaceAll(
                        "STX_BENCH[0-9]+", "{id}") + "\nContent-Type: " + request.getHeader("Content-Type")
                        + "\nAccept: " + request.getHeader("Accept") + "\nAuthorization: "
                        + (request.containsHeader("Authorization") ? request.getHeader("Authorization")
                                .replaceAll("[0-9]+$", "<n>") : null) + "\n\n" + request.getBodyAsString());
            }
        }

        Engine() {
            for (Op op : Op.values()) {
                counters.put(op, new AtomicLong());
            }
        }

        @Override
        public String getName() {
            return "stateful-secuconnect";
        }

        Counts counts() {
            Map<Op, Long> requests = new java.util.EnumMap<>(Op.class);
            counters.forEach((k, v) -> requests.put(k, v.get()));
            long doubleCreates = createsPerRef.values().stream().filter(c -> c.get() > 1).count();
            long doubleStarts = startsPerStx.values().stream().filter(c -> c.get() > 1).count();
            long callbacks = callbacksPerEvent.values().stream().mapToLong(AtomicInteger::get).sum();
            long dupCallbacks = callbacksPerEvent.values().stream().filter(c -> c.get() > 1).count();
            Map<String, Long> okPerOrder = transactions.values().stream().filter(t -> "ok".equals(t.status))
                    .collect(java.util.stream.Collectors.groupingBy(t -> t.orderId, java.util.stream.Collectors.counting()));
            long bookedTwice = okPerOrder.values().stream().filter(c -> c > 1).count();
            return new Counts(requests, transactions.size(), okPerOrder.size(), bookedTwice, doubleCreates, doubleStarts,
                    callbacks, dupCallbacks);
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String path = request.getUrl();
            int q = path.indexOf('?');
            String query = q < 0 ? "" : path.substring(q + 1);
            path = q < 0 ? path : path.substring(0, q);
            String method = request.getMethod().getName();
            try {
                if (path.endsWith("/oauth/token")) {
                    return answer(Op.TOKEN, null, () -> json(200, "{\"access_token\":\"bench-token-"
                            + ids.incrementAndGet() + "\",\"expires_in\":1200,\"token_type\":\"bearer\"}"));
                }
                if (path.startsWith("/erp/")) {
                    counters.get(Op.CALLBACK).incrementAndGet();
                    JsonNode callback = JSON.readTree(request.getBodyAsString());
                    String id = callback.path("id").asText("?");
                    callbacksPerEvent.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    return fault(Op.CALLBACK, callback.path("data").path("orderId").asText(null),
                            aResponse().withStatus(204));
                }
                if (path.equals(CARDS) && method.equals("GET")) {
                    counters.get(Op.CARDS).incrementAndGet();
                    return cardsPage(query);
                }
                if (path.equals(STX) && method.equals("POST")) {
                    JsonNode body = JSON.readTree(request.getBodyAsString());
                    String ref = body.path("merchantRef").asText();
                    String order = body.path("transactionRef").asText();
                    sample("create", order, request);
                    return answer(Op.CREATE, order, () -> {
                        createsPerRef.computeIfAbsent(ref, k -> new AtomicInteger()).incrementAndGet();
                        Stx stx = new Stx("STX_BENCH" + ids.incrementAndGet(), ref, order,
                                body.path("idents").path(0).path("value").asText(null));
                        transactions.put(stx.id, stx);
                        return json(200, render(created, stx));
                    });
                }
                if (path.equals(STX) && method.equals("GET")) {
                    String ref = refFromQuery(query);
                    String order = transactions.values().stream().filter(t -> t.merchantRef.equals(ref))
                            .map(t -> t.orderId).findFirst().orElse(null);
                    return answer(Op.LIST, order, () -> {
                        ObjectNode page = JSON.createObjectNode();
                        ArrayNode data = page.putArray("data");
                        for (Stx t : transactions.values()) {
                            if (t.merchantRef.equals(ref)) {
                                data.add(JSON.readTree(readJson(t)));
                            }
                        }
                        page.put("count", data.size());
                        return json(200, page.toString());
                    });
                }
                if (path.startsWith(STX + "/")) {
                    String[] parts = path.substring(STX.length() + 1).split("/");
                    Stx stx = transactions.get(parts[0]);
                    String ref = stx == null ? null : stx.orderId;
                    if (stx == null) {
                        return json(404, "{\"status\":\"error\",\"error\":\"ProductNotFoundException\","
                                + "\"error_details\":\"unknown\",\"code\":404,\"supportId\":\"bench\"}").build();
                    }
                    if (method.equals("POST") && parts.length == 3 && parts[1].equals("start")) {
                        sample("start", ref, request);
                        return answer(Op.START, ref, () -> {
                            startsPerStx.computeIfAbsent(stx.id, k -> new AtomicInteger()).incrementAndGet();
                            stx.status = "ok";
                            return json(200, render(ok, stx));
                        });
                    }
                    if (method.equals("GET") && parts.length == 1) {
                        return answer(Op.GET, ref, () -> json(200, readJson(stx)));
                    }
                }
                return json(404, "{\"status\":\"error\",\"error\":\"NotFound\",\"code\":404}").build();
            } catch (IOException e) {
                return json(400, "{\"status\":\"error\",\"error\":\"BadRequest\",\"code\":400}").build();
            }
        }

        private String readJson(Stx stx) {
            return render("ok".equals(stx.status) ? ok : created, stx);
        }

        private static String render(ObjectNode template, Stx stx) {
            ObjectNode node = template.deepCopy();
            node.put("id", stx.id);
            node.put("merchantRef", stx.merchantRef);
            node.put("status", stx.status);
            JsonNode ident = node.path("idents").path(0);
            if (stx.card != null && ident instanceof ObjectNode identNode) { // the customer's own card answers
                identNode.put("value", stx.card);
                JsonNode card = identNode.path("merchantcard").path("card");
                if (card instanceof ObjectNode cardNode) {
                    cardNode.put("cardnumber", stx.card);
                }
                if (identNode.path("merchantcard") instanceof ObjectNode mc) {
                    mc.put("id", "MCD_" + stx.card);
                }
            }
            return node.toString();
        }

        private interface Action {
            ResponseDefinitionBuilder run() throws IOException;
        }

        /** Applies the planned fault for this operation/order around the normal action, plus the latency. */
        private ResponseDefinition answer(Op op, String orderId, Action action) throws IOException {
            counters.get(op).incrementAndGet();
            Plan plan = matching(op, orderId);
            FaultKind kind = plan == null ? FaultKind.NONE : plan.kind();
            if (kind == FaultKind.NONE || kind.afterSideEffect()) {
                ResponseDefinitionBuilder normal = action.run();
                if (kind == FaultKind.NONE) {
                    return delayed(normal, latencyMillis);
                }
                return switch (kind) {
                    case RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
                    case MALFORMED -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK).build();
                    case EMPTY -> aResponse().withFault(Fault.EMPTY_RESPONSE).build();
                    default -> delayed(normal, plan.slowMillis()); // SLOW and HOLD: the answer comes too late
                };
            }
            return switch (kind) {
                case UNAVAILABLE_503 -> delayed(json(503, "{\"status\":\"error\",\"error\":\"ProductInternalException\","
                        + "\"error_details\":\"maintenance\",\"code\":1001,\"supportId\":\"bench-503\"}"), latencyMillis);
                case LOST -> delayed(json(503, "{\"status\":\"error\",\"error\":\"ProductInternalException\","
                        + "\"error_details\":\"lost\",\"code\":1001,\"supportId\":\"bench-lost\"}"), plan.slowMillis());
                case EXPIRED_TOKEN_403 -> delayed(json(403, "{\"status\":\"error\",\"error\":\"ProductNotAllowedException\","
                        + "\"error_details\":\"Valid auth token required\",\"code\":2003,\"supportId\":\"bench-2003\"}"),
                        latencyMillis);
                default -> throw new IllegalStateException(kind.name());
            };
        }

        private ResponseDefinition fault(Op op, String orderId, ResponseDefinitionBuilder normal) {
            Plan plan = matching(op, orderId);
            if (plan != null && (plan.kind() == FaultKind.HOLD || plan.kind() == FaultKind.SLOW)) {
                return delayed(normal, plan.slowMillis());
            }
            return normal.build();
        }

        /** The first plan for this operation whose order prefix matches and whose per-order budget is not used up. */
        private Plan matching(Op op, String orderId) {
            for (Plan plan : plans) {
                if (plan.op() != op) {
                    continue;
                }
                String prefix = plan.orderPrefix();
                if (prefix != null && (orderId == null || !orderId.startsWith(prefix))) {
                    continue;
                }
                if (plan.timesPerOrder() <= 0) {
                    return plan;
                }
                String key = op + "|" + plan.kind() + "|" + (orderId == null ? "*" : orderId);
                if (faultsPerOrder.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= plan.timesPerOrder()) {
                    return plan;
                }
            }
            return null;
        }

        private static ResponseDefinition delayed(ResponseDefinitionBuilder builder, long millis) {
            if (millis > 0) {
                builder.withFixedDelay((int) millis);
            }
            return builder.build();
        }

        private static ResponseDefinitionBuilder json(int status, String body) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        }

        private static String refFromQuery(String query) {
            for (String pair : query.split("&")) {
                String decoded = URLDecoder.decode(pair, StandardCharsets.UTF_8);
                if (decoded.startsWith("q=")) {
                    String q = decoded.substring(2);
                    int colon = q.indexOf(':');
                    return q.substring(colon + 1).replace("\"", "");
                }
            }
            return "";
        }

        /** Generated cards, sorted by id, {@code count} per page from {@code offset}; each page costs the page delay. */
        private ResponseDefinition cardsPage(String query) {
            int offset = 0;
            int count = 100;
            for (String pair : query.split("&")) {
                if (pair.startsWith("offset=")) {
                    offset = Integer.parseInt(pair.substring(7));
                } else if (pair.startsWith("count=")) {
                    count = Integer.parseInt(pair.substring(6));
                }
            }
            int total = cards;
            StringBuilder body = new StringBuilder(count * 330 + 40);
            body.append("{\"count\":").append(total).append(",\"data\":[");
            for (int i = offset; i < Math.min(total, offset + count); i++) {
                if (i > offset) {
                    body.append(',');
                }
                long cash = 100L * (i % 50) + (i % 100 == 0 ? generation : 0);
                long bonus = 10L * (i % 7);
                body.append(String.format("{\"id\":\"MCD_BENCH%09d\",\"card\":{\"cardnumber\":\"9276%012d\"},"
                        + "\"balance\":%d,\"cash_balance\":%d,\"bonus_balance\":%d,\"points\":%d,"
                        + "\"lock_status\":\"unlocked\",\"stock_status\":\"active\","
                        + "\"last_usage\":\"2026-11-01T10:00:00+01:00\",\"last_charge\":\"2026-10-01T12:00:00+02:00\","
                        + "\"expiry_date\":null}", i, i, cash + bonus, cash, bonus, i % 100));
            }
            body.append("]}");
            return delayed(json(200, body.toString()), pageDelayMillis);
        }
    }
}
