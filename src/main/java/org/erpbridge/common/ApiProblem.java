package org.erpbridge.common;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An ERP-facing failure, rendered as RFC 9457 problem details ({@code application/problem+json}) by
 * {@link ApiProblemMapper}. {@code errors} names offending fields; {@code extensions} carries extra members
 * such as secuconnect's {@code code} and {@code supportId}.
 */
public class ApiProblem extends RuntimeException {

    /** One offending field: a JSON pointer-like path such as {@code lines[1].quantity} and why it was refused. */
    @Schema(
            name = "FieldError",
            requiredProperties = {"field", "reason"})
    public record FieldError(
            @Schema(examples = "lines[1].quantity") String field,

            @Schema(examples = "must be between 1 and 10000")
            String reason) {}

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public ApiProblem(
            int status,
            String type,
            String title,
            String detail,
            List<FieldError> errors,
            Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extensions = extensions == null ? Map.of() : new LinkedHashMap<>(extensions);
        this.headers = new LinkedHashMap<>();
    }

    public ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), Map.of());
    }

    public static ApiProblem validation(String detail, List<FieldError> errors) {
        return new ApiProblem(422, "validation", "The request is not valid", detail, errors, Map.of());
    }

    public static ApiProblem badRequest(String detail, List<FieldError> errors) {
        return new ApiProblem(400, "bad-request", "The request cannot be read", detail, errors, Map.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Not authenticated", detail)
                .withHeader("WWW-Authenticate", "Bearer");
    }

    public ApiProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** Problem type URI: {@code urn:erpbridge:problem:<type>}. */
    public URI type() {
        return URI.create("urn:erpbridge:problem:" + type);
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
