package org.erpbridge.cards;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A tiny secuconnect stand-in for the benchmark: a token endpoint and {@code GET /api/v2/Loyalty/MerchantCards}
 * generating any page of {@link #CARDS} cards on the fly (no stored mappings, so the stub itself stays small).
 * {@link #generation} changes the balances of every tenth card.
 */
public class GeneratedCardsServer implements QuarkusTestResourceLifecycleManager {
    static final int CARDS = Integer.getInteger("bench.cards", 100_000);
    static final AtomicInteger generation = new AtomicInteger();
    private static HttpServer server;

    @Override
    public synchronized Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext(
                "/oauth/token",
                ex -> send(ex, "{\"access_token\":\"bench-token\",\"expires_in\":1200,\"token_type\":\"bearer\"}"));
        server.createContext("/api/v2/Loyalty/MerchantCards", GeneratedCardsServer::page);
        server.createContext("/erp", ex -> send(ex, "{}"));
        server.start();
        return Map.of(
                "bench.secuconnect-url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void page(HttpExchange ex) throws IOException {
        Map<String, String> params = new HashMap<>();
        String query = ex.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
        int count = Integer.parseInt(params.getOrDefault("count", "100"));
        int end = Math.min(CARDS, offset + count);
        int gen = generation.get();
        StringBuilder body = new StringBuilder(200 * Math.max(0, end - offset) + 40);
        body.append("{\"count\":").append(CARDS).append(",\"data\":[");
        for (int i = offset; i < end; i++) {
            long cash = 1000L + i + (i % 10 == 0 ? gen * 7L : 0);
            long bonus = i % 97;
            if (i > offset) {
                body.append(',');
            }
            body.append("{\"id\":\"MCD_BENCH")
                    .append(String.format("%08d", i))
                    .append("\",\"card\":{\"cardnumber\":\"9276")
                    .append(String.format("%012d", i))
                    .append("\"},\"balance\":")
                    .append(cash + bonus)
                    .append(",\"cash_balance\":")
                    .append(cash)
                    .append(",\"bonus_balance\":")
                    .append(bonus)
                    .append(",\"points\":")
                    .append(i % 13)
                    .append(",\"lock_status\":\"unlocked\",\"stock_status\":\"active\"")
                    .append(
                            ",\"last_usage\":\"2026-11-20T10:00:00+01:00\",\"last_charge\":\"2026-10-01T12:00:00+02:00\"")
                    .append(",\"expiry_date\":null}");
        }
        body.append("]}");
        send(ex, body.toString());
    }

    private static void send(HttpExchange ex, String json) throws IOException {
        ex.getRequestBody().readAllBytes();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
