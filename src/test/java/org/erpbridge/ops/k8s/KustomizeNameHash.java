package org.erpbridge.ops.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content-hash name suffix kustomize gives a generated ConfigMap: the SHA-256 of the JSON object
 * {"data":{...},"kind":"ConfigMap","name":""} as Go's encoding/json writes it (sorted keys, HTML-safe
 * escapes), of which the first ten hex digits are kept with 0,1,3,a,e swapped for letters. The name is always
 * empty: kustomize looks it up as one key literally called "metadata/name", which never exists (checked
 * against kubectl 1.32 / kustomize 5.5), so only the data decides the suffix.
 */
final class KustomizeNameHash {
    private KustomizeNameHash() {
    }

    static String configMapSuffix(Map<String, String> data) {
        StringBuilder json = new StringBuilder("{\"data\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            goString(json, e.getKey()).append(':');
            goString(json, e.getValue());
        }
        json.append("},\"kind\":\"ConfigMap\",\"name\":\"\"}");
        return encode(sha256Hex(json.toString()));
    }

    private static String encode(String hex) {
        StringBuilder out = new StringBuilder(10);
        for (char c : hex.substring(0, 10).toCharArray()) {
            out.append(switch (c) {
                case '0' -> 'g';
                case '1' -> 'h';
                case '3' -> 'k';
                case 'a' -> 'm';
                case 'e' -> 't';
                default -> c;
            });
        }
        return out.toString();
    }

    /** A JSON string literal escaped the way Go's json.Marshal escapes it. */
    private static StringBuilder goString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
