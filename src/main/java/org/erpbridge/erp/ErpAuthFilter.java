package org.erpbridge.erp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.merchant.Secret;
import org.erpbridge.merchant.SignatureScheme;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.throttle.AuthThrottle;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Authenticates every request under {@code /api/v1/merchants/{merchant}/}: the bearer key must be that merchant's
 * ERP API key, and when the merchant has a signing secret, POST/PUT/PATCH requests must be signed under one of its
 * accepted schemes (see {@link Signatures}), and each signature is accepted once ({@link UsedSignatures}; the
 * cash-payment POST records the use itself, in its first transaction: {@link SignatureUse}). The signature is checked
 * over the raw bytes before anything parses them; the same bytes are then handed on to the resource. On success the
 * merchant key is stored in the request context under {@link #MERCHANT_PROPERTY}.
 */
public class ErpAuthFilter {
    /** Request property holding the authenticated merchant key (a String). */
    public static final String MERCHANT_PROPERTY = "org.erpbridge.erp.merchant";
    /** Largest request body accepted (bytes). */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** How far the signature timestamp may be from the bridge's clock, either direction (seconds). */
    public static final long TIMESTAMP_TOLERANCE_SECONDS = 300;

    static final String PATH_PREFIX = "api/v1/merchants/";
    /** The route, under a merchant, that records a signature's use itself: {@code POST .../cash-payments}. */
    private static final String DEFERRED_USE_ROUTE = "/cash-payments";

    private static final Logger LOG = Logger.getLogger(ErpAuthFilter.class);
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    // one answer for unknown merchant, missing key and wrong key, so merchant keys cannot be probed
    static final String BAD_CREDENTIALS =
            "Missing or invalid API key: send Authorization: Bearer <the merchant's ERP API key>";

    private final Merchants merchants;
    private final Clock clock;
    private final UsedSignatures usedSignatures;
    private final AuthThrottle throttle;

    @Inject
    public ErpAuthFilter(Merchants merchants, Clock clock, UsedSignatures usedSignatures, AuthThrottle throttle) {
        this.merchants = merchants;
        this.clock = clock;
        this.usedSignatures = usedSignatures;
        this.throttle = throttle;
    }

    /** Marks when a worker takes an ERP request up (before its body is read), for the transport guard's body timeout. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 50)
    public void takenUp(RoutingContext routing) {
        routing.put(ErpTransportGuard.TAKEN_UP, System.nanoTime());
    }

    // readBody: runs once the body is fully buffered (without blocking the event loop), before deserialisation
    @SuppressWarnings("deprecation")
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, readBody = true)
    public Response authenticate(
            ResteasyReactiveContainerRequestContext request, HttpServerRequest wire, RoutingContext routing) {
        Optional<String> pathMerchant = merchantOf(request.getUriInfo().getPath());
        if (pathMerchant.isEmpty()) {
            return null;
        }
        try {
            // the resource reads {merchant}: it must be the very merchant authenticated here
            String matched = request.getUriInfo().getPathParameters().getFirst("merchant");
            if (matched != null && !matched.equals(pathMerchant.get())) {
                throw ApiProblem.unauthorized(BAD_CREDENTIALS);
            }
            Merchant merchant =
                    authenticateBearer(pathMerchant.get(), request.getHeaderString(HttpHeaders.AUTHORIZATION));
            if (BODY_METHODS.contains(request.getMethod())) {
                byte[] body;
                try {
                    body = readBody(request);
                    routing.put(ErpTransportGuard.BODY_READ, Boolean.TRUE);
                } catch (ApiProblem unread) {
                    if (unread.status() == 408 && wire.response().ended()) {
                        // the transport guard has answered 408 and closed the connection: nothing more is written
                        request.suspend();
                        return null;
                    }
                    if (unread.status() == 413 && !wire.isEnded()) {
                        // the rest of an oversized body is not read: the connection closes once the problem is sent
                        routing.put(ErpTransportGuard.BODY_READ, Boolean.TRUE);
                        wire.response().endHandler(sent -> wire.connection().close());
                        throw unread.withHeader("Connection", "close");
                    }
                    throw unread;
                }
                if (merchant.erp().signingSecret().isPresent()) {
                    String address = AuthThrottle.clientAddress(wire);
                    try {
                        verifySignature(
                                merchant,
                                request,
                                new Signatures.Signed(0, request.getMethod(), requestTarget(wire.uri()), body),
                                refusal -> {
                                    signatureRefused(address, merchant);
                                    logRefusal(request, refusal);
                                });
                    } catch (ApiProblem refused) {
                        signatureRefused(address, merchant);
                        throw refused;
                    }
                }
                request.setEntityStream(new ByteArrayInputStream(body));
            }
            request.setProperty(MERCHANT_PROPERTY, merchant.key());
            return null;
        } catch (ApiProblem problem) {
            logRefusal(request, problem);
            return ApiProblemMapper.toResponse(problem);
        }
    }

    private void signatureRefused(String address, Merchant merchant) {
        throttle.failed(AuthThrottle.Surface.ERP_API, address, merchant.key(), "signature");
    }

    private static void logRefusal(ContainerRequestContext request, ApiProblem problem) {
        LOG.debugf(
                "ERP request %s %s refused: %s",
                request.getMethod(), CardNumbers.maskAll(request.getUriInfo().getPath()), problem.detail());
    }

    /**
     * Whether the route records the signature's use itself ({@link SignatureUse}): the cash-payment POST, in the
     * transaction of the new payment. Every other route has it recorded here, before the resource runs.
     */
    static boolean recordsUseItself(String method, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        String route = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        // exactly this route: any other would leave the use unrecorded
        return "POST".equals(method)
                && merchantOf(route)
                        .map(m -> route.equals(PATH_PREFIX + m + DEFERRED_USE_ROUTE))
                        .orElse(false);
    }

    /** The merchant segment of an ERP API path, or empty when the path is not under the merchant API. */
    static Optional<String> merchantOf(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.startsWith(PATH_PREFIX)) {
            return Optional.empty();
        }
        String rest = p.substring(PATH_PREFIX.length());
        int slash = rest.indexOf('/');
        return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
    }

    private Merchant authenticateBearer(String merchantKey, String authorization) {
        return BearerKeys.holder(merchants, merchantKey, authorization)
                .orElseThrow(() -> ApiProblem.unauthorized(BAD_CREDENTIALS));
    }

    private static byte[] readBody(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isLongerThanCap(declared)) {
            throw tooLarge();
        }
        if ("0".equals(declared) || (declared == null && request.getHeaderString("Transfer-Encoding") == null)) {
            // nothing to read: don't touch the stream (a non-blocking method without body parameter runs on the event
            // loop)
            return new byte[0];
        }
        InputStream in = request.getEntityStream();
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // not closed: closing the stream would read (and discard) the rest of the body first
                throw tooLarge();
            }
            in.close();
            return body;
        } catch (IOException e) {
            // the connection closed mid-body, or the transport guard answered 408 to a body too slow
            throw new ApiProblem(
                    408, "request-timeout", "Request body incomplete", "The request body could not be read completely");
        }
    }

    /** The path and query as sent on the wire (an absolute-form target is reduced to them). */
    static String requestTarget(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        int path = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
        return path < 0 ? "/" : uri.substring(path);
    }

    private static long secondsBetween(long a, long b) {
        try {
            return Math.abs(Math.subtractExact(a, b));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean isLongerThanCap(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static ApiProblem tooLarge() {
        return new ApiProblem(
                413,
                "payload-too-large",
                "Request body too large",
                "The request body exceeds " + MAX_BODY_BYTES + " bytes (256 KiB)");
    }

    /**
     * Checks the signature and records its use, or leaves the use for the route ({@link #recordsUseItself}); a replay
     * found there later is refused as here, {@code laterRefusal} counting and logging it.
     */
    private void verifySignature(
            Merchant merchant,
            ContainerRequestContext request,
            Signatures.Signed unstamped,
            Consumer<ApiProblem> laterRefusal) {
        Secret secret = merchant.erp().signingSecret().orElseThrow();
        Set<SignatureScheme> accepted = merchant.erp().signatureVersions();
        String signature = request.getHeaderString(Signatures.SIGNATURE_HEADER);
        String timestampHeader = request.getHeaderString(Signatures.TIMESTAMP_HEADER);
        if (signature == null || signature.isBlank()) {
            throw ApiProblem.unauthorized("Missing X-Signature header: this merchant requires signed requests "
                    + "(X-Signature: v2=<hex HMAC-SHA256 of timestamp, method, path with query and raw body>)");
        }
        if (timestampHeader == null || timestampHeader.isBlank()) {
            throw ApiProblem.unauthorized(
                    "Missing X-Signature-Timestamp header: send the signing time in unix seconds");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.unauthorized(
                    "X-Signature-Timestamp is not a number: send the signing time in unix seconds");
        }
        Signatures.Signed signed =
                new Signatures.Signed(timestamp, unstamped.method(), unstamped.pathAndQuery(), unstamped.body());
        Signatures.Check check = Signatures.verify(secret, accepted, signed, signature);
        String schemes = accepted.stream().map(SignatureScheme::label).sorted().collect(Collectors.joining(", "));
        if (check.verdict() == Signatures.Verdict.MALFORMED) {
            throw ApiProblem.unauthorized("Malformed X-Signature header: expected one or more comma-separated "
                    + "<scheme>=<64 hex digits> values of an accepted scheme (" + schemes + ")");
        }
        if (check.verdict() == Signatures.Verdict.SCHEME_NOT_ACCEPTED) {
            throw ApiProblem.unauthorized("X-Signature carries no value of a scheme this merchant accepts (" + schemes
                    + "): sign with v2 (timestamp, method, path with query and body)");
        }
        long skew = secondsBetween(clock.instant().getEpochSecond(), timestamp);
        if (skew > TIMESTAMP_TOLERANCE_SECONDS) {
            throw ApiProblem.unauthorized("X-Signature-Timestamp is outside the tolerance: " + skew
                    + " s away from the bridge's clock, at most " + TIMESTAMP_TOLERANCE_SECONDS + " s allowed");
        }
        if (check.verdict() != Signatures.Verdict.VALID) {
            throw ApiProblem.unauthorized("X-Signature does not match the request: sign timestamp, method, path with "
                    + "query and the exact raw body bytes with HMAC-SHA256 and the merchant's signing secret (v2)");
        }
        Instant expiresAt = Instant.ofEpochSecond(timestamp).plusSeconds(TIMESTAMP_TOLERANCE_SECONDS);
        if (recordsUseItself(request.getMethod(), request.getUriInfo().getPath())) {
            usedSignatures
                    .deferred(
                            merchant.key(),
                            check.matched(),
                            expiresAt,
                            () -> laterRefusal.accept(UsedSignatures.replayed()))
                    .leaveOn(request);
        } else if (!usedSignatures.firstUse(merchant.key(), check.matched(), expiresAt)) {
            throw UsedSignatures.replayed();
        }
    }
}
