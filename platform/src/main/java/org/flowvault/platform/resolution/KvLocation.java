package org.flowvault.platform.resolution;

import org.flowvault.vault.client.kv.KvVersion;

/**
 * Where a user-written path lives: the KV mount (nested mounts included), its version and the
 * secret path below the mount (without {@code data/}).
 */
record KvLocation(String mount, KvVersion version, String path) {

    /** The logical path {@code mount/path}: what invalidations name. */
    String logicalPath() {
        return mount + "/" + path;
    }
}
