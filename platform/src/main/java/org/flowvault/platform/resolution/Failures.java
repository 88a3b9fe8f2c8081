package org.flowvault.platform.resolution;

import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.vault.client.VaultException;

/** Vault errors as platform errors naming the configuration and path (never a value or a token). */
final class Failures {
    private Failures() {
    }

    static PlatformException of(VaultException e, String config, String path) {
        String where = "vault configuration \"" + config + "\", path \"" + path + "\"";
        if (e instanceof VaultException.PermissionDenied) {
            return new PlatformException(Reason.FORBIDDEN, where + ": permission denied; the identity this configuration uses "
                    + "(your registered token, or its machine identity) needs a policy granting read on this path", e);
        }
        if (e instanceof VaultException.NotFound) {
            return new PlatformException(Reason.NOT_FOUND, where + ": no secret there; check the path (API form secret/data/app "
                    + "or logical form secret/app) and that the secret exists", e);
        }
        if (e instanceof VaultException.Sealed) {
            return new PlatformException(Reason.UNAVAILABLE, where + ": Vault is sealed; unseal it and retry", e);
        }
        if (e instanceof VaultException.InvalidRequest) {
            return new PlatformException(Reason.INVALID, where + ": Vault refused the request (HTTP " + e.status() + ")", e);
        }
        return new PlatformException(Reason.UNAVAILABLE, where + ": Vault could not be reached or failed"
                + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "") + "; retry later", e);
    }

    /** True for failures where serving a stale cached secret is better than failing. */
    static boolean isOutage(VaultException e) {
        return e instanceof VaultException.Unavailable || e instanceof VaultException.Sealed;
    }
}
