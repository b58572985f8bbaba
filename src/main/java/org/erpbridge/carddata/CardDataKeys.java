package org.erpbridge.carddata;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.erpbridge.merchant.BridgeConfig;

/**
 * The card-data keys read from {@code bridge.card-data.*}, checked: every encryption key is base64 of exactly 32
 * bytes (AES-256) under an id of letters and digits, the active id is one of them, the lookup key has at least 32
 * bytes. Anything missing or malformed is reported by its configuration key, never by its value.
 */
record CardDataKeys(Map<String, SecretKey> encryption, String active, SecretKey lookup) {
    static final String PREFIX = "bridge.card-data.";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9]{1,16}");

    static CardDataKeys of(BridgeConfig.CardData config) {
        List<String> problems = new ArrayList<>();
        Map<String, SecretKey> keys = new TreeMap<>();
        config.keys().forEach((id, value) -> {
            String name = PREFIX + "keys." + id;
            if (!KEY_ID.matcher(id).matches()) {
                problems.add(name + ": the key id must be 1-16 letters or digits");
            }
            byte[] raw = decode(value, name, problems);
            if (raw != null && raw.length != 32) {
                problems.add(name + ": must be 32 bytes (AES-256), base64-encoded; was " + raw.length + " bytes");
            } else if (raw != null) {
                keys.put(id, new SecretKeySpec(raw, "AES"));
            }
        });
        if (config.keys().isEmpty()) {
            problems.add(PREFIX + "keys.<id>: missing; at least one AES-256 key (base64 of 32 random bytes) is needed");
        }
        String active = nonBlank(config.activeKey()).orElse(null);
        if (active == null) {
            problems.add(PREFIX + "active-key: missing (the id of the key new card numbers are encrypted with)");
        } else if (!config.keys().containsKey(active)) {
            problems.add(PREFIX + "active-key: names " + PREFIX + "keys." + active + ", which is not configured");
        }
        SecretKey lookup = null;
        Optional<String> lookupValue = nonBlank(config.lookupKey());
        if (lookupValue.isEmpty()) {
            problems.add(PREFIX + "lookup-key: missing (HMAC-SHA256 key, base64 of at least 32 random bytes)");
        } else {
            byte[] raw = decode(lookupValue.get(), PREFIX + "lookup-key", problems);
            if (raw != null && raw.length < 32) {
                problems.add(PREFIX + "lookup-key: too short (" + raw.length + " bytes, at least 32 required)");
            } else if (raw != null) {
                lookup = new SecretKeySpec(raw, "HmacSHA256");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Card data keys are not usable: " + String.join("; ", problems));
        }
        return new CardDataKeys(Map.copyOf(keys), active, lookup);
    }

    private static byte[] decode(String value, String name, List<String> problems) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            problems.add(name + ": not valid base64");
            return null;
        }
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
