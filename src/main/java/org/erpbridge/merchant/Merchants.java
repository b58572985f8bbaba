package org.erpbridge.merchant;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The registry of configured merchants. Validates every merchant when the application starts, so a
 * bad configuration stops start-up with one message that names the merchant and the key.
 */
@Startup
@ApplicationScoped
public class Merchants {
    private static final Logger LOG = Logger.getLogger(Merchants.class);

    private final Map<String, Merchant> byKey;

    @Inject
    public Merchants(
            BridgeConfig config, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.byKey = resolve(config, URI.create("http://localhost:" + httpPort + "/sandbox/secuconnect"), production());
        byKey.values().stream()
                .filter(m -> m.erp().signingSecret().isEmpty())
                .forEach(m -> LOG.warnf(
                        "Merchant %s has no ERP signing secret: its bearer key alone books and cancels payments, and its"
                                + " callbacks go out unsigned",
                        m.key()));
        byKey.values().stream()
                .filter(m -> m.secuconnect().sandbox())
                .forEach(m -> LOG.warnf(
                        "Merchant %s has no secuconnect credentials: it talks to the in-process secuconnect SANDBOX at %s"
                                + " (recorded responses, nothing is booked)",
                        m.key(), m.secuconnect().baseUrl()));
    }

    /** The packaged application in its {@code prod} profile (not dev mode, tests, or a tool reading a configuration). */
    static boolean production() {
        return LaunchMode.current() == LaunchMode.NORMAL
                && ConfigProvider.getConfig()
                        .unwrap(SmallRyeConfig.class)
                        .getProfiles()
                        .contains("prod");
    }

    /** Validates and resolves the configuration as dev mode and tests do (no production guards). */
    public static Map<String, Merchant> resolve(BridgeConfig config, URI sandboxUrl) {
        return resolve(config, sandboxUrl, false);
    }

    /**
     * Validates and resolves the configuration; throws {@link InvalidMerchantConfigException} on the first bad merchant.
     * In {@code production} (the packaged application outside dev and test) a merchant also needs a signing secret or
     * an explicit {@code erp.allow-unsigned=true}, and its secuconnect and callback URLs must be https (or loopback).
     */
    public static Map<String, Merchant> resolve(BridgeConfig config, URI sandboxUrl, boolean production) {
        Map<String, Merchant> result = new TreeMap<>();
        config.merchants()
                .forEach((key, raw) ->
                        result.put(key, resolveOne(key, raw, config.sandbox().enabled(), sandboxUrl, production)));
        return Map.copyOf(result);
    }

    public Optional<Merchant> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    public Merchant get(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("unknown merchant " + key));
    }

    public Collection<Merchant> all() {
        return byKey.values();
    }

    private static Merchant resolveOne(
            String key, BridgeConfig.MerchantConfig raw, boolean sandboxEnabled, URI sandboxUrl, boolean production) {
        List<String> problems = new ArrayList<>();
        String prefix = "bridge.merchants." + key + ".";

        Currency currency = null;
        try {
            currency = Currency.getInstance(raw.currency());
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "currency: '" + raw.currency() + "' is not an ISO 4217 currency code");
        }

        BridgeConfig.SecuconnectConfig sc = raw.secuconnect();
        Optional<String> clientId = nonBlank(sc.clientId());
        Optional<String> clientSecret = nonBlank(sc.clientSecret());
        boolean sandbox = sandboxEnabled && clientId.isEmpty() && clientSecret.isEmpty();

        URI baseUrl = sandbox
                ? sandboxUrl
                : parseBaseUrl(sc.baseUrl(), prefix + "secuconnect.base-url", production, problems);
        Grant grant = Grant.fromConfig(sc.grant()).orElse(null);
        if (grant == null) {
            problems.add(prefix + "secuconnect.grant: unknown grant '" + sc.grant()
                    + "' (allowed: client-credentials, device, refresh-token)");
        }
        if (!sandbox) {
            if (clientId.isEmpty()) {
                problems.add(prefix + "secuconnect.client-id: missing (the OAuth client id from secuconnect)");
            }
            if (clientSecret.isEmpty()) {
                problems.add(prefix + "secuconnect.client-secret: missing (the OAuth client secret from secuconnect)");
            }
            if (grant == Grant.DEVICE && nonBlank(sc.deviceUuid()).isEmpty()) {
                problems.add(prefix + "secuconnect.device-uuid: missing, required by grant 'device'");
            }
            if (grant == Grant.REFRESH_TOKEN && nonBlank(sc.refreshToken()).isEmpty()) {
                problems.add(prefix + "secuconnect.refresh-token: missing, required by grant 'refresh-token'");
            }
            if (grant == Grant.DEVICE && nonBlank(sc.refreshToken()).isEmpty()) {
                problems.add(prefix + "secuconnect.refresh-token: missing, required by grant 'device' (the refresh"
                        + " token of the device session authorised once in SecuOffice)");
            }
        }
        if (sc.connectTimeout().isNegative() || sc.connectTimeout().isZero()) {
            problems.add(prefix + "secuconnect.connect-timeout: must be positive");
        }
        if (sc.readTimeout().isNegative() || sc.readTimeout().isZero()) {
            problems.add(prefix + "secuconnect.read-timeout: must be positive");
        }
        if (sc.maxConcurrentCalls() < 2) {
            problems.add(
                    prefix + "secuconnect.max-concurrent-calls: must be at least 2, was " + sc.maxConcurrentCalls());
        }
        if (sc.maxConcurrentBackgroundCalls() < 1 || sc.maxConcurrentBackgroundCalls() >= sc.maxConcurrentCalls()) {
            problems.add(prefix + "secuconnect.max-concurrent-background-calls: must be at least 1 and below"
                    + " max-concurrent-calls (the rest is kept for payments), was "
                    + sc.maxConcurrentBackgroundCalls());
        }

        BridgeConfig.ErpConfig erp = raw.erp();
        Optional<String> apiKey = nonBlank(erp.apiKey());
        if (apiKey.isEmpty()) {
            problems.add(prefix + "erp.api-key: missing (the key the ERP sends as Authorization: Bearer)");
        } else if (apiKey.get().length() < 16) {
            problems.add(
                    prefix + "erp.api-key: too short (" + apiKey.get().length() + " characters, at least 16 required)");
        }
        Optional<URI> callbackUrl = nonBlank(erp.callbackUrl())
                .map(u -> parseBaseUrl(u, prefix + "erp.callback-url", production, problems));
        Optional<String> signingSecret = nonBlank(erp.signingSecret());
        if (signingSecret.isPresent() && signingSecret.get().length() < 16) {
            problems.add(prefix + "erp.signing-secret: too short (at least 16 characters required)");
        }
        Set<SignatureScheme> signatureVersions = signatureVersions(erp.signatureVersions(), prefix, problems);
        if (production && signingSecret.isEmpty() && !erp.allowUnsigned()) {
            problems.add(prefix
                    + "erp.signing-secret: missing; in production a merchant without a signing secret needs "
                    + prefix + "erp.allow-unsigned=true (its bearer key alone then books and cancels payments, and its"
                    + " callbacks go out unsigned)");
        }

        BridgeConfig.CardSyncConfig cs = raw.cardSync();
        Optional<String> cron = Optional.of(cs.cron().trim()).filter(c -> !c.isEmpty() && !c.equalsIgnoreCase("off"));
        if (cs.pageSize() < 1 || cs.pageSize() > 1000) {
            problems.add(prefix + "card-sync.page-size: must be between 1 and 1000, was " + cs.pageSize());
        }

        ZoneId timeZone = null;
        try {
            timeZone = ZoneId.of(raw.timeZone().trim());
        } catch (DateTimeException e) {
            problems.add(prefix + "time-zone: '" + raw.timeZone() + "' is not a time zone id (e.g. Europe/Berlin)");
        }
        Optional<String> reconciliationCron =
                Optional.of(raw.reconciliation().cron().trim()).filter(c -> !c.isEmpty() && !c.equalsIgnoreCase("off"));

        if (!problems.isEmpty()) {
            throw new InvalidMerchantConfigException(key, problems);
        }
        return new Merchant(
                key,
                currency,
                new Merchant.SecuconnectSettings(
                        baseUrl,
                        grant,
                        sandbox ? "sandbox-client" : clientId.get(),
                        new Secret(sandbox ? "sandbox-secret" : clientSecret.get()),
                        nonBlank(sc.deviceUuid()),
                        nonBlank(sc.refreshToken()).map(Secret::new),
                        nonBlank(sc.merchantId()),
                        sc.connectTimeout(),
                        sc.readTimeout(),
                        sandbox,
                        new Merchant.CallBound(sc.maxConcurrentCalls(), sc.maxConcurrentBackgroundCalls())),
                new Merchant.ErpSettings(
                        new Secret(apiKey.get()), signingSecret.map(Secret::new), callbackUrl, signatureVersions),
                new Merchant.CardSyncSettings(cron, cs.pageSize()),
                timeZone,
                new Merchant.ReconciliationSettings(reconciliationCron));
    }

    private static Set<SignatureScheme> signatureVersions(List<String> labels, String prefix, List<String> problems) {
        Set<SignatureScheme> schemes = EnumSet.noneOf(SignatureScheme.class);
        for (String label : labels) {
            SignatureScheme.of(label)
                    .ifPresentOrElse(
                            schemes::add,
                            () -> problems.add(prefix + "erp.signature-versions: unknown scheme '" + label.trim()
                                    + "' (allowed: v2, or v1,v2 while migrating)"));
        }
        if (labels.isEmpty()) {
            problems.add(prefix + "erp.signature-versions: empty (allowed: v2, or v1,v2 while migrating)");
        }
        return Set.copyOf(schemes.isEmpty() ? EnumSet.of(SignatureScheme.V2) : schemes);
    }

    private static URI parseBaseUrl(String value, String keyName, boolean production, List<String> problems) {
        try {
            URI uri = new URI(value.trim());
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(keyName + ": '" + value + "' is not an absolute http(s) URL");
                return null;
            }
            if (production && "http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
                // credentials, tokens and signed events would cross the network in clear text
                problems.add(keyName + ": '" + value + "' is plain http, refused in production (use https; http only"
                        + " to a loopback host)");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(keyName + ": '" + value + "' is not a valid URL");
            return null;
        }
    }

    /** localhost, 127.0.0.0/8 or ::1, by name only (resolving a name here would trust DNS). */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost")
                || h.matches("127(\\.\\d{1,3}){3}")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Optional<String> nonBlank(String value) {
        return nonBlank(Optional.ofNullable(value));
    }
}
