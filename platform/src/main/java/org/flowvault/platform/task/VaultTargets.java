package org.flowvault.platform.task;

/**
 * Finds the Vault a VAULT step uses, with the identity of the run (the engine implements it with
 * {@link org.flowvault.platform.vaultconfig.VaultAccess}).
 */
@FunctionalInterface
public interface VaultTargets {
    /**
     * @param configurationName the {@code vault_config} input, or null for the first usable
     *                          configuration in the run's scope
     * @throws org.flowvault.platform.error.PlatformException NOT_FOUND naming the configuration when it
     *         does not exist or is not usable; UNAUTHENTICATED when the user has no token
     */
    VaultTarget target(String configurationName);
}
