package org.erpbridge.common;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders {@link ApiProblem} as application/problem+json. */
public class ApiProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response map(ApiProblem problem) {
        return toResponse(problem);
    }

    public static Response toResponse(ApiProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().toString());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        problem.extensions().forEach(body::putIfAbsent);
        Response.ResponseBuilder rb =
                Response.status(problem.status()).type(PROBLEM_JSON).entity(body);
        problem.headers().forEach(rb::header);
        return rb.build();
    }
}
