package org.erpbridge.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A secuconnect-style error answer of the stand-in ({@code {status:"error", error, error_details, code}}). */
public class StandInError extends RuntimeException {
    private final int httpStatus;
    private final String error;
    private final int code;

    public StandInError(int httpStatus, String error, int code, String details) {
        super(details);
        this.httpStatus = httpStatus;
        this.error = error;
        this.code = code;
    }

    static StandInError notFound(String what) {
        return new StandInError(404, "ProductNotFoundException", 1001, "Not found: " + what);
    }

    static StandInError invalid(String details) {
        return new StandInError(400, "ProductInternalException", 1000, details);
    }

    /** What secuconnect answers for a missing or expired token. */
    public static StandInError tokenRequired() {
        return new StandInError(403, "ProductNotAllowedException", 2003, "Valid auth token required");
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String error() {
        return error;
    }

    public int code() {
        return code;
    }

    /** The error body as secuconnect lays it out; {@code supportId} tells which stand-in answered. */
    public ObjectNode body(ObjectMapper mapper, String supportId) {
        ObjectNode body = mapper.createObjectNode().put("status", "error").put("error", error);
        return body.put("error_details", getMessage())
                .put("error_user", getMessage())
                .put("code", code)
                .put("supportId", supportId);
    }
}
