package org.flowvault.vault.client;

import java.util.List;

/**
 * The root of every error the client raises: unchecked, with the HTTP status (0 when no answer
 * arrived), the API path, and Vault's own error messages. Never carries a token or secret value.
 * Subclasses form a shallow tree so callers can catch what they can handle.
 *
 * <p>Exceptions are immutable once thrown and safe to share between threads.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 */
public class VaultException extends RuntimeException {
    private final int status;
    private final String path;
    private final List<String> errors;

    public VaultException(String message, int status, String path, List<String> errors, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.path = path;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public VaultException(String message, int status, String path, List<String> errors) {
        this(message, status, path, errors, null);
    }

    /** The HTTP status, or 0 when the request never got an answer. */
    public int status() {
        return status;
    }

    /** The API path (after /v1/) of the failed request, or null. */
    public String path() {
        return path;
    }

    /** Vault's {@code errors} array, possibly empty. */
    public List<String> errors() {
        return errors;
    }

    /** 403: the token may not do this, or is unknown or expired. */
    public static class PermissionDenied extends VaultException {
        public PermissionDenied(String message, int status, String path, List<String> errors) {
            super(message, status, path, errors);
        }
    }

    /** 404: nothing at this path (see {@code SecretNotFound} in the kv package for deleted versions). */
    public static class NotFound extends VaultException {
        public NotFound(String message, int status, String path, List<String> errors) {
            super(message, status, path, errors);
        }
    }

    /** 503 with a sealed Vault. */
    public static class Sealed extends VaultException {
        public Sealed(String message, int status, String path, List<String> errors) {
            super(message, status, path, errors);
        }
    }

    /** A KV v2 check-and-set mismatch. */
    public static class CasMismatch extends VaultException {
        public CasMismatch(String message, int status, String path, List<String> errors) {
            super(message, status, path, errors);
        }
    }

    /** 400 and other 4xx: the request was refused as invalid. */
    public static class InvalidRequest extends VaultException {
        public InvalidRequest(String message, int status, String path, List<String> errors) {
            super(message, status, path, errors);
        }
    }

    /** No usable answer: connection refused or reset, timeout, TLS failure, or 5xx after retries. */
    public static class Unavailable extends VaultException {
        public Unavailable(String message, int status, String path, List<String> errors, Throwable cause) {
            super(message, status, path, errors, cause);
        }
    }

    /** A login failed (wrong credentials, unknown role) — raised by authentication methods. */
    public static class LoginFailed extends VaultException {
        public LoginFailed(String message, int status, String path, List<String> errors, Throwable cause) {
            super(message, status, path, errors, cause);
        }
    }
}
