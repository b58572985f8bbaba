package org.erpbridge.erp;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.erpbridge.common.LogContext;
import org.erpbridge.merchant.Merchants;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request a correlation id before anything else runs (authentication included): the caller's
 * {@value #HEADER} when it is a safe token, else a new one. It goes into the log context with the path's merchant
 * (only a configured one: the path is untrusted input) and back to the caller in the same response header, so an
 * ERP support case can be matched to the bridge's log lines.
 */
public class CorrelationFilter {
    public static final String HEADER = "X-Correlation-Id";
    private static final String PROPERTY = "org.erpbridge.erp.correlation-id";

    private final Merchants merchants;

    @Inject
    public CorrelationFilter(Merchants merchants) {
        this.merchants = merchants;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 200)
    public void assign(ContainerRequestContext request) {
        String id = LogContext.correlationIdFrom(request.getHeaderString(HEADER));
        request.setProperty(PROPERTY, id);
        LogContext.put(LogContext.CORRELATION_ID, id);
        ErpAuthFilter.merchantOf(request.getUriInfo().getPath())
                .flatMap(merchants::find)
                .ifPresent(m -> LogContext.put(LogContext.MERCHANT, m.key()));
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
