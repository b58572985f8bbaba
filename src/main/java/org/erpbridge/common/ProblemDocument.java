package org.erpbridge.common;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of every error body, as {@link ApiProblemMapper} writes it: RFC 9457 problem details. Only the OpenAPI
 * document uses this type; problems may carry further members (a failed payment's {@code code}, say).
 */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record ProblemDocument(
        @Schema(
                required = true,
                format = "uri",
                description = "urn:erpbridge:problem:<kind>",
                examples = "urn:erpbridge:problem:validation")
        String type,

        @Schema(required = true, examples = "The request is not valid")
        String title,

        @Schema(required = true, description = "The HTTP status code", examples = "422")
        int status,

        @Schema(
                required = true,
                description = "What went wrong, for a person; never echoes the values sent",
                examples = "2 fields are not valid")
        String detail,

        @Schema(description = "The refused fields (400 and 422 about the request)")
        List<ApiProblem.FieldError> errors,

        @Schema(description = "500 only: the id of the bridge's log line, also sent as X-Correlation-Id")
        String correlationId) {}
