package org.flowvault.sdk;

/**
 * The root of every failure the SDK reports: a call the server refused (with its HTTP status,
 * reason code and message, which never contain a secret), a server that could not be reached,
 * or a credential field that does not decrypt. Subclasses name the common cases, so callers can
 * catch {@link NotFoundException} or {@link ConflictException} instead of comparing statuses.
 */
public class FlowvaultException extends RuntimeException {
    private final int status;
    private final String reason;

    protected FlowvaultException(int status, String reason, String message) {
        this(status, reason, message, null);
    }

    protected FlowvaultException(int status, String reason, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
    }

    /**
     * The exception for an error answer: the subclass of its status, carrying the server's reason and
     * message (which must hold no secret). Public for the SDK's {@code core} and for test doubles.
     */
    public static FlowvaultException of(int status, String reason, String message) {
        return switch (status) {
            case 400, 413, 422 -> new InvalidRequestException(status, reason, message);
            case 401 -> new UnauthenticatedException(reason, message);
            case 403 -> new ForbiddenException(reason, message);
            case 404 -> new NotFoundException(reason, message);
            case 409 -> new ConflictException(reason, message);
            default -> status >= 500 ? new ServerException(status, reason, message) : new FlowvaultException(status, reason, message);
        };
    }

    /** The HTTP status, or 0 when there was no answer (unreachable server, or a failure inside the SDK). */
    public int status() {
        return status;
    }

    /**
     * The server's reason code ({@code INVALID}, {@code UNAUTHENTICATED}, {@code FORBIDDEN},
     * {@code NOT_FOUND}, {@code CONFLICT}, {@code UNAVAILABLE}, {@code INTERNAL}), or the SDK's own
     * ({@code UNREACHABLE}, {@code DECRYPTION_FAILED}).
     */
    public String reason() {
        return reason;
    }
}
