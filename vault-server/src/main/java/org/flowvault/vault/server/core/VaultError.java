package org.flowvault.vault.server.core;

import java.util.List;

/**
 * An error answered to the client as Vault does: an HTTP status and {@code {"errors":[...]}}.
 * Messages must never contain a token or a secret value. No stack trace is captured: these are
 * expected outcomes, not bugs.
 */
public final class VaultError extends RuntimeException {
    private final int status;
    private final List<String> errors;

    public VaultError(int status, List<String> errors) {
        super(errors.isEmpty() ? "HTTP " + status : String.join("; ", errors), null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static VaultError of(int status, String message) {
        return new VaultError(status, List.of(message));
    }

    public static VaultError badRequest(String message) {
        return of(400, message);
    }

    public static VaultError permissionDenied() {
        return of(403, "permission denied");
    }

    /** Vault's bare 404: {@code {"errors":[]}}. */
    public static VaultError notFound() {
        return new VaultError(404, List.of());
    }

    public static VaultError unsupportedPath() {
        return of(404, "unsupported path");
    }

    public static VaultError unsupportedOperation() {
        return of(405, "unsupported operation");
    }

    public static VaultError sealed() {
        return of(503, "Vault is sealed");
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return errors;
    }
}
