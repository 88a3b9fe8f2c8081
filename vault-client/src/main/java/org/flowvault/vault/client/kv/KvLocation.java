package org.flowvault.vault.client.kv;

import java.util.Objects;

/**
 * Where a path written by a user lives: the KV mount (nested mounts included), its version and the
 * secret's path below the mount, without KV v2's {@code data/} or {@code metadata/} segment.
 * Found by {@link KvMounts#locate(String)}.
 *
 * <p>Immutable and thread-safe. Nulls: no component is null ({@link NullPointerException} otherwise);
 * {@code path} is empty, not null, for the mount itself.
 *
 * @param mount   the mount, without surrounding slashes ({@code team/kv})
 * @param version V1 or V2
 * @param path    the path below the mount ({@code apps/db}); empty for the mount itself
 */
public record KvLocation(String mount, KvVersion version, String path) {
    public KvLocation {
        Objects.requireNonNull(mount, "mount");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(path, "path");
    }

    /** {@code mount/path} (the mount alone for its root): the path Vault's events and Flowvault's invalidations name. */
    public String logicalPath() {
        return path.isEmpty() ? mount : mount + "/" + path;
    }
}
