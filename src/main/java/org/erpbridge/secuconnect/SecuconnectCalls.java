package org.erpbridge.secuconnect;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.Backoff;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.model.SmartTransaction;

import com.fasterxml.jackson.databind.JavaType;
import org.jboss.logging.Logger;

/**
 * Runs one facade operation against one merchant's secuconnect: the lane's circuit breaker, a place within the
 * merchant's concurrent-call bound, token (with one refresh and
 * one replay when secuconnect refuses it), retries where safe, metrics and one log line. Bodies, tokens and
 * card numbers are never logged.
 */
@ApplicationScoped
class SecuconnectCalls {
    private static final Logger LOG = Logger.getLogger(SecuconnectCalls.class);

    /** Sends the request on the merchant's transport with the given {@code Authorization} value. */
    @FunctionalInterface
    interface ApiCall {
        RawResponse send(SecuconnectHttp http, String authorization) throws IOException, InterruptedException;
    }

    private final Merchants merchants;
    private final MerchantTransports transports;
    private final TokenBrokers tokens;
    private final MerchantBreakers breakers;
    private final MerchantCallBounds bounds;
    private final ResponseReader reader;
    private final SecuconnectMetrics metrics;
    private final int retries;
    private final Backoff backoff;
    private final Clock clock;

    SecuconnectCalls(
            Merchants merchants,
            MerchantTransports transports,
            TokenBrokers tokens,
            MerchantBreakers breakers,
            MerchantCallBounds bounds,
            ResponseReader reader,
            SecuconnectMetrics metrics,
            BridgeConfig config,
            Clock clock) {
        this.clock = clock;
        this.bounds = bounds;
        this.merchants = merchants;
        this.transports = transports;
        this.tokens = tokens;
        this.breakers = breakers;
        this.reader = reader;
        this.metrics = metrics;
        this.retries = Math.max(0, config.secuconnect().readRetries());
        this.backoff = new Backoff(
                config.secuconnect().retryBaseDelay(),
                config.secuconnect().retryMaxDelay(),
                Duration.ZERO,
                ThreadLocalRandom.current());
    }

    Merchant merchant(String key) {
        return merchants.get(key);
    }

    <T> T execute(String merchantKey, Lane lane, Operation op, String resourceId, JavaType type, ApiCall call) {
        return execute(merchantKey, lane, op, resourceId, type, SendWindow.UNBOUNDED, call);
    }

    /** Runs the call; nothing is sent (token request, call, retry or replay) that could still be under way when {@code window} closes. */
    <T> T execute(
            String merchantKey,
            Lane lane,
            Operation op,
            String resourceId,
            JavaType type,
            SendWindow window,
            ApiCall call) {
        Merchant merchant = merchants.get(merchantKey);
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Attempt progress = new Attempt();
            try {
                T value = attempt(merchant, lane, op, type, window, call, progress);
                report(
                        merchant.key(),
                        op,
                        resourceId != null ? resourceId : idOf(value),
                        CallOutcome.OK,
                        started,
                        attempt,
                        null);
                return value;
            } catch (SecuconnectException e) {
                Duration pause = backoff.delay(attempt - 1);
                if (attempt > retries
                        || !retryable(lane, op, e, progress, merchant.key())
                        || !window.admits(clock.instant().plus(pause), longestExchange(merchant))
                        || !Backoff.sleep(pause)) {
                    report(merchant.key(), op, resourceId, CallOutcome.of(e), started, attempt, e);
                    throw progress.mayHaveExecuted ? e : notSent(merchant, op, e);
                }
            }
        }
    }

    /**
     * One token round without retries (health checks must not hammer secuconnect), on the payment lane: the probe
     * asks whether payments can get through, and a token that cannot be had is a payment-path failure.
     */
    boolean tokenObtainable(String merchantKey) {
        Merchant merchant = merchants.find(merchantKey).orElse(null);
        if (merchant == null) {
            return false;
        }
        MerchantCircuitBreaker breaker = breakers.of(merchant.key(), Lane.PAYMENT);
        if (!breaker.allowsCall()) {
            return false;
        }
        try (MerchantCallBounds.Place place = bounds.take(merchant, Lane.PAYMENT, Operation.TOKEN)) {
            tokens.of(merchant).token();
            breaker.recordSuccess();
            return true;
        } catch (SecuconnectException e) {
            recordOutcome(breaker, e);
            LOG.debugf("secuconnect token not obtainable for merchant=%s: %s", merchant.key(), e.getMessage());
            return false;
        }
    }

    private <T> T attempt(
            Merchant merchant,
            Lane lane,
            Operation op,
            JavaType type,
            SendWindow window,
            ApiCall call,
            Attempt progress) {
        MerchantCircuitBreaker breaker = breakers.of(merchant.key(), lane);
        MerchantCallBounds.Place place;
        try {
            place = bounds.take(merchant, lane, op);
        } catch (SecuconnectUnreachableException full) {
            progress.refusedHere = true; // nothing left: no news for the breaker, and no retry piling onto the bound
            throw full;
        }
        if (!breaker.allowsCall()) {
            place.close();
            throw SecuconnectUnreachableException.breakerOpen(merchant.key(), lane, op.label(), breaker.trialsFrom());
        }
        try (place) {
            TokenBroker broker = tokens.of(merchant);
            SecuconnectHttp http = transports.of(merchant);
            ensureOpen(merchant, op, window, progress);
            String token = broker.token();
            ensureOpen(merchant, op, window, progress);
            progress.mayHaveExecuted = true;
            RawResponse raw = Exchange.send(merchant.key(), op, () -> call.send(http, "Bearer " + token));
            if (reader.tokenRejected(raw)) {
                // refused before execution: refresh once and replay once
                progress.mayHaveExecuted = false;
                broker.invalidate(token);
                ensureOpen(merchant, op, window, progress);
                String fresh = broker.token();
                ensureOpen(merchant, op, window, progress);
                progress.mayHaveExecuted = true;
                raw = Exchange.send(merchant.key(), op, () -> call.send(http, "Bearer " + fresh));
            }
            T value = reader.value(merchant.key(), op, raw, type);
            breaker.recordSuccess();
            return value;
        } catch (SecuconnectException e) {
            if (!progress.refusedHere) {
                recordOutcome(breaker, e); // our own refusal to send says nothing about secuconnect's health
            }
            throw e;
        }
    }

    /**
     * The last try failed before the call itself left (while getting a token, or refused by the window): whatever
     * the token endpoint did, the call was not executed, and callers may treat it as never sent.
     */
    private static SecuconnectException notSent(Merchant merchant, Operation op, SecuconnectException e) {
        if (!e.outcomeUnknown()) {
            return e;
        }
        return new SecuconnectUnreachableException(
                merchant.key(), op.label(), false, op.label() + " not sent: " + e.getMessage(), e);
    }

    /** Refuses to send when the answer could arrive after the window closes (the request then never leaves). */
    private void ensureOpen(Merchant merchant, Operation op, SendWindow window, Attempt progress) {
        if (!window.admits(clock.instant(), longestExchange(merchant))) {
            progress.refusedHere = true;
            throw new SecuconnectUnreachableException(
                    merchant.key(),
                    op.label(),
                    false,
                    op.label() + " not sent: its " + "answer could arrive after " + window.closesAt()
                            + ", when the payment's lease runs out",
                    null);
        }
    }

    private static Duration longestExchange(Merchant merchant) {
        return merchant.secuconnect()
                .connectTimeout()
                .plus(merchant.secuconnect().readTimeout());
    }

    private boolean retryable(Lane lane, Operation op, SecuconnectException e, Attempt progress, String merchant) {
        if (progress.refusedHere
                || breakers.of(merchant, lane).isOpen()
                || e instanceof SecuconnectAuthenticationException
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

    private void report(
            String merchant,
            Operation op,
            String id,
            CallOutcome outcome,
            long startedNanos,
            int attempts,
            SecuconnectException failure) {
        Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
        metrics.call(merchant, op, outcome, duration);
        if (failure == null) {
            LOG.debugf(
                    "secuconnect %s merchant=%s id=%s outcome=%s duration=%dms attempts=%d",
                    op.label(), merchant, id, outcome.label(), duration.toMillis(), attempts);
        } else {
            LOG.infof(
                    "secuconnect %s merchant=%s id=%s outcome=%s duration=%dms attempts=%d: %s",
                    op.label(), merchant, id, outcome.label(), duration.toMillis(), attempts, failure.getMessage());
        }
    }

    private static String idOf(Object value) {
        return value instanceof SmartTransaction st ? st.id() : null;
    }

    /** Whether the current attempt's request may have been executed by secuconnect. */
    private static final class Attempt {
        boolean mayHaveExecuted;
        /**
         * The bridge refused the request itself (send window closed, concurrent-call bound reached): nothing left,
         * and nothing to tell the circuit breaker.
         */
        boolean refusedHere;
    }
}
