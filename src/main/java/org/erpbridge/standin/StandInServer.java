package org.erpbridge.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URLDecoder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.erpbridge.standin.StandInFaults.FaultKind;
import org.erpbridge.standin.StandInFaults.Op;
import org.erpbridge.standin.StandInFaults.Plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@link SecuconnectStandIn} over HTTP on loopback (the JDK's server, no framework), for the benchmarks and the
 * packaged application's tests: one latency for every answer (card pages their own), planned faults
 * ({@link StandInFaults}), request counts per operation, and the ERP's callback endpoint ({@code /erp/...},
 * counted per event id). Delays never hold a thread: late answers are written by a timer. Run it as a process with
 * {@code java -cp <bridge classes + Jackson> org.erpbridge.standin.StandInServer [port] [latency-ms] [cards]}.
 */
public final class StandInServer implements AutoCloseable {
    public static final String STX = "/api/v2/Smart/Transactions";
    public static final String CARDS = "/api/v2/Loyalty/MerchantCards";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPPORT_ID = "standin";

    static {
        // the JDK server keeps Nagle's algorithm on unless told: an answer written as headers then body waits for
        // the client's delayed ACK (~40 ms), measured 58 ms per sequential create instead of 5 ms
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SecuconnectStandIn standIn = new SecuconnectStandIn(JSON, 0);
    private final StandInFaults faults = new StandInFaults();
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(16, daemon("standin-worker"));
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, daemon("standin-timer"));
    private final Map<Op, AtomicLong> requests = new EnumMap<>(Op.class);
    private final AtomicLong cardListings = new AtomicLong();
    private final Map<String, AtomicInteger> callbacksPerEvent = new ConcurrentHashMap<>();
    /** The first create and start/cash request per order-id prefix (up to the first '-'). */
    private final Map<String, String> samples = new ConcurrentHashMap<>();

    private volatile long latencyMillis;
    private volatile long pageDelayMillis;

    /** Listens on 127.0.0.1 ({@code port} 0: a free one); the card listing serves {@code cards} cards. */
    public StandInServer(int port, long latencyMillis, int cards, long pageDelayMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        this.pageDelayMillis = pageDelayMillis;
        standIn.cards().pool(cards);
        for (Op op : Op.values()) {
            requests.put(op, new AtomicLong());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int cards = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        StandInServer server = new StandInServer(port, latency, cards, latency);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("secuconnect stand-in listening on " + server.baseUrl());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public SecuconnectStandIn standIn() {
        return standIn;
    }

    public void latency(long millis) {
        latencyMillis = millis;
    }

    public void plan(Plan plan) {
        faults.plan(plan);
    }

    public void clearPlans() {
        faults.clear();
    }

    public long requests(Op op) {
        return requests.get(op).get();
    }

    /** Card listings begun: requests for the first page (offset 0), one per card sync run. */
    public long cardListings() {
        return cardListings.get();
    }

    public Map<Op, Long> requests() {
        Map<Op, Long> copy = new EnumMap<>(Op.class);
        requests.forEach((op, n) -> copy.put(op, n.get()));
        return copy;
    }

    public Map<String, Integer> callbacksPerEvent() {
        Map<String, Integer> copy = new TreeMap<>();
        callbacksPerEvent.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** The first create and start/cash request of the orders whose ids start with {@code prefix-}. */
    public Map<String, String> sampleRequests(String prefix) {
        Map<String, String> found = new TreeMap<>();
        samples.forEach((k, v) -> {
            if (k.startsWith(prefix + " ")) {
                found.put(k.substring(prefix.length() + 1), v);
            }
        });
        return found;
    }

    /** Requests per operation, what was booked, and callbacks (all and those delivered more than once). */
    public Counts counts() {
        SecuconnectStandIn.Bookings booked = standIn.bookings();
        long callbacks = callbacksPerEvent.values().stream()
                .mapToLong(AtomicInteger::get)
                .sum();
        long duplicates =
                callbacksPerEvent.values().stream().filter(c -> c.get() > 1).count();
        return new Counts(
                requests(),
                booked.transactions(),
                booked.ordersBooked(),
                booked.ordersBookedTwice(),
                booked.doubleCreates(),
                booked.doubleStarts(),
                callbacks,
                duplicates);
    }

    public record Counts(
            Map<Op, Long> requests,
            int transactions,
            long ordersBooked,
            long ordersBookedTwice,
            long doubleCreates,
            long doubleStarts,
            long callbacks,
            long duplicateCallbacks) {}

    /** Forgets every transaction, count and plan (between runs on one stand-in). */
    public void reset() {
        standIn.reset();
        callbacksPerEvent.clear();
        requests.values().forEach(c -> c.set(0));
        cardListings.set(0);
        clearPlans();
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** A status and JSON body (null: none). */
    private record Answer(int status, byte[] body) {
        static Answer of(int status, JsonNode body) {
            try {
                return new Answer(status, body == null ? null : JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            route(exchange, body);
        } catch (StandInError e) {
            write(exchange, Answer.of(e.httpStatus(), e.body(JSON, SUPPORT_ID)));
        } catch (RuntimeException | IOException e) {
            write(
                    exchange,
                    Answer.of(
                            500, JSON.createObjectNode().put("status", "error").put("error", e.toString())));
        }
    }

    private void route(HttpExchange exchange, byte[] body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        boolean post = "POST".equals(exchange.getRequestMethod());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (path.endsWith("/oauth/token")) {
            serve(exchange, Op.TOKEN, null, () -> standIn.token());
        } else if (path.startsWith("/erp/")) {
            callback(exchange, body);
        } else if (path.equals(CARDS) && !post) {
            if (integer(query.get("offset")) == null || integer(query.get("offset")) == 0) {
                cardListings.incrementAndGet();
            }
            serve(
                    exchange,
                    Op.CARDS,
                    null,
                    authorized(
                            auth,
                            () -> standIn.merchantCards(
                                    query.get("q"), integer(query.get("count")), integer(query.get("offset")))));
        } else if (path.startsWith(CARDS + "/") && path.endsWith("/validateMerchantcard") && post) {
            JsonNode request = read(body);
            serve(
                    exchange,
                    Op.GET,
                    null,
                    authorized(
                            auth,
                            () -> standIn.validate(request.path("cardnumber").asText())));
        } else if (path.startsWith(CARDS + "/") && !post) {
            serve(
                    exchange,
                    Op.GET,
                    null,
                    authorized(auth, () -> standIn.merchantCard(path.substring(CARDS.length() + 1))));
        } else if (path.equals(STX) && post) {
            JsonNode request = read(body);
            String order = request.path("transactionRef").asText(null);
            sample("create", order, exchange, body);
            serve(exchange, Op.CREATE, order, authorized(auth, () -> standIn.create(request)));
        } else if (path.equals(STX)) {
            String q = query.get("q");
            serve(
                    exchange,
                    Op.LIST,
                    orderOfList(q),
                    authorized(auth, () -> standIn.list(q, integer(query.get("count")), integer(query.get("offset")))));
        } else if (path.startsWith(STX + "/")) {
            smartTransaction(exchange, path.substring(STX.length() + 1).split("/"), post, auth, body);
        } else if (path.startsWith("/api/v2/Loyalty/Transactions/") && !post) {
            String id = path.substring("/api/v2/Loyalty/Transactions/".length());
            serve(exchange, Op.GET, null, authorized(auth, () -> standIn.loyaltyTransaction(id)));
        } else {
            write(exchange, Answer.of(404, StandInError.notFound(path).body(JSON, SUPPORT_ID)));
        }
    }

    private void smartTransaction(HttpExchange exchange, String[] parts, boolean post, String auth, byte[] body) {
        String id = parts[0];
        String order = orderOf(id);
        if (post && parts.length == 3 && parts[1].equals("start")) {
            sample("start", order, exchange, body);
            serve(exchange, Op.START, order, authorized(auth, () -> standIn.start(id, parts[2])));
        } else if (post && parts.length == 2 && parts[1].equals("cancel")) {
            serve(exchange, Op.GET, order, authorized(auth, () -> standIn.cancel(id)));
        } else if (!post && parts.length == 1) {
            serve(exchange, Op.GET, order, authorized(auth, () -> standIn.get(id)));
        } else {
            write(exchange, Answer.of(404, StandInError.notFound(id).body(JSON, SUPPORT_ID)));
        }
    }

    /** The order a Smart Transaction belongs to, for faults planned per order (null when unknown). */
    private String orderOf(String stxId) {
        try {
            return standIn.get(stxId).path("transactionRef").asText(null);
        } catch (StandInError e) {
            return null;
        }
    }

    private String orderOfList(String q) {
        try {
            return standIn.list(q, 1, 0)
                    .path("data")
                    .path(0)
                    .path("transactionRef")
                    .asText(null);
        } catch (StandInError e) {
            return null;
        }
    }

    private static Supplier<ObjectNode> authorized(String authorization, Supplier<ObjectNode> action) {
        return () -> {
            if (!SecuconnectStandIn.authorized(authorization)) {
                throw StandInError.tokenRequired();
            }
            return action.get();
        };
    }

    /** Applies the planned fault for this operation and order around the normal answer, plus the latency. */
    private void serve(HttpExchange exchange, Op op, String orderId, Supplier<ObjectNode> action) {
        requests.get(op).incrementAndGet();
        Plan plan = faults.matching(op, orderId);
        FaultKind kind = plan == null ? FaultKind.NONE : plan.kind();
        long latency = op == Op.CARDS ? pageDelayMillis : latencyMillis;
        if (kind == FaultKind.NONE || kind.afterSideEffect()) {
            Answer normal = run(action);
            switch (kind) {
                case NONE -> later(latency, () -> write(exchange, normal));
                case RESET -> later(latency, () -> reset(exchange));
                case EMPTY -> later(latency, exchange::close);
                case MALFORMED -> later(latency, () -> truncated(exchange, normal));
                default -> later(plan.slowMillis(), () -> write(exchange, normal)); // SLOW, HOLD: too late
            }
            return;
        }
        switch (kind) {
            case UNAVAILABLE_503 ->
                later(latency, () -> write(exchange, error(503, "ProductInternalException", 1001, "maintenance")));
            case LOST ->
                later(plan.slowMillis(), () -> write(exchange, error(503, "ProductInternalException", 1001, "lost")));
            case EXPIRED_TOKEN_403 ->
                later(
                        latency,
                        () -> write(
                                exchange,
                                Answer.of(403, StandInError.tokenRequired().body(JSON, SUPPORT_ID))));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static Answer run(Supplier<ObjectNode> action) {
        try {
            return Answer.of(200, action.get());
        } catch (StandInError e) {
            return Answer.of(e.httpStatus(), e.body(JSON, SUPPORT_ID));
        }
    }

    private static Answer error(int status, String error, int code, String details) {
        return Answer.of(status, new StandInError(status, error, code, details).body(JSON, SUPPORT_ID));
    }

    private void callback(HttpExchange exchange, byte[] body) throws IOException {
        requests.get(Op.CALLBACK).incrementAndGet();
        JsonNode event = read(body);
        callbacksPerEvent
                .computeIfAbsent(event.path("id").asText("?"), k -> new AtomicInteger())
                .incrementAndGet();
        Plan plan =
                faults.matching(Op.CALLBACK, event.path("data").path("orderId").asText(null));
        boolean late = plan != null && (plan.kind() == FaultKind.HOLD || plan.kind() == FaultKind.SLOW);
        later(late ? plan.slowMillis() : 0, () -> write(exchange, new Answer(204, null)));
    }

    private void later(long millis, Runnable action) {
        if (millis <= 0) {
            action.run();
        } else {
            timer.schedule(action, millis, TimeUnit.MILLISECONDS);
        }
    }

    private static void write(HttpExchange exchange, Answer answer) {
        try (exchange) {
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    /** Headers that promise more body than comes, then the connection closes: a broken answer after the fact. */
    private static void truncated(HttpExchange exchange, Answer answer) {
        try (exchange) {
            byte[] body = answer.body() == null ? new byte[0] : answer.body();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length + 512L);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
        } catch (IOException e) {
            // closing a short fixed-length answer fails by design: the connection is dropped
        }
    }

    /**
     * A TCP reset (SO_LINGER 0, then close). The JDK server does not expose its channel: this needs
     * {@code --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED}; without it the connection closes plainly.
     */
    private static void reset(HttpExchange exchange) {
        try {
            var implField = exchange.getClass().getDeclaredField("impl");
            implField.setAccessible(true);
            Object impl = implField.get(exchange);
            var getConnection = impl.getClass().getDeclaredMethod("getConnection");
            getConnection.setAccessible(true);
            Object connection = getConnection.invoke(impl);
            var getChannel = connection.getClass().getDeclaredMethod("getChannel");
            getChannel.setAccessible(true);
            SocketChannel channel = (SocketChannel) getChannel.invoke(connection);
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            exchange.close();
        }
    }

    private void sample(String kind, String orderId, HttpExchange exchange, byte[] body) {
        if (orderId == null || orderId.indexOf('-') <= 0) {
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        samples.computeIfAbsent(
                orderId.substring(0, orderId.indexOf('-')) + " " + kind,
                k -> exchange.getRequestMethod()
                        + " " + exchange.getRequestURI().toString().replaceAll("STX_[A-Z0-9]+", "{id}")
                        + "\nContent-Type: " + exchange.getRequestHeaders().getFirst("Content-Type")
                        + "\nAccept: " + exchange.getRequestHeaders().getFirst("Accept")
                        + "\nAuthorization: " + (auth == null ? null : auth.replaceAll(" .*", " <token>"))
                        + "\n\n" + new String(body, StandardCharsets.UTF_8));
    }

    private static JsonNode read(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw StandInError.invalid("request body is not JSON");
        }
    }

    private static Integer integer(String value) {
        return value == null ? null : Integer.valueOf(value);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
