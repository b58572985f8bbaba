package org.erpbridge.dashboard;

import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.erpbridge.throttle.AuthThrottle;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The operator dashboard, one server-rendered page per merchant. Everything it needs (CSS, the chart) comes from the
 * bridge itself; the page runs no script, and its Content-Security-Policy allows nothing else.
 */
@Path("/dashboard")
@Tag(name = "Dashboard", description = "Operator dashboard (HTML)")
@Blocking
public class DashboardResource {
    private static final Logger LOG = Logger.getLogger(DashboardResource.class);
    static final String REALM = "secuconnect ERP bridge dashboard";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("utf-8");

    private final DashboardAccess access;
    private final DashboardService service;
    private final DashboardTemplates templates;
    private final AuthThrottle throttle;

    DashboardResource(
            DashboardAccess access, DashboardService service, DashboardTemplates templates, AuthThrottle throttle) {
        this.access = access;
        this.service = service;
        this.templates = templates;
        this.throttle = throttle;
    }

    @GET
    @Path("/{merchant}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(
            summary = "Operator dashboard of a merchant",
            description = "Today's payments with status and "
                    + "reconciliation, ERP and secuconnect totals, differences, card sync, outbox backlog, payments per hour. "
                    + "Authorization: Bearer <the merchant's ERP API key>, or HTTP Basic with an operator from "
                    + "bridge.dashboard.operators.")
    public Response dashboard(
            @PathParam("merchant") String merchant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest wire) {
        String address = AuthThrottle.clientAddress(wire);
        Optional<Duration> wait = throttle.refusal(AuthThrottle.Surface.DASHBOARD, address, merchant);
        if (wait.isPresent()) {
            String seconds = AuthThrottle.retryAfterSeconds(wait.get());
            return secured(
                            Response.status(429)
                                    .entity(
                                            message(
                                                    "Too many failed sign-ins",
                                                    "Too many failed sign-ins from this address or for this merchant. Try again in a while.")))
                    .type(HTML)
                    .header(HttpHeaders.RETRY_AFTER, seconds)
                    .build();
        }
        DashboardAccess.Verdict verdict = access.check(merchant, authorization);
        if (verdict instanceof DashboardAccess.Unauthenticated && authorization != null && !authorization.isBlank()) {
            // a browser's first request carries no credentials: only offered and wrong ones count
            throttle.failed(
                    AuthThrottle.Surface.DASHBOARD,
                    address,
                    merchant,
                    authorization.regionMatches(true, 0, "Basic ", 0, 6) ? "operator-password" : "api-key");
        } else if (!(verdict instanceof DashboardAccess.Unauthenticated)) {
            throttle.succeeded(address, merchant);
        }
        if (verdict instanceof DashboardAccess.Granted granted) {
            String html = templates.dashboard(service.page(granted.merchant(), granted.viewer()));
            return secured(Response.ok(html, HTML)).build();
        }
        if (verdict instanceof DashboardAccess.Forbidden forbidden) {
            LOG.infof(
                    "Dashboard of merchant %s refused to operator %s (not in its merchant list)",
                    merchant, forbidden.operator());
            return secured(Response.status(403)
                            .entity(message("Forbidden", "This operator may not see this merchant.")))
                    .type(HTML)
                    .build();
        }
        if (verdict instanceof DashboardAccess.UnknownMerchant) {
            return secured(Response.status(404).entity(message("Not found", "There is no such merchant.")))
                    .type(HTML)
                    .build();
        }
        return secured(Response.status(401)
                        .entity(message(
                                "Authentication required",
                                "Sign in as an operator, or send the merchant's ERP API key as a bearer token.")))
                .type(HTML)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"")
                .build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        return response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store");
    }

    /** A fixed page; nothing from the request is echoed. */
    private static String message(String title, String text) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1><p>" + text + "</p></body></html>";
    }
}
