package org.flowvault.platform.task;

import java.util.Objects;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;

/**
 * The Vault a VAULT step talks to: a configuration and the identity the run uses with it.
 *
 * @param configuration the vault configuration
 * @param identity      the client acting as the run's identity for that configuration
 */
public record VaultTarget(VaultConfiguration configuration, VaultIdentity identity) {
    public VaultTarget {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(identity, "identity");
    }
}
