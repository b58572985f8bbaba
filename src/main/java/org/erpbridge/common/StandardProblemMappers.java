package org.erpbridge.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Problem details for everything a caller can get wrong (and for our own failures), so every error the ERP sees
 * is {@code application/problem+json}. Never echoes exception classes, messages or request values: Jackson's
 * messages quote the offending value, which may be a card number.
 */
public class StandardProblemMappers {
    private static final Logger LOG = Logger.getLogger(StandardProblemMappers.class);

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        return ApiProblemMapper.toResponse(ApiProblem.badRequest("The body is not valid JSON" + where, List.of()));
    }

    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        String field = JsonFieldPath.of(e.getPath());
        String expected = JsonFieldPath.describe(e.getTargetType());
        if (field.isEmpty()) {
            return ApiProblemMapper.toResponse(ApiProblem.badRequest(
                    "The body does not have the expected shape (expected " + expected + ")", List.of()));
        }
        String reason = "wrong JSON type, expected " + expected;
        return ApiProblemMapper.toResponse(ApiProblem.badRequest(
                "Field '" + field + "': " + reason, List.of(new ApiProblem.FieldError(field, reason))));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonMappingException e, UriInfo uri) {
        if (e instanceof InvalidDefinitionException) {
            // a bug on our side (a type Jackson cannot handle), not the caller's
            return unexpected(e, uri);
        }
        String field = JsonFieldPath.of(e.getPath());
        String detail = field.isEmpty()
                ? "The body cannot be read as the expected JSON document"
                : "Field '" + field + "' has a value that cannot be used";
        List<ApiProblem.FieldError> errors =
                field.isEmpty() ? List.of() : List.of(new ApiProblem.FieldError(field, "invalid value"));
        return ApiProblemMapper.toResponse(ApiProblem.badRequest(detail, errors));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        Collection<ConstraintViolation<?>> violations = e.getConstraintViolations();
        if (violations.stream().anyMatch(StandardProblemMappers::isReturnValue)) {
            // our response broke its own constraints: a server fault
            return unexpected(e, uri);
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        violations.forEach(v -> errors.add(new ApiProblem.FieldError(fieldOf(v.getPropertyPath()), v.getMessage())));
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        String detail = errors.size() == 1
                ? "Field '" + errors.get(0).field() + "' " + errors.get(0).reason()
                : errors.size() + " fields are not valid";
        return ApiProblemMapper.toResponse(ApiProblem.validation(detail, errors));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return ApiProblemMapper.toResponse(ApiProblem.notFound("Nothing found at /" + stripSlash(uri.getPath())));
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, Request request) {
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        ApiProblem problem = new ApiProblem(
                405,
                "method-not-allowed",
                "Method not allowed",
                "This resource does not support " + request.getMethod()
                        + (allow == null ? "" : " (allowed: " + allow + ")"));
        if (allow != null) {
            problem.withHeader(HttpHeaders.ALLOW, allow);
        }
        return ApiProblemMapper.toResponse(problem);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return ApiProblemMapper.toResponse(new ApiProblem(
                415, "unsupported-media-type", "Unsupported media type", "Send the body as application/json"));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return ApiProblemMapper.toResponse(new ApiProblem(
                406,
                "not-acceptable",
                "Not acceptable",
                "This resource cannot answer in the media type the Accept header asks for"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // the JSON reader wraps Jackson's failures in a 400: answer those with the field path
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return malformedJson(parse);
            }
            if (cause instanceof MismatchedInputException mismatch) {
                return wrongJsonType(mismatch);
            }
            if (cause instanceof JsonMappingException mapping) {
                return unreadableJson(mapping, uri);
            }
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family != Response.Status.Family.CLIENT_ERROR) {
            return e.getResponse();
        }
        String reason = Response.Status.fromStatusCode(status) == null
                ? "Request refused"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return ApiProblemMapper.toResponse(
                new ApiProblem(status, "http-" + status, reason, "The request was refused (" + reason + ")"));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(
                e,
                "Unexpected failure handling %s (correlation id %s)",
                uri == null ? "?" : "/" + stripSlash(uri.getPath()),
                correlationId);
        ApiProblem problem = new ApiProblem(
                500,
                "internal",
                "Internal error",
                "The bridge could not process the request; quote the correlation id when reporting this",
                List.of(),
                Map.of("correlationId", correlationId));
        return ApiProblemMapper.toResponse(problem.withHeader("X-Correlation-Id", correlationId));
    }

    private static boolean isReturnValue(ConstraintViolation<?> v) {
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code lines[1].quantity} from a Bean Validation path: drops the resource method and the body parameter
     * (the ERP knows neither), keeps a non-body parameter's name (a query parameter, say).
     */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : nodes) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.isInIterable()) {
                field.append('[')
                        .append(node.getIndex() != null ? node.getIndex() : node.getKey())
                        .append(']');
            }
            if (kind == ElementKind.PROPERTY && node.getName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        if (field.length() == 0) {
            return parameter == null ? "body" : parameter;
        }
        return field.toString();
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
