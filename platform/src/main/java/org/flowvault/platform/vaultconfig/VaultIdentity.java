package org.flowvault.platform.vaultconfig;

import java.util.Objects;
import org.flowvault.vault.client.core.VaultClient;

/**
 * A client acting as one Vault identity, with the key that tells identities apart in the secret
 * cache (so one user's cached secret is never served to another identity).
 *
 * @param cacheKey stable, non-secret key: e.g. {@code user:<userId>} or {@code config:<configId>} for
 *                 a shared identity; never contains a token
 * @param client   a client authenticated as that identity; owned by the platform, callers must not close it
 */
public record VaultIdentity(String cacheKey, VaultClient client) {
    public VaultIdentity {
        Objects.requireNonNull(cacheKey, "cacheKey");
        Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
        return "VaultIdentity[" + cacheKey + "]";
    }
}
