package org.erpbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The anchor: what an ERP team would write without the bridge, in the same process as the harness and through the
 * same secuconnect stand-in (same latency). An OAuth token once ({@code client_credentials}, cached until shortly before
 * it expires), then per payment {@code POST /api/v2/Smart/Transactions} and {@code POST .../{id}/start/cash}, with
 * the JDK's HttpClient and Jackson mapping the answers into small records. The requests are the bridge's: the same
 * paths, headers and bodies (basket lines numbered from 1, empty EANs left out, {@code basket_info}, the card as
 * ident, merchantRef derived from merchant, order and attempt as the bridge derives it, transactionRef = order id,
 * cashier; start/cash with {@code {}}). Nothing is stored: no database, no idempotency, no recovery.
 */
final class DirectAnchor implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);

    // ---- what is sent -----------------------------------------------------------------------------------------

    record TokenRequest(
            @JsonProperty("grant_type") String grantType,
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Product(int id, String desc, String articleNumber, String ean, long quantity, long priceOne, int tax) {}

    record Basket(List<Product> products) {}

    record Ident(String type, String value) {}

    record StxRequest(
            Basket basket,
            @JsonProperty("basket_info") Sum basketInfo,
            List<Ident> idents,
            String merchantRef,
            String transactionRef,
            String cashier) {}

    // ---- what is read -----------------------------------------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") long expiresIn,
            @JsonProperty("token_type") String tokenType) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sum(long sum, String currency) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ref(String object, String id) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReceiptLine(String type, Map<String, Object> value) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SmartTransaction(
            String id,
            String status,
            String merchantRef,
            String transactionRef,
            @JsonProperty("basket_info") Sum basketInfo,
            List<Ref> transactions,
            List<ReceiptLine> receipt) {}

    /** The seed order's lines, as the ERP holds them (the same basket as {@link Orders#body}). */
    private static final List<Product> LINES = List.of(
            new Product(1, "Sandwich Romano", "30037", null, 1, 349, 7),
            new Product(2, "Fruit salad, small bowl", "30200", null, 1, 249, 7),
            new Product(3, "Water, mildly sprinkling, 0.25 ltr.", "51", "4999012345678", 2, 99, 19));

    private final String base;
    private final HttpClient client;
    private final ExecutorService executor;
    private final String selectorThread;
    private volatile Token token;
    private volatile long tokenValidUntil;

    DirectAnchor(String secuconnectBaseUrl) {
        this.base = secuconnectBaseUrl;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "anchor-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        // the client's selector thread is "HttpClient-<id>-SelectorManager"; its toString ends with "(<id>)"
        String s = client.toString();
        this.selectorThread = "HttpClient-" + s.substring(s.lastIndexOf('(') + 1, s.length() - 1) + "-SelectorManager";
    }

    /** Books one cash payment: create, then start/cash; 200 when secuconnect answered {@code ok}. */
    int pay(String orderId) throws IOException, InterruptedException {
        String auth = "Bearer " + token().accessToken();
        StxRequest request = new StxRequest(
                new Basket(LINES),
                new Sum(796, "EUR"),
                List.of(new Ident("card", Orders.cards().forOrder(orderId))),
                merchantRef(orderId),
                orderId,
                "Anna");
        HttpResponse<byte[]> created = send(post("/api/v2/Smart/Transactions", auth, JSON.writeValueAsBytes(request)));
        if (created.statusCode() != 200) {
            return created.statusCode();
        }
        SmartTransaction stx = JSON.readValue(created.body(), SmartTransaction.class);
        if (stx.id() == null || !"created".equals(stx.status())) {
            return 502;
        }
        HttpResponse<byte[]> started = send(post(
                "/api/v2/Smart/Transactions/" + stx.id() + "/start/cash", auth, "{}".getBytes(StandardCharsets.UTF_8)));
        if (started.statusCode() != 200) {
            return started.statusCode();
        }
        SmartTransaction booked = JSON.readValue(started.body(), SmartTransaction.class);
        return "ok".equals(booked.status()) && booked.receipt() != null ? 200 : 502;
    }

    private Token token() throws IOException, InterruptedException {
        Token t = token;
        if (t != null && System.nanoTime() < tokenValidUntil) {
            return t;
        }
        synchronized (this) {
            if (token == null || System.nanoTime() >= tokenValidUntil) {
                HttpResponse<byte[]> answer = send(post(
                        "/oauth/token",
                        null,
                        JSON.writeValueAsBytes(
                                new TokenRequest("client_credentials", "bench-client", "bench-client-secret"))));
                if (answer.statusCode() != 200) {
                    throw new IOException("token request answered " + answer.statusCode());
                }
                Token fresh = JSON.readValue(answer.body(), Token.class);
                tokenValidUntil = System.nanoTime()
                        + Duration.ofSeconds(fresh.expiresIn())
                                .minus(TOKEN_MARGIN)
                                .toNanos();
                token = fresh;
            }
            return token;
        }
    }

    private HttpRequest post(String path, String authorization, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The bridge's merchantRef for attempt 1 of an order of merchant {@code bench}. */
    static String merchantRef(String orderId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((Bridge.MERCHANT + '\n' + orderId + '\n' + 1).getBytes(StandardCharsets.UTF_8));
            return "erpb-" + HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU time so far of the anchor's HTTP client threads (its executor and its selector thread), in nanoseconds.
     * The calling threads' own CPU is measured by {@link ClosedLoop}; GC and JIT threads of the harness JVM, which
     * it shares with the secuconnect stand-in, are not attributed.
     */
    long clientThreadsCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("anchor-http-")
                            || info.getThreadName().equals(selectorThread))) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
