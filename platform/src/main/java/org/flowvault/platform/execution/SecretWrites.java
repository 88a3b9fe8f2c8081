package org.flowvault.platform.execution;

import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.identity.Caller;

/**
 * Writes a secret to Vault for a run ({@code vaultConfig(name).writeSecret(path, data)}, the
 * {@code write_secret} step) with the identity the configuration prescribes for {@code runAs}.
 * The platform adapts its secret writer (which also invalidates cached reads) to it.
 */
@FunctionalInterface
public interface SecretWrites {

    /**
     * @param configuration the vault configuration's name, or null for the project's default
     * @param path          the secret's path as the flow wrote it (logical {@code secret/x} or API {@code secret/data/x})
     * @param data          the key-value pairs
     * @throws org.flowvault.platform.error.PlatformException naming configuration and path, never a value
     */
    void write(UUID projectId, Caller runAs, String configuration, String path, Map<String, Object> data);

    /** For deployments without Vault: every write fails clearly. */
    static SecretWrites none() {
        return (projectId, runAs, configuration, path, data) -> {
            throw org.flowvault.platform.error.PlatformException.invalid("writing secrets is not configured on this platform: add a vault configuration");
        };
    }
}
