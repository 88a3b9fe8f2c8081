package org.flowvault.sdk.vaultconfig;

import java.util.List;

/**
 * A secret written through a configuration: where, the KV version created (null on KV v1), and
 * the keys written (never the values).
 */
public record SecretWrite(String configuration, String path, Long version, List<String> keys) {
    public SecretWrite {
        keys = List.copyOf(keys);
    }
}
