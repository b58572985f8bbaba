package org.erpbridge.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests to the secuconnect ERP bridge and verifies the bridge's callbacks, for ERP developers: one file,
 * Java 17, no dependencies (copy it into your project and change the package).
 *
 * <p>
 * When a merchant has a signing secret, every POST to the bridge (body-less ones such as {@code /cancel} too) carries
 * <pre>
 * X-Signature-Timestamp: &lt;unix seconds&gt;
 * X-Signature: v2=&lt;lower-case hex HMAC-SHA256(signing secret, canonical string)&gt;
 * canonical string = timestamp + "\n" + METHOD + "\n" + path-with-query + "\n" + raw body bytes
 * </pre>
 * where path-with-query is the request target exactly as sent ({@code /api/v1/merchants/shop1/cash-payments}, no
 * scheme or host), so a signature is good for one request only. The bridge signs its callbacks the same way, with
 * {@code POST} and the path (with query) of the callback URL. Sign the exact bytes you send (serialise the body once,
 * sign those bytes, send those bytes); the timestamp must be within {@link #TOLERANCE_SECONDS} of the receiver's
 * clock, and the bridge accepts each signature once.
 *
 * <pre>
 * byte[] body = json.getBytes(StandardCharsets.UTF_8);
 * long now = Instant.now().getEpochSecond();
 * request.header(ErpSignatures.TIMESTAMP_HEADER, Long.toString(now))
 *        .header(ErpSignatures.SIGNATURE_HEADER, ErpSignatures.sign(secret, now, "POST", "/api/v1/merchants/shop1/cash-payments", body))
 *        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
 *
 * // a callback: check the raw body before parsing it, with the path of your callback URL
 * if (ErpSignatures.verify(secret, timestampHeader, signatureHeader, "POST", "/erp/secuconnect-events", rawBody,
 *         Instant.now()) != ErpSignatures.Verdict.VALID) {
 *     // answer 401; the bridge delivers the event again later
 * }
 * </pre>
 * The schemes are {@link #v2} and, for a merchant still migrating, the legacy {@link #v1} (timestamp and body only).
 */
public final class ErpSignatures {
    public static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Signature";
    /** How far a signature's timestamp may be from the receiver's clock, either direction. */
    public static final long TOLERANCE_SECONDS = 300;

    private static final String V1 = "v1";
    private static final String V2 = "v2";
    private static final HexFormat HEX = HexFormat.of();

    /** The outcome of {@link #verify}. */
    public enum Verdict {
        VALID,
        /** No signature or no timestamp header. */
        MISSING,
        /** The timestamp is not a number, or the signature header holds no well-formed {@code v2=<64 hex digits>}. */
        MALFORMED,
        /** The timestamp is more than {@link #TOLERANCE_SECONDS} away from now. */
        STALE,
        /** Well-formed and fresh, but no value matches the request under this secret. */
        MISMATCH
    }

    private ErpSignatures() {}

    /**
     * The {@code X-Signature} value for a request signed at {@code timestamp} (unix seconds): {@code v2=<hex>}. During
     * a secret rotation send the values of both secrets, comma-separated: {@code sign(old, ...) + "," + sign(new, ...)}.
     */
    public static String sign(String secret, long timestamp, String method, String pathAndQuery, byte[] body) {
        return V2 + "=" + v2(secret, timestamp, method, pathAndQuery, body);
    }

    /** The legacy {@code v1=<hex>} value, for a merchant whose bridge still accepts {@code v1} while the ERP migrates. */
    public static String signV1(String secret, long timestamp, byte[] body) {
        return V1 + "=" + v1(secret, timestamp, body);
    }

    /**
     * Checks a signed message, such as a callback from the bridge: the headers' values as received (null when absent),
     * the method and path (with query) it was sent to, the raw body bytes, and the current time. Any one matching
     * {@code v2} value suffices; values of other schemes are ignored; the comparison takes the same time wherever the
     * values differ.
     */
    public static Verdict verify(
            String secret,
            String timestampHeader,
            String signatureHeader,
            String method,
            String pathAndQuery,
            byte[] body,
            Instant now) {
        if (timestampHeader == null
                || timestampHeader.isBlank()
                || signatureHeader == null
                || signatureHeader.isBlank()) {
            return Verdict.MISSING;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        byte[] expected = v2(secret, timestamp, method, pathAndQuery, body).getBytes(StandardCharsets.US_ASCII);
        boolean wellFormed = false;
        boolean match = false;
        for (String part : signatureHeader.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return Verdict.MALFORMED;
            }
            if (!V2.equals(item.substring(0, eq).trim().toLowerCase(Locale.ROOT))) {
                continue;
            }
            String value = item.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            if (!value.matches("[0-9a-f]{64}")) {
                return Verdict.MALFORMED;
            }
            wellFormed = true;
            match |= MessageDigest.isEqual(expected, value.getBytes(StandardCharsets.US_ASCII));
        }
        if (!wellFormed) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE_SECONDS) {
            return Verdict.STALE;
        }
        return match ? Verdict.VALID : Verdict.MISMATCH;
    }

    /**
     * Scheme v2: lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the timestamp's decimal digits,
     * {@code '\n'}, the method in upper case, {@code '\n'}, the path with its query as sent, {@code '\n'} and the raw
     * body bytes.
     */
    static String v2(String secret, long timestamp, String method, String pathAndQuery, byte[] body) {
        return hmac(
                secret,
                (timestamp + "\n" + method.toUpperCase(Locale.ROOT) + "\n" + pathAndQuery + "\n")
                        .getBytes(StandardCharsets.UTF_8),
                body);
    }

    /** Scheme v1 (legacy): the same HMAC of the timestamp's decimal digits, a {@code '.'} and the raw body bytes. */
    static String v1(String secret, long timestamp, byte[] body) {
        return hmac(secret, (timestamp + ".").getBytes(StandardCharsets.US_ASCII), body);
    }

    private static String hmac(String secret, byte[] head, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // a new Mac per call: Mac is not thread-safe
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(head);
            return HEX.formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
