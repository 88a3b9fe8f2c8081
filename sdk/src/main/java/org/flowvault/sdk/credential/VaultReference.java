package org.flowvault.sdk.credential;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A provider-backed entry: instead of ciphertexts, the entry's fields are read at run time from a
 * Vault secret through a vault configuration, with the run's identity.
 *
 * @param config the vault configuration's name, e.g. {@code local}
 * @param path   the secret's path, e.g. {@code secret/portal/alice}
 * @param keys   which key of the secret holds each field: {@code user_name}, {@code password},
 *               {@code tfa_secret} to the secret's key names
 */
public record VaultReference(String config, String path, Map<String, String> keys) {
    private static final Set<String> FIELDS = Set.of("user_name", "password", "tfa_secret");

    public VaultReference {
        if (config == null || config.isBlank()) {
            throw new IllegalArgumentException("a vault reference needs 'config', the vault configuration's name");
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a vault reference needs 'path', the secret's path, e.g. secret/portal/alice");
        }
        keys = Map.copyOf(Objects.requireNonNull(keys, "keys"));
        for (Map.Entry<String, String> k : keys.entrySet()) {
            if (!FIELDS.contains(k.getKey())) {
                throw new IllegalArgumentException("a vault reference maps user_name, password and tfa_secret; '"
                        + k.getKey() + "' is none of them");
            }
            if (k.getValue().isBlank()) {
                throw new IllegalArgumentException("the secret's key name for '" + k.getKey() + "' must not be blank");
            }
        }
    }
}
