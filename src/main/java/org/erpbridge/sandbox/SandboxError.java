package org.erpbridge.sandbox;

/** A secuconnect-style error answer of the sandbox ({@code {status:"error", error, error_details, code}}). */
public class SandboxError extends RuntimeException {
    private final int httpStatus;
    private final String error;
    private final int code;

    public SandboxError(int httpStatus, String error, int code, String details) {
        super(details);
        this.httpStatus = httpStatus;
        this.error = error;
        this.code = code;
    }

    static SandboxError notFound(String what) {
        return new SandboxError(404, "ProductNotFoundException", 1001, "Not found: " + what);
    }

    static SandboxError invalid(String details) {
        return new SandboxError(400, "ProductInternalException", 1000, details);
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
}
