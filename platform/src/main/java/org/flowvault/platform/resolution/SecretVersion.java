package org.flowvault.platform.resolution;

import java.util.Objects;

/**
 * Which version of which secret a resolution used — never the value: what a run records.
 *
 * @param config  the vault configuration's name
 * @param path    the path as written (a pinned path keeps its {@code @N})
 * @param version the KV v2 version read; 0 on KV v1, which keeps no versions
 */
public record SecretVersion(String config, String path, long version) {
    public SecretVersion {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(path, "path");
    }
}
