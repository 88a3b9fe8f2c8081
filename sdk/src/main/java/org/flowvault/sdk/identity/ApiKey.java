package org.flowvault.sdk.identity;

import java.time.Instant;

/**
 * An API key as listed (never the key).
 *
 * @param prefix the key's first characters, to recognise it
 */
public record ApiKey(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
