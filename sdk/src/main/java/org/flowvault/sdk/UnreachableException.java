package org.flowvault.sdk;

/** No answer: the server could not be reached, or did not answer within the client's timeout. Status 0. */
public final class UnreachableException extends FlowvaultException {
    /** {@code message} must hold no secret. */
    public UnreachableException(String message, Throwable cause) {
        super(0, "UNREACHABLE", message, cause);
    }
}
