package org.erpbridge.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed cash-payment webhooks as an ERP sends them: the seed basket (796 EUR cents, a secucard drawn by
 * {@link Cards}), a bearer API key,
 * and {@code X-Signature: v2=<hex HMAC-SHA256(secret, timestamp \n METHOD \n path \n body)>} computed per request
 * (the bridge's scheme, defined in {@code org.erpbridge.erp.Signatures}). The bridge accepts a signature once, so an
 * identical request signed in the same second (a duplicate of the storm) is signed with a second earlier.
 */
final class Orders {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = Bridge.SIGNING_SECRET.getBytes(StandardCharsets.UTF_8);
    private static final Set<String> SIGNED = ConcurrentHashMap.newKeySet();

    private Orders() {}

    private static volatile Cards cards = new Cards(10_000, 1.0, 1, false);

    /** How the orders of this run draw their cards (set once from the options, see {@link Cards}). */
    static void useCards(Cards drawn) {
        cards = drawn;
    }

    static Cards cards() {
        return cards;
    }

    /** The seed order with the card drawn for this order id. */
    static String body(String orderId) {
        return body(orderId, "Anna");
    }

    static String body(String orderId, String cashier) {
        return body(orderId, cashier, cards.forOrder(orderId));
    }

    /** The seed order; another cashier name makes an altered copy of the same order (a 409). */
    static String body(String orderId, String cashier, String card) {
        return "{\"orderId\":\"" + orderId + "\",\"currency\":\"EUR\",\"total\":796,\"loyaltyCard\":\"" + card + "\","
                + "\"lines\":[{\"articleNumber\":\"30037\",\"ean\":\"\",\"description\":\"Sandwich Romano\",\"quantity\":1,"
                + "\"unitPrice\":349,\"vatRate\":7},{\"articleNumber\":\"30200\",\"ean\":\"\",\"description\":"
                + "\"Fruit salad, small bowl\",\"quantity\":1,\"unitPrice\":249,\"vatRate\":7},{\"articleNumber\":\"51\","
                + "\"ean\":\"4999012345678\",\"description\":\"Water, mildly sprinkling, 0.25 ltr.\",\"quantity\":2,"
                + "\"unitPrice\":99,\"vatRate\":19}],\"register\":\"KASSE-1\",\"cashier\":\"" + cashier + "\","
                + "\"paidAt\":\"2026-11-23T09:18:14+01:00\"}";
    }

    /** POST /api/v1/merchants/bench/cash-payments, signed now. */
    static HttpRequest post(String baseUrl, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String path = "/api/v1/merchants/" + Bridge.MERCHANT + "/cash-payments";
        long ts = System.currentTimeMillis() / 1000;
        String signature = sign(ts, path, bytes);
        for (; !SIGNED.add(signature); signature = sign(--ts, path, bytes)) {
            // an identical request was signed at ts already
        }
        if (SIGNED.size() > 1_000_000) {
            SIGNED.clear();
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Bridge.API_KEY)
                .header("X-Signature-Timestamp", Long.toString(ts))
                .header("X-Signature", "v2=" + signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    /** A signed request with an empty body (POST card-sync), or a GET with the bearer key only. */
    static HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Bridge.API_KEY);
    }

    static HttpRequest emptyPost(String url) {
        long ts = System.currentTimeMillis() / 1000;
        URI target = URI.create(url);
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        return authorized(url)
                .header("X-Signature-Timestamp", Long.toString(ts))
                .header("X-Signature", "v2=" + sign(ts, path, new byte[0]))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }

    static String sign(long ts, String pathAndQuery, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            mac.update((ts + "\nPOST\n" + pathAndQuery + "\n").getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
