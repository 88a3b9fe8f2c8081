package org.flowvault.platform.resolution;

import java.util.UUID;

/**
 * "Forget what you cached": for a whole configuration ({@code path} null) or one path of it. The
 * path is a user-written or logical path; matching is deliberately generous (see
 * {@link #matches}) since forgetting too much only costs a read.
 */
record Invalidation(UUID configId, String path) {

    boolean matches(SecretKey k) {
        if (!k.configId().equals(configId)) {
            return false;
        }
        if (path == null) {
            return true;
        }
        String logical = k.mount() + "/" + k.path();
        return path.equals(logical)
                || path.equals(k.mount() + "/data/" + k.path())
                || path.equals(k.path())
                || path.equals("data/" + k.path());
    }
}
