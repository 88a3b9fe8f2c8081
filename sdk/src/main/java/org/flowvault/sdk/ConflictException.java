package org.flowvault.sdk;

/** A resource that already exists, e.g. a second credential entry for the same domain and permissioned user id. The message is the server's. */
public final class ConflictException extends FlowvaultException {
    ConflictException(String reason, String message) {
        super(409, reason, message);
    }
}
