package org.flowvault.sdk;

/** The caller is known but lacks the permission, e.g. an admin-only call or reading decrypted credentials. The message is the server's. */
public final class ForbiddenException extends FlowvaultException {
    ForbiddenException(String reason, String message) {
        super(403, reason, message);
    }
}
