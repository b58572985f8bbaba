package org.erpbridge.secuconnect;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JavaType;

/**
 * Runs one facade operation against one merchant's secuconnect: circuit breaker, token (with one refresh and
 * one replay when secuconnect refuses it), retries where safe, metrics and one log line. Bodies, tokens and
 * card numbers are never logged.
 */
@ApplicationScoped
class SecuconnectCalls {
    private static final Logger LOG = Logger.getLogger(SecuconnectCalls.class);

    /** Sends the request through the merchant's proxies with the given {@code Authorization} value. */
    @FunctionalInterface
    interface ApiCall {
        Response send(MerchantApis.Proxies proxies, String authorization);
    }

    private final Merchants merchants;
    private final MerchantApis apis;
    private final TokenBrokers tokens;
    private final MerchantBreakers breakers;
    private final ResponseReader reader;
    private final SecuconnectMetrics metrics;
    private final int retries;
    private final Backoff backoff;

    SecuconnectCalls(Merchants merchants, MerchantApis apis, TokenBrokers tokens, MerchantBreakers breakers,
            ResponseReader reader, SecuconnectMetrics metrics, BridgeConfig config) {
        this.merchants = merchants;
        this.apis = apis;
        this.tokens = tokens;
        this.breakers = breakers;
        this.reader = reader;
        this.metrics = metrics;
        this.retries = Math.max(0, config.secuconnect().readRetries());
        this.backoff = new Backoff(config.secuconnect().retryBaseDelay(), config.secuconnect().retryMaxDelay());
    }

    Merchant merchant(String key) {
        return merchants.get(key);
    }

    <T> T execute(String merchantKey, Operation op, String resourceId, JavaType type, ApiCall call) {
        Merchant merchant = merchants.get(merchantKey);
        long started = System.nanoTime();
        for (int attempt = 1;; attempt++) {
            Attempt progress = new Attempt();
            try {
                T value = attempt(merchant, op, type, call, progress);
                report(merchant.key(), op, resourceId != null ? resourceId : idOf(value), CallOutcome.OK, started,
                        attempt, null);
                return value;
            } catch (SecuconnectException e) {
                if (attempt > retries || !retryable(op, e, progress, merchant.key())
                        || !Backoff.sleep(backoff.delayBefore(attempt - 1))) {
                    report(merchant.key(), op, resourceId, CallOutcome.of(e), started, attempt, e);
                    throw e;
                }
            }
        }
    }

    /** One token round without retries (health checks must not hammer secuconnect). */
    boolean tokenObtainable(String merchantKey) {
        Merchant merchant = merchants.find(merchantKey).orElse(null);
        if (merchant == null) {
            return false;
        }
        MerchantCircuitBreaker breaker = breakers.of(merchant.key());
        if (!breaker.allowsCall()) {
            return false;
        }
        try {
            tokens.of(merchant).token();
            breaker.recordSuccess();
            return true;
        } catch (SecuconnectException e) {
            recordOutcome(breaker, e);
            LOG.debugf("secuconnect token not obtainable for merchant=%s: %s", merchant.key(), e.getMessage());
            return false;
        }
    }

    private <T> T attempt(Merchant merchant, Operation op, JavaType type, ApiCall call, Attempt progress) {
        MerchantCircuitBreaker breaker = breakers.of(merchant.key());
        if (!breaker.allowsCall()) {
            throw new SecuconnectUnreachableException(merchant.key(), op.label(), false, "circuit breaker of merchant "
                    + merchant.key() + " is open after repeated secuconnect failures: " + op.label() + " not sent", null);
        }
        try {
            TokenBroker broker = tokens.of(merchant);
            MerchantApis.Proxies proxies = apis.of(merchant);
            String token = broker.token();
            progress.mayHaveExecuted = true;
            RawResponse raw = Exchange.send(merchant.key(), op, () -> call.send(proxies, "Bearer " + token));
            if (reader.tokenRejected(raw)) {
                // refused before execution: refresh once and replay once
                progress.mayHaveExecuted = false;
                broker.invalidate(token);
                String fresh = broker.token();
                progress.mayHaveExecuted = true;
                raw = Exchange.send(merchant.key(), op, () -> call.send(proxies, "Bearer " + fresh));
            }
            T value = reader.value(merchant.key(), op, raw, type);
            breaker.recordSuccess();
            return value;
        } catch (SecuconnectException e) {
            recordOutcome(breaker, e);
            throw e;
        }
    }

    private boolean retryable(Operation op, SecuconnectException e, Attempt progress, String merchant) {
        if (breakers.of(merchant).isOpen() || e instanceof SecuconnectAuthenticationException
                || e instanceof SecuconnectRejectedException) {
            return false;
        }
        if (!progress.mayHaveExecuted) {
            return true; // failed while getting the token: the call itself never left
        }
        if (e instanceof SecuconnectUnreachableException u && !u.requestSent()) {
            return true;
        }
        return op.read();
    }

    private static void recordOutcome(MerchantCircuitBreaker breaker, SecuconnectException e) {
        if (e instanceof SecuconnectUnreachableException || e instanceof SecuconnectServerException) {
            breaker.recordFailure();
        } else {
            breaker.recordSuccess();
        }
    }

    private void report(String merchant, Operation op, String id, CallOutcome outcome, long startedNanos, int attempts,
            SecuconnectException failure) {
        Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
        metrics.call(merchant, op, outcome, duration);
        if (failure == null) {
            LOG.debugf("secuconnect %s merchant=%s id=%s outcome=%s duration=%dms attempts=%d", op.label(), merchant, id,
                    outcome.label(), duration.toMillis(), attempts);
        } else {
            LOG.infof("secuconnect %s merchant=%s id=%s outcome=%s duration=%dms attempts=%d: %s", op.label(), merchant,
                    id, outcome.label(), duration.toMillis(), attempts, failure.getMessage());
        }
    }

    private static String idOf(Object value) {
        return value instanceof SmartTransaction st ? st.id() : null;
    }

    /** Whether the current attempt's request may have been executed by secuconnect. */
    private static final class Attempt {
        boolean mayHaveExecuted;
    }
}
