package org.erpbridge.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchants;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.Logger;

/**
 * Throttles guessing of ERP API keys, signatures and dashboard passwords, per client address and per merchant. Each
 * failure with offered credentials is logged (WARN, with the address, never the offered secret) and counted; past
 * an allowance the address, or the merchant, is refused with 429 and {@code Retry-After} for an exponentially growing
 * time. A merchant under attack refuses only addresses that have not authenticated for it lately, so its own ERP keeps
 * working. Kept per replica in memory (see {@link BridgeConfig.AuthThrottleSettings}): a failure costs no database write.
 */
@ApplicationScoped
public class AuthThrottle {
    private static final Logger LOG = Logger.getLogger(AuthThrottle.class);
    private static final String NONE = "none";
    /** Addresses remembered per merchant as having authenticated lately. */
    private static final int KNOWN_ADDRESSES_PER_MERCHANT = 64;

    /** Where credentials were offered. */
    public enum Surface {
        ERP_API("erp-api"),
        DASHBOARD("dashboard");

        final String tag;

        Surface(String tag) {
            this.tag = tag;
        }
    }

    private final FailureLedger addresses;
    private final FailureLedger merchantLedger;
    private final Merchants merchants;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Set<String>> knownAddresses = new ConcurrentHashMap<>();

    AuthThrottle(BridgeConfig config, Merchants merchants, Clock clock, MeterRegistry registry) {
        BridgeConfig.AuthThrottleSettings t = config.authThrottle();
        this.addresses = new FailureLedger(
                t.addressFreeFailures(), t.baseDelay(), t.maxDelay(), t.forgetAfter(), t.maxTrackedAddresses());
        this.merchantLedger = new FailureLedger(
                t.merchantFreeFailures(),
                t.baseDelay(),
                t.maxDelay(),
                t.forgetAfter(),
                Math.max(1, merchants.all().size()));
        this.merchants = merchants;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * How long a request from {@code address} for {@code merchantKey} (the path's, possibly unknown) must wait; empty
     * when it may try. Checked before its credentials are looked at, so a refused guess teaches nothing.
     */
    public Optional<Duration> refusal(Surface surface, String address, String merchantKey) {
        long now = clock.millis();
        String merchant = configured(merchantKey);
        long wait = addresses.refusedForMillis(address, now);
        String scope = "address";
        if (wait == 0 && merchant != null && !knownAddresses(merchant).contains(address)) {
            wait = merchantLedger.refusedForMillis(merchant, now);
            scope = "merchant";
        }
        if (wait == 0) {
            return Optional.empty();
        }
        counter(
                        "bridge.auth.throttled",
                        "Requests refused with 429 after failed authentications",
                        surface,
                        merchant,
                        "scope",
                        scope)
                .increment();
        return Optional.of(Duration.ofMillis(wait));
    }

    /** Offered credentials were wrong: counted for the address and the merchant, logged without the credentials. */
    public void failed(Surface surface, String address, String merchantKey, String reason) {
        long now = clock.millis();
        String merchant = configured(merchantKey);
        int fromAddress = addresses.failed(address, now);
        if (merchant != null) {
            merchantLedger.failed(merchant, now);
        }
        counter(
                        "bridge.auth.failures",
                        "Failed authentications with offered credentials",
                        surface,
                        merchant,
                        "reason",
                        reason)
                .increment();
        long refusedFor = addresses.refusedForMillis(address, now);
        LOG.warnf(
                "Failed %s authentication from address=%s merchant=%s reason=%s (%d failures from this address%s)",
                surface.tag,
                address,
                merchant == null ? NONE : merchant,
                reason,
                fromAddress,
                refusedFor > 0 ? "; refused for " + (refusedFor + 999) / 1000 + " s" : "");
    }

    /** Valid credentials: the address's failures are cleared, and it counts as one of the merchant's own. */
    public void succeeded(String address, String merchantKey) {
        addresses.succeeded(address);
        String merchant = configured(merchantKey);
        if (merchant != null) {
            knownAddresses(merchant).add(address);
        }
    }

    /** The client's address as Quarkus sees it (behind a proxy: with quarkus.http.proxy.* the forwarded one). */
    public static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null || request.remoteAddress().hostAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }

    /** Whole seconds, rounded up, for a {@code Retry-After} header. */
    public static String retryAfterSeconds(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    private Set<String> knownAddresses(String merchant) {
        // insertion-ordered and bounded: the oldest address is forgotten first
        return knownAddresses.computeIfAbsent(
                merchant,
                m -> Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > KNOWN_ADDRESSES_PER_MERCHANT;
                    }
                })));
    }

    /** Only configured merchant keys become tags or ledger keys: the path is untrusted input. */
    private String configured(String merchantKey) {
        return merchants.find(merchantKey).map(m -> m.key()).orElse(null);
    }

    private Counter counter(
            String name, String description, Surface surface, String merchant, String tag, String value) {
        return Counter.builder(name)
                .description(description)
                .tag("surface", surface.tag)
                .tag("merchant", merchant == null ? NONE : merchant)
                .tag(tag, value)
                .register(registry);
    }
}
