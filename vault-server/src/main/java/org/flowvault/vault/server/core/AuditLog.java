package org.flowvault.vault.server.core;

/**
 * The core's port to the audit devices: every request and its response are logged before the
 * client sees them. {@code VaultServer} supplies the implementation ({@code audit.AuditBroker})
 * through {@link CoreServices}. Implementations are thread-safe and hash secrets themselves.
 */
public interface AuditLog {

    /** Logs a request before it is dispatched; fails the request when no enabled device can log it. */
    void logRequest(String id, Request request, String fullPath, TokenEntry token);

    /** Logs the response to a request before it is returned. */
    void logResponse(String id, Request request, String fullPath, TokenEntry token, Response response);

    /** Closes the devices (on seal). */
    void close();
}
