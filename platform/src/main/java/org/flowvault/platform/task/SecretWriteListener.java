package org.flowvault.platform.task;

import org.flowvault.platform.vaultconfig.VaultConfiguration;

/**
 * Told after every read and every write a step made to Vault (write, patch, delete, undelete, destroy, metadata
 * changes, logical writes), so the caller can drop what it cached for that path.
 */
@FunctionalInterface
public interface SecretWriteListener {
    /** Does nothing. */
    SecretWriteListener NONE = (configuration, path) -> { };

    /**
     * @param configuration the configuration written through
     * @param path          the logical path written, {@code mount/path} without KV v2's
     *                      {@code data/} segment (e.g. {@code secret/oracle}); for a generic
     *                      {@code logical_*} command, the API path as given
     */
    void written(VaultConfiguration configuration, String path);

    /**
     * Told after a step read a secret and before the step hands it on (the platform audits it;
     * throwing stops the hand-out).
     *
     * @param version the KV version read, or 0 when unknown (KV v1, logical reads)
     */
    default void read(VaultConfiguration configuration, String path, long version) {
    }
}
