package org.flowvault.vault.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One stored lease. Times are epoch milliseconds; {@code internal} is the issuing backend's
 * revocation data (it may hold a user name, never a password the client received).
 *
 * @param path       the request path that issued it ("database/creds/ro"), which finds its mount
 * @param ttlSeconds the TTL it was issued with: a renewal without increment extends by this much
 * @param tokenAccessor the accessor of the token that obtained it (revoking the token revokes the
 *                   lease); null for a lease stored before it was recorded, or obtained without one
 */
record Lease(
        @JsonProperty("id") String id,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("path") String path,
        @JsonProperty("internal") Map<String, Object> internal,
        @JsonProperty("issue_time") long issueTime,
        @JsonProperty("expire_time") long expireTime,
        @JsonProperty("last_renewal") long lastRenewal,
        @JsonProperty("max_expire_time") long maxExpireTime,
        @JsonProperty("ttl_seconds") long ttlSeconds,
        @JsonProperty("renewable") boolean renewable,
        @JsonProperty("token_accessor") String tokenAccessor) {

    Lease renewedUntil(long now, long newExpire) {
        return new Lease(id, namespace, path, internal, issueTime, newExpire, now, maxExpireTime, ttlSeconds, renewable, tokenAccessor);
    }

    Instant expires() {
        return Instant.ofEpochMilli(expireTime);
    }
}
