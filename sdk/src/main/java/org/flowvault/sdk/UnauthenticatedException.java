package org.flowvault.sdk;

/** No valid API key or session token was sent, or it has expired or been revoked. The message is the server's. */
public final class UnauthenticatedException extends FlowvaultException {
    UnauthenticatedException(String reason, String message) {
        super(401, reason, message);
    }
}
