package org.flowvault.platform.credential;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a provider-backed entry's values live instead of ciphertexts: the Vault secret at
 * {@code path} read through vault configuration {@code config} (null: the project's default),
 * with the run's identity, through the platform's resolution and cache.
 *
 * @param config the vault configuration's name, or null for the project's first usable one
 * @param path   the secret's path, e.g. {@code secret/portal/alice}
 * @param keys   entry field ({@code user_name}, {@code password}, {@code tfa_secret}) to the key
 *               of the secret holding it; a field not listed is read from the key of its own name
 */
public record VaultSource(String config, String path, Map<String, String> keys) {
    public VaultSource {
        Objects.requireNonNull(path, "path");
        keys = keys == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** The key of the secret that holds entry field {@code field}. */
    public String keyOf(String field) {
        return keys.getOrDefault(field, field);
    }

    /** The attachment as a connection writes it: {@code config:path}, or {@code path}. */
    String attachment() {
        return config == null ? path : config + ":" + path;
    }
}
