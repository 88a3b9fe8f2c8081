package org.flowvault.sdk;

/**
 * The server failed (HTTP 5xx): {@code INTERNAL} with an incident id its log explains, or
 * {@code UNAVAILABLE} when a system it depends on (a Vault server) did not answer.
 */
public final class ServerException extends FlowvaultException {
    /** {@code message} must hold no secret. */
    public ServerException(int status, String reason, String message) {
        super(status, reason, message);
    }
}
