package org.flowvault.sdk;

/**
 * A failed call to the Flowvault API: the HTTP status (0 when the server could not be reached),
 * the server's reason code (e.g. {@code NOT_FOUND}) and its message, which never contains a secret.
 */
public final class FlowvaultException extends RuntimeException {
    private final int status;
    private final String reason;

    public FlowvaultException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public FlowvaultException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.reason = "UNREACHABLE";
    }

    /** The HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    /** The server's reason code ({@code INVALID}, {@code UNAUTHENTICATED}, {@code NOT_FOUND}...). */
    public String reason() {
        return reason;
    }
}
