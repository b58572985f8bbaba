package org.erpbridge.erp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.erpbridge.merchant.Secret;

/**
 * The signature scheme shared by ERP requests and the bridge's callbacks:
 * {@code X-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>}, where several comma-separated
 * {@code v1=} values may be sent during a secret rotation and any one that matches suffices.
 */
public final class Signatures {
    public static final String SIGNATURE_HEADER = "X-Signature";
    public static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";
    public static final String SCHEME = "v1";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_HEX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    /** The outcome of checking a signature header against a body. */
    public enum Verdict {
        VALID,
        /** The header holds no well-formed {@code v1=<64 hex digits>} value. */
        MALFORMED,
        /** Well-formed, but no value matches the body under this secret. */
        MISMATCH
    }

    private Signatures() {
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String sign(Secret secret, long timestamp, byte[] body) {
        return HEX.formatHex(mac(secret, timestamp, body));
    }

    /** The complete {@code X-Signature} header value for one secret: {@code v1=<hex>}. */
    public static String header(Secret secret, long timestamp, byte[] body) {
        return SCHEME + "=" + sign(secret, timestamp, body);
    }

    /**
     * Checks an {@code X-Signature} header value. Values of other schemes are ignored (so a future scheme can be
     * sent alongside v1); every v1 value is compared in constant time.
     */
    public static Verdict verify(Secret secret, long timestamp, byte[] body, String headerValue) {
        List<byte[]> candidates = parse(headerValue);
        if (candidates.isEmpty()) {
            return Verdict.MALFORMED;
        }
        byte[] expected = mac(secret, timestamp, body);
        boolean match = false;
        for (byte[] candidate : candidates) {
            // no early exit: the time taken does not reveal which value matched
            match |= MessageDigest.isEqual(expected, candidate);
        }
        return match ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** Decoded v1 values; empty when there is none or any v1 value is not 64 hex digits. */
    private static List<byte[]> parse(String headerValue) {
        List<byte[]> result = new ArrayList<>();
        if (headerValue == null) {
            return result;
        }
        for (String part : headerValue.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return List.of();
            }
            String scheme = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).trim();
            if (!SCHEME.equals(scheme)) {
                continue;
            }
            if (value.length() != MAC_HEX_LENGTH || !isHex(value)) {
                return List.of();
            }
            result.add(HEX.parseHex(value.toLowerCase(Locale.ROOT)));
        }
        return result;
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] mac(Secret secret, long timestamp, byte[] body) {
        try {
            // a new Mac per call: Mac instances are not thread-safe
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            mac.update(body);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
