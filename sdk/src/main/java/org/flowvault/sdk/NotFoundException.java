package org.flowvault.sdk;

/** A resource that does not exist, or that the caller may not see (the server answers both alike). The message is the server's. */
public final class NotFoundException extends FlowvaultException {
    /** {@code message} must hold no secret. */
    public NotFoundException(String reason, String message) {
        super(404, reason, message);
    }
}
