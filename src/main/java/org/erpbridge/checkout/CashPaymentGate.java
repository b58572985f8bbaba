package org.erpbridge.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.common.LogContext;
import org.erpbridge.erp.CorrelationFilter;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Admission of {@code POST /api/v1/merchants/{merchant}/cash-payments}, on the Vert.x event loop as the request
 * arrives: before its body is read and before it waits for a worker thread. It stamps the arrival (sync-wait
 * counts from there), and admits the request within {@link InFlightBound} or answers 503 with Retry-After at
 * once, nothing stored. An admitted request is counted until its answer is sent (or its connection closes).
 * <p>
 * The merchant a request counts for is decided by its bearer key alone, which needs no body: the key is compared
 * with the path merchant's, in constant time. The signature (which needs the body) is still checked afterwards by
 * the ERP auth filter. A request whose key does not match counts in a small pool of its own, so an
 * unauthenticated flood neither takes a merchant's room nor grows without bound.
 */
@ApplicationScoped
class CashPaymentGate {
    private static final Logger LOG = Logger.getLogger(CashPaymentGate.class);
    private static final String PATH = "/api/v1/merchants/([^/]+)/cash-payments/?";
    private static final String ARRIVAL = "org.erpbridge.checkout.arrival";
    private static final String BEARER = "Bearer ";
    private static final String NO_MERCHANT = "none";
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final InFlightBound bound;
    private final Map<String, byte[]> apiKeys = new HashMap<>();
    private final String retryAfterSeconds;
    private final Map<InFlightBound.Verdict, byte[]> refusals = new HashMap<>();
    private final Map<String, byte[]> shareRefusals = new HashMap<>();
    private final Map<String, Counter> refused = new HashMap<>();
    private final AtomicLong nextLog = new AtomicLong(System.nanoTime());
    private final AtomicLong refusedSinceLog = new AtomicLong();

    CashPaymentGate(BridgeConfig config, Merchants merchants, ObjectMapper json, MeterRegistry registry) {
        BridgeConfig.Checkout checkout = config.checkout();
        require(
                checkout.maxInFlight() >= 1,
                "bridge.checkout.max-in-flight must be at least 1, was " + checkout.maxInFlight());
        require(
                checkout.maxInFlightUnauthenticated() >= 1,
                "bridge.checkout.max-in-flight-unauthenticated must be at least 1, was "
                        + checkout.maxInFlightUnauthenticated());
        require(
                checkout.pressureRatio() > 0 && checkout.pressureRatio() <= 1,
                "bridge.checkout.pressure-ratio must be above 0 and at most 1, was " + checkout.pressureRatio());
        require(!checkout.retryAfter().isNegative(), "bridge.checkout.retry-after must not be negative");
        this.bound = new InFlightBound(
                checkout.maxInFlight(),
                merchants.all().size(),
                checkout.maxInFlightUnauthenticated(),
                checkout.pressureRatio());
        long seconds = Math.max(1, (checkout.retryAfter().toMillis() + 999) / 1000);
        this.retryAfterSeconds = Long.toString(seconds);
        String resend = "; nothing was stored: send the payment again after " + seconds + " s (Retry-After)";
        refusals.put(
                InFlightBound.Verdict.REPLICA_FULL,
                render(
                        json,
                        "This replica already has " + checkout.maxInFlight() + " cash payments in flight" + resend));
        refusals.put(
                InFlightBound.Verdict.UNAUTHENTICATED_FULL,
                render(json, "Too many cash-payment requests without a valid API key are in flight" + resend));
        for (Merchant m : merchants.all()) {
            apiKeys.put(m.key(), m.erp().apiKey().reveal().getBytes(StandardCharsets.UTF_8));
            shareRefusals.put(
                    m.key(),
                    render(
                            json,
                            "Merchant " + m.key() + " already has its share of this replica's "
                                    + "cash payments in flight, other merchants are waiting" + resend));
            registerMeters(registry, m.key(), InFlightBound.Verdict.REPLICA_FULL, InFlightBound.Verdict.MERCHANT_SHARE);
        }
        registerMeters(registry, NO_MERCHANT, InFlightBound.Verdict.UNAUTHENTICATED_FULL);
    }

    void register(@Observes Router router) {
        // ahead of every Quarkus route but the access log and CORS: nothing has read the body yet
        router.routeWithRegex(HttpMethod.POST, PATH)
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::admit);
    }

    void admit(RoutingContext ctx) {
        long arrived = System.nanoTime();
        String merchant = keyHolder(ctx.pathParam("param0"), ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        InFlightBound.Verdict verdict = bound.admit(merchant);
        if (verdict != InFlightBound.Verdict.ADMITTED) {
            refuse(ctx, merchant, verdict);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        ctx.addEndHandler(done -> {
            if (released.compareAndSet(false, true)) {
                bound.release(merchant);
            }
        });
        ctx.put(ARRIVAL, new Arrival(arrived, bound::underPressure));
        ctx.next();
    }

    /** The request's arrival as stamped on the event loop; now when it did not pass the gate (not over HTTP). */
    Arrival arrivalOf(RoutingContext ctx) {
        Arrival arrival = ctx == null ? null : ctx.get(ARRIVAL);
        return arrival != null ? arrival : new Arrival(System.nanoTime(), bound::underPressure);
    }

    InFlightBound bound() {
        return bound;
    }

    /** The path merchant when the bearer key is its ERP API key, else null. */
    private String keyHolder(String merchant, String authorization) {
        byte[] expected = merchant == null ? null : apiKeys.get(merchant);
        if (expected == null
                || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, presented) ? merchant : null;
    }

    private void refuse(RoutingContext ctx, String merchant, InFlightBound.Verdict verdict) {
        HttpServerRequest request = ctx.request();
        byte[] body =
                verdict == InFlightBound.Verdict.MERCHANT_SHARE ? shareRefusals.get(merchant) : refusals.get(verdict);
        ctx.response()
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiProblemMapper.PROBLEM_JSON)
                .putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .putHeader(
                        CorrelationFilter.HEADER,
                        LogContext.correlationIdFrom(request.getHeader(CorrelationFilter.HEADER)))
                .end(Buffer.buffer(body));
        // the body is not wanted: let it arrive and be dropped, so the connection stays usable
        if (!request.isEnded()) {
            request.resume();
        }
        refused.get(meterKey(merchant, verdict)).increment();
        logRefusals(verdict);
    }

    /** One WARN per 10 s at most, however many requests are refused: a refusal must stay cheap. */
    private void logRefusals(InFlightBound.Verdict latest) {
        long count = refusedSinceLog.incrementAndGet();
        long due = nextLog.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextLog.compareAndSet(due, now + LOG_EVERY_NANOS)) {
            refusedSinceLog.addAndGet(-count);
            LOG.warnf(
                    "Refused %d cash payments with 503 since the last report (latest: %s; %d of %d in flight)",
                    count, latest.tag, bound.inFlight(), bound.bound());
        }
    }

    private void registerMeters(MeterRegistry registry, String merchant, InFlightBound.Verdict... reasons) {
        for (InFlightBound.Verdict reason : reasons) {
            refused.put(
                    meterKey(merchant, reason),
                    Counter.builder("bridge.cash.payments.refused")
                            .description("Cash-payment POSTs answered 503 by the admission gate, nothing stored")
                            .tag("merchant", merchant)
                            .tag("reason", reason.tag)
                            .register(registry));
        }
        String counted = NO_MERCHANT.equals(merchant) ? null : merchant;
        Gauge.builder("bridge.cash.payments.in.flight", bound, b -> b.inFlight(counted))
                .description("Cash-payment POSTs admitted and not answered yet (merchant none: without a valid key)")
                .tag("merchant", merchant)
                .register(registry);
    }

    private static String meterKey(String merchant, InFlightBound.Verdict verdict) {
        return (merchant == null ? NO_MERCHANT : merchant) + "/" + verdict.tag;
    }

    /** The 503 problem, rendered once: the same members as every other problem of the API. */
    private static byte[] render(ObjectMapper json, String detail) {
        Response response =
                ApiProblemMapper.toResponse(new ApiProblem(503, "overloaded", "The bridge is busy", detail));
        try {
            return json.writeValueAsBytes(response.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the 503 problem", e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
