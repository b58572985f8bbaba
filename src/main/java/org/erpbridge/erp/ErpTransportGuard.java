package org.erpbridge.erp;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.throttle.AuthThrottle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The ERP API's first line, on the Vert.x event loop as a request's headers arrive, before anything reads its body
 * (ahead of the cash-payment admission gate too): a throttled address or merchant gets 429, an announced body over
 * {@link ErpAuthFilter#MAX_BODY_BYTES} gets 413, a wrong bearer key gets 401, all as problem details and without
 * buffering the body; what such a request still sends is discarded unread (and its connection closed past a bound).
 * An admitted request's body must arrive within {@code bridge.erp-api.body-timeout}, else 408 and the connection is
 * closed. {@link ErpAuthFilter} checks key and signature again once the body is read (at most 256 KiB, streamed).
 */
@ApplicationScoped
class ErpTransportGuard {
    /** Routing-context flag set by {@link ErpAuthFilter} once it holds the whole body: the body timeout is over. */
    static final String BODY_READ = "org.erpbridge.erp.body-read";
    /**
     * Routing-context value (System.nanoTime) set by {@link ErpAuthFilter} when a worker thread takes the request up:
     * until then the body waits in the socket because of the bridge's own queue, not the client, so the body timeout
     * counts from there.
     */
    static final String TAKEN_UP = "org.erpbridge.erp.taken-up";

    private static final String PATH = "/api/v1/merchants/([^/]+)(/.*)?";
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    /**
     * What a refused request may still send, discarded, before its connection is closed: a small body arrives whole
     * (the connection stays usable), a large one is cut off soon (Vert.x copies each chunk to the heap on its way).
     */
    private static final long DISCARD_LIMIT_BYTES = 64 * 1024;
    /**
     * Quarkus' per-request key for the chunked-body limit ({@code quarkus.http.limits.max-body-size}): past it, its
     * input stream answers a bare 413 mid-read. For an admitted ERP request the limit is moved beyond what
     * {@link ErpAuthFilter} ever reads (256 KiB + 1 byte, plus one chunk in flight), so the filter refuses an
     * oversized chunked body itself, as a problem document.
     */
    static final String QUARKUS_BODY_LIMIT = "io.quarkus.max-request-size";

    private static final long ADMITTED_BODY_LIMIT = 2L * ErpAuthFilter.MAX_BODY_BYTES;

    private final Merchants merchants;
    private final AuthThrottle throttle;
    private final ObjectMapper json;
    private final long bodyTimeoutMillis;

    ErpTransportGuard(Merchants merchants, AuthThrottle throttle, ObjectMapper json, BridgeConfig config) {
        this.merchants = merchants;
        this.throttle = throttle;
        this.json = json;
        this.bodyTimeoutMillis = config.erpApi().bodyTimeout().toMillis();
        if (bodyTimeoutMillis <= 0) {
            throw new IllegalStateException("bridge.erp-api.body-timeout must be positive");
        }
    }

    void register(@Observes Router router) {
        // before the cash-payment gate (ROUTE_ORDER_UPLOAD_LIMIT - 1) and Quarkus' own body limit
        router.routeWithRegex(PATH)
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2)
                .handler(this::guard);
        // right after Quarkus' own limit handler has marked a chunked request with its limit
        router.routeWithRegex(PATH)
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
                .handler(ErpTransportGuard::widenLimit);
    }

    /** Only requests that passed {@link #guard} (right key, not throttled, not announced too large) get here. */
    static void widenLimit(RoutingContext ctx) {
        if (ctx.get(QUARKUS_BODY_LIMIT) != null) {
            ctx.put(QUARKUS_BODY_LIMIT, ADMITTED_BODY_LIMIT);
        }
        ctx.next();
    }

    void guard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String pathMerchant = ctx.pathParam("param0");
        String address = AuthThrottle.clientAddress(request);
        Optional<Duration> wait = throttle.refusal(AuthThrottle.Surface.ERP_API, address, pathMerchant);
        if (wait.isPresent()) {
            refuse(
                    ctx,
                    new ApiProblem(
                                    429,
                                    "too-many-requests",
                                    "Too many failed authentications",
                                    "Too many failed authentications from this address or for this merchant: try again after "
                                            + AuthThrottle.retryAfterSeconds(wait.get()) + " s (Retry-After)")
                            .withHeader(HttpHeaders.RETRY_AFTER, AuthThrottle.retryAfterSeconds(wait.get())),
                    false);
            return;
        }
        if (announcesTooLarge(request.getHeader(HttpHeaders.CONTENT_LENGTH))) {
            refuse(ctx, ErpAuthFilter.tooLarge(), false);
            return;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (!keyMatches(pathMerchant, authorization)) {
            if (authorization != null && !authorization.isBlank()) {
                throttle.failed(AuthThrottle.Surface.ERP_API, address, pathMerchant, "api-key");
            }
            refuse(ctx, ApiProblem.unauthorized(ErpAuthFilter.BAD_CREDENTIALS), false);
            return;
        }
        throttle.succeeded(address, pathMerchant);
        if (BODY_METHODS.contains(request.method().name()) && announcesBody(request) && !request.isEnded()) {
            watchBody(ctx, bodyTimeoutMillis);
        }
        ctx.next();
    }

    /**
     * 408 when the body has not arrived {@code body-timeout} after the request was taken up (the time it waited for a
     * worker thread, the body unread in the socket, is the bridge's and does not count).
     */
    private void watchBody(RoutingContext ctx, long delayMillis) {
        long timer = ctx.vertx().setTimer(delayMillis, id -> {
            HttpServerRequest request = ctx.request();
            if (request.isEnded()
                    || ctx.get(BODY_READ) != null
                    || ctx.response().headWritten()) {
                return;
            }
            Long takenUp = ctx.get(TAKEN_UP);
            long waited = takenUp == null ? 0 : (System.nanoTime() - takenUp) / 1_000_000;
            if (waited < bodyTimeoutMillis) {
                watchBody(ctx, takenUp == null ? bodyTimeoutMillis : bodyTimeoutMillis - waited);
                return;
            }
            refuse(
                    ctx,
                    new ApiProblem(
                            408,
                            "request-timeout",
                            "Request body too slow",
                            "The request body did not arrive within " + bodyTimeoutMillis + " ms"),
                    true);
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    }

    private boolean keyMatches(String pathMerchant, String authorization) {
        return BearerKeys.holder(merchants, pathMerchant, authorization).isPresent();
    }

    /** HTTP/1.1: a request has a body only with a Content-Length above 0 or a Transfer-Encoding. */
    private static boolean announcesBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader("Transfer-Encoding") != null || length != null && !"0".equals(length.trim());
    }

    private static boolean announcesTooLarge(String contentLength) {
        try {
            return contentLength != null && Long.parseLong(contentLength.trim()) > ErpAuthFilter.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Answers with the problem at once. The body is never buffered: what still arrives is discarded, and past a bound
     * (or at once with {@code closeNow}) the connection is closed.
     */
    private void refuse(RoutingContext ctx, ApiProblem problem, boolean closeNow) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiProblemMapper.PROBLEM_JSON)
                .putHeader(
                        CorrelationFilter.HEADER,
                        LogContext.correlationIdFrom(request.getHeader(CorrelationFilter.HEADER)));
        problem.headers().forEach(response::putHeader);
        if (closeNow) {
            // a slow sender: nothing more is read from this connection
            response.putHeader("Connection", "close");
            response.end(Buffer.buffer(render(problem)))
                    .onComplete(done -> request.connection().close());
            return;
        }
        response.end(Buffer.buffer(render(problem)));
        if (!request.isEnded()) {
            long[] discarded = {0};
            request.handler(chunk -> {
                discarded[0] += chunk.length();
                if (discarded[0] > DISCARD_LIMIT_BYTES) {
                    request.connection().close();
                }
            });
            request.resume();
        }
    }

    private byte[] render(ApiProblem problem) {
        Response response = ApiProblemMapper.toResponse(problem);
        try {
            return json.writeValueAsBytes(response.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render a problem", e);
        }
    }
}
