package org.flowvault.platform.task;

import org.flowvault.platform.vaultconfig.VaultConfiguration;

/**
 * Told after every write a step made to Vault (write, patch, delete, undelete, destroy, metadata
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
}
