package org.erpbridge.erp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.erpbridge.merchant.Secret;
import org.erpbridge.merchant.SignatureScheme;

/**
 * The signature schemes shared by ERP requests and the bridge's callbacks, and the one place that defines what each
 * signs. {@code X-Signature: <scheme>=<hex HMAC-SHA256(secret, canonical string)>}; several comma-separated values
 * may be sent (a secret rotation, or both schemes during a migration) and any one that matches under an accepted
 * scheme suffices. The canonical strings, as bytes (timestamp, method and path in ASCII, the body as received):
 *
 * <pre>
 * v1 (legacy, binds only time and body):    timestamp + "." + body
 * v2 (bound to the request):                timestamp + "\n" + METHOD + "\n" + path-with-query + "\n" + body
 * </pre>
 *
 * {@code METHOD} is the HTTP method in upper case ({@code POST}); {@code path-with-query} is the request target as
 * sent on the wire, percent-encoding untouched: {@code /api/v1/merchants/shop1/cash-payments/SO-1/cancel}, or
 * {@code /api/v1/merchants/shop1/reconciliation/runs?date=2026-11-23} with the query (no scheme, host or fragment).
 * For a callback it is {@code POST} and the path (with query) of the merchant's callback URL. Worked example
 * (README, "Authentication and request signing"): secret {@code demo-signing-secret-0001}, timestamp
 * {@code 1764000000}, {@code POST /api/v1/merchants/demo/cash-payments/SO-10042/cancel} with an empty body gives
 * {@code v2=} {@value #V2_EXAMPLE_HEX}.
 */
public final class Signatures {
    public static final String SIGNATURE_HEADER = "X-Signature";
    public static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";
    /** The README's worked example, checked by a test. */
    static final String V2_EXAMPLE_HEX = "2e2e4c8ee4112550eee979e5b84df0aba56114219d168b2197d03b2deafac209";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_HEX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    /** What is signed: the timestamp, the method, the path with its query, and the raw body. */
    public record Signed(long timestamp, String method, String pathAndQuery, byte[] body) {}

    /** The outcome of checking a signature header. */
    public enum Verdict {
        VALID,
        /** A value of an accepted scheme is not 64 hex digits, or the header has no {@code scheme=value} item. */
        MALFORMED,
        /** Only values of schemes this merchant does not accept (v1 after the migration, say). */
        SCHEME_NOT_ACCEPTED,
        /** Well-formed, but no value matches under this secret. */
        MISMATCH
    }

    /** A verdict and, when valid, the value that matched (the key of the replay cache). */
    public record Check(Verdict verdict, byte[] matched) {}

    private Signatures() {}

    /** The canonical string of {@code scheme} for this request: the bytes the HMAC covers. */
    public static byte[] canonical(SignatureScheme scheme, Signed signed) {
        String head = switch (scheme) {
            case V1 -> signed.timestamp() + ".";
            case V2 ->
                signed.timestamp() + "\n" + signed.method().toUpperCase(Locale.ROOT) + "\n" + signed.pathAndQuery()
                        + "\n";
        };
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + signed.body().length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(signed.body(), 0, all, prefix.length, signed.body().length);
        return all;
    }

    /** Hex HMAC-SHA256 of the canonical string of {@code scheme}. */
    public static String sign(Secret secret, SignatureScheme scheme, Signed signed) {
        return HEX.formatHex(mac(secret, canonical(scheme, signed)));
    }

    /** The complete {@code X-Signature} header value, one {@code scheme=<hex>} per scheme, comma-separated. */
    public static String header(Secret secret, Collection<SignatureScheme> schemes, Signed signed) {
        StringJoiner header = new StringJoiner(",");
        for (SignatureScheme scheme : SignatureScheme.values()) {
            if (schemes.contains(scheme)) {
                header.add(scheme.label() + "=" + sign(secret, scheme, signed));
            }
        }
        return header.toString();
    }

    /**
     * Checks an {@code X-Signature} header value. Values of schemes not in {@code accepted} (and unknown schemes) are
     * ignored; every value of an accepted scheme is compared in constant time, with no early exit.
     */
    public static Check verify(Secret secret, Collection<SignatureScheme> accepted, Signed signed, String headerValue) {
        List<Value> values = parse(headerValue);
        if (values == null) {
            return new Check(Verdict.MALFORMED, null);
        }
        List<Value> candidates =
                values.stream().filter(v -> accepted.contains(v.scheme())).toList();
        if (candidates.isEmpty()) {
            return new Check(values.isEmpty() ? Verdict.MALFORMED : Verdict.SCHEME_NOT_ACCEPTED, null);
        }
        byte[] matched = null;
        for (SignatureScheme scheme : accepted) {
            byte[] expected = mac(secret, canonical(scheme, signed));
            for (Value candidate : candidates) {
                if (candidate.scheme() == scheme & MessageDigest.isEqual(expected, candidate.mac())) {
                    matched = expected;
                }
            }
        }
        return matched != null ? new Check(Verdict.VALID, matched) : new Check(Verdict.MISMATCH, null);
    }

    private record Value(SignatureScheme scheme, byte[] mac) {}

    /** The known-scheme values; null when the header is malformed (an item without '=', a value not 64 hex digits). */
    private static List<Value> parse(String headerValue) {
        List<Value> result = new ArrayList<>();
        if (headerValue == null) {
            return null;
        }
        for (String part : headerValue.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            Optional<SignatureScheme> scheme = SignatureScheme.of(item.substring(0, eq));
            String value = item.substring(eq + 1).trim();
            if (scheme.isEmpty()) {
                continue; // a scheme of the future: ignored, so it can be sent alongside
            }
            if (value.length() != MAC_HEX_LENGTH || !isHex(value)) {
                return null;
            }
            result.add(new Value(scheme.get(), HEX.parseHex(value.toLowerCase(Locale.ROOT))));
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

    private static byte[] mac(Secret secret, byte[] canonical) {
        try {
            // a new Mac per call: Mac instances are not thread-safe
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(canonical);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
