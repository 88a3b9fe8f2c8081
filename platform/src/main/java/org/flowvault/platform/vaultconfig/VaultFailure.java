package org.flowvault.platform.vaultconfig;

import java.util.Locale;
import javax.net.ssl.SSLException;
import org.flowvault.vault.client.VaultException;

/**
 * What kind of failure a Vault call ended in, decided from the exception type, HTTP status and
 * Vault's error strings — so that callers can tell users what happened and what to do without ever
 * echoing a remote response body.
 */
public enum VaultFailure {
    /** No answer: connection refused or reset, timeout, DNS. */
    UNREACHABLE,
    /** The TLS handshake failed: wrong CA certificate, expired or mismatched server certificate, plain HTTP on the port. */
    TLS,
    /** Vault answered 503: sealed. */
    SEALED,
    /** The login (AppRole, userpass, LDAP) was refused. */
    LOGIN_FAILED,
    /** 403, "permission denied", "bad token": unknown, expired or revoked token, or missing policy. */
    PERMISSION_DENIED,
    /** The token or lease cannot be renewed (not renewable, or past its max TTL). */
    NOT_RENEWABLE,
    /** 404. */
    NOT_FOUND,
    /** Vault failed (5xx). */
    SERVER_ERROR,
    /** Anything else. */
    OTHER;

    /** The kind of {@code failure}. */
    public static VaultFailure of(Throwable failure) {
        if (failure instanceof VaultException.LoginFailed lf) {
            VaultFailure inner = lf.getCause() == null || lf.getCause() == lf ? OTHER : of(lf.getCause());
            return inner == UNREACHABLE || inner == TLS || inner == SEALED ? inner : LOGIN_FAILED;
        }
        if (failure instanceof VaultException.Sealed) {
            return SEALED;
        }
        if (failure instanceof VaultException.Unavailable u) {
            if (hasCause(u, SSLException.class)) {
                return TLS;
            }
            return u.status() == 0 ? UNREACHABLE : SERVER_ERROR;
        }
        if (failure instanceof VaultException.PermissionDenied) {
            return PERMISSION_DENIED;
        }
        if (failure instanceof VaultException.NotFound) {
            return NOT_FOUND;
        }
        if (failure instanceof VaultException v) {
            String errors = String.join(" ", v.errors()).toLowerCase(Locale.ROOT);
            if (errors.contains("permission denied") || errors.contains("bad token") || errors.contains("invalid token")) {
                return PERMISSION_DENIED;
            }
            if (errors.contains("not renewable") || errors.contains("max ttl") || errors.contains("cannot renew")) {
                return NOT_RENEWABLE;
            }
            if (v.status() >= 500) {
                return SERVER_ERROR;
            }
            return OTHER;
        }
        if (hasCause(failure, SSLException.class)) {
            return TLS;
        }
        return OTHER;
    }

    /** True for failures a later attempt may not repeat (unreachable, sealed, server errors): worth retrying. */
    public boolean isTransient() {
        return this == UNREACHABLE || this == SEALED || this == SERVER_ERROR;
    }

    /** A sentence describing the failure for {@code where} (e.g. "Vault 'prod' at https://..."), with the fix. */
    public String describe(String where, Throwable failure) {
        int status = failure instanceof VaultException v ? v.status() : 0;
        return switch (this) {
            case UNREACHABLE -> where + " is unreachable (no answer: connection refused, timeout or unknown host); "
                    + "check the URL and that Vault is running";
            case TLS -> where + " failed the TLS handshake; check the CA certificate of the configuration and that the URL's "
                    + "scheme matches the server (https vs http)";
            case SEALED -> where + " is sealed; unseal it";
            case LOGIN_FAILED -> where + " refused the login" + (status == 0 ? "" : " (HTTP " + status + ")")
                    + "; check the configuration's credentials and auth mount";
            case PERMISSION_DENIED -> where + " answered permission denied" + (status == 0 ? "" : " (HTTP " + status + ")")
                    + ": the token is unknown, expired or revoked, or lacks a policy";
            case NOT_RENEWABLE -> where + " refused to renew the token: it is not renewable or has reached its max TTL";
            case NOT_FOUND -> where + " answered not found (HTTP 404)";
            case SERVER_ERROR -> where + " failed with HTTP " + status + "; try again later";
            case OTHER -> where + " failed" + (status == 0 ? " (" + failure.getClass().getSimpleName() + ")" : " with HTTP " + status);
        };
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
