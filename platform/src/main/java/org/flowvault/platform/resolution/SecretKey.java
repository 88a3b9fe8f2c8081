package org.flowvault.platform.resolution;

import java.util.UUID;

/**
 * What a cached secret is keyed by. The identity is part of the key, so a secret read with one
 * user's token is never served to another identity.
 *
 * @param version 0 for the latest version
 */
record SecretKey(UUID configId, String identity, String namespace, String mount, String path, long version) {
}
