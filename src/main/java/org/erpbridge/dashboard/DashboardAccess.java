package org.erpbridge.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.runtime.Startup;

/**
 * Who may open a merchant's dashboard: the merchant's ERP (its API key as {@code Authorization: Bearer}) or an
 * operator from {@code bridge.dashboard.operators} (HTTP Basic) whose merchant list allows it. Secrets are compared
 * as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing about how much matched.
 */
@Startup
@ApplicationScoped
public class DashboardAccess {
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final String ALL = "*";

    /** The outcome of a request's credentials for one merchant. */
    public sealed interface Verdict {}

    /** Allowed; {@code viewer} names who (an operator, or the merchant's ERP key). */
    public record Granted(Merchant merchant, String viewer) implements Verdict {}

    /** No or wrong credentials: 401 with a challenge. */
    public record Unauthenticated() implements Verdict {}

    /** A known operator who may not see this merchant: 403. */
    public record Forbidden(String operator) implements Verdict {}

    /** An operator allowed everything asked for a merchant that does not exist: 404. */
    public record UnknownMerchant() implements Verdict {}

    private record Operator(byte[] passwordDigest, List<String> merchants) {
        boolean sees(String merchant) {
            return merchants.contains(ALL) || merchants.contains(merchant);
        }
    }

    private final Merchants merchants;
    private final Map<String, Operator> operators;
    private final byte[] decoy;

    public DashboardAccess(Merchants merchants, BridgeConfig config) {
        this.merchants = merchants;
        this.operators = resolve(config.dashboard().operators(), merchants);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.decoy = digest(Base64.getEncoder().encodeToString(random));
    }

    /** Checks the operator settings at start-up; a bad one stops the application with a message naming the key. */
    static Map<String, Operator> resolve(Map<String, BridgeConfig.Dashboard.Operator> configured, Merchants merchants) {
        List<String> problems = new ArrayList<>();
        Map<String, Operator> result = new TreeMap<>();
        configured.forEach((name, op) -> {
            String prefix = "bridge.dashboard.operators." + name + ".";
            if (name.contains(":")) {
                problems.add(prefix
                        + ": an operator name cannot contain ':' (HTTP Basic separates name and password with it)");
            }
            String password = op.password() == null ? "" : op.password();
            if (password.length() < MIN_PASSWORD_LENGTH) {
                problems.add(prefix + "password: too short (at least " + MIN_PASSWORD_LENGTH + " characters)");
            }
            List<String> allowed = op.merchants().stream()
                    .map(String::trim)
                    .filter(m -> !m.isEmpty())
                    .toList();
            allowed.stream()
                    .filter(m -> !ALL.equals(m) && merchants.find(m).isEmpty())
                    .forEach(m -> problems.add(prefix + "merchants: unknown merchant '" + m + "'"));
            result.put(name, new Operator(digest(password), allowed));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid dashboard configuration: " + String.join("; ", problems));
        }
        return Map.copyOf(result);
    }

    public Verdict check(String merchantKey, String authorization) {
        if (authorization == null) {
            return new Unauthenticated();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return operator(merchantKey, authorization.substring(6).trim());
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return erp(merchantKey, authorization.substring(7).trim());
        }
        return new Unauthenticated();
    }

    private Verdict operator(String merchantKey, String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Unauthenticated();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Unauthenticated();
        }
        String name = decoded.substring(0, colon);
        Operator operator = operators.get(name);
        // compare even for an unknown name, so both answers take as long
        boolean matches = MessageDigest.isEqual(
                operator == null ? decoy : operator.passwordDigest(), digest(decoded.substring(colon + 1)));
        if (operator == null || !matches) {
            return new Unauthenticated();
        }
        Optional<Merchant> merchant = merchants.find(merchantKey);
        if (!operator.sees(merchantKey)) {
            return new Forbidden(name);
        }
        return merchant.<Verdict>map(m -> new Granted(m, "operator " + name)).orElseGet(UnknownMerchant::new);
    }

    private Verdict erp(String merchantKey, String key) {
        Optional<Merchant> merchant = merchants.find(merchantKey);
        byte[] expected = merchant.map(m -> digest(m.erp().apiKey().reveal())).orElse(decoy);
        if (merchant.isEmpty() || key.isEmpty() || !MessageDigest.isEqual(expected, digest(key))) {
            return new Unauthenticated();
        }
        return new Granted(merchant.get(), "ERP of " + merchant.get().key());
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
