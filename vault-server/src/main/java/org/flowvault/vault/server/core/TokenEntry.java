package org.flowvault.vault.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A token as the token store keeps it. Times are epoch seconds; {@code expireTime} 0 means the
 * token never expires (root tokens). {@code numUses} 0 means unlimited. Never log an instance:
 * {@link #toString()} hides the id.
 */
public record TokenEntry(
        @JsonProperty("id") String id,
        @JsonProperty("accessor") String accessor,
        @JsonProperty("policies") List<String> policies,
        @JsonProperty("parent") String parent,
        @JsonProperty("namespace_id") String namespaceId,
        @JsonProperty("path") String path,
        @JsonProperty("meta") Map<String, String> meta,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("num_uses") int numUses,
        @JsonProperty("creation_time") long creationTime,
        @JsonProperty("ttl") long ttl,
        @JsonProperty("explicit_max_ttl") long explicitMaxTtl,
        @JsonProperty("period") long period,
        @JsonProperty("expire_time") long expireTime,
        @JsonProperty("renewable") boolean renewable,
        @JsonProperty("orphan") boolean orphan,
        @JsonProperty("max_ttl") long maxTtl,
        @JsonProperty("last_renewal_time") long lastRenewalTime,
        @JsonProperty("bound_cidrs") List<String> boundCidrs) {

    public TokenEntry {
        policies = List.copyOf(policies);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        boundCidrs = boundCidrs == null ? List.of() : List.copyOf(boundCidrs);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRoot() {
        return policies.contains("root");
    }

    public boolean expired(long now) {
        return expireTime != 0 && now >= expireTime;
    }

    public TokenEntry withUses(int uses) {
        return new TokenEntry(id, accessor, policies, parent, namespaceId, path, meta, displayName, uses,
                creationTime, ttl, explicitMaxTtl, period, expireTime, renewable, orphan, maxTtl, lastRenewalTime, boundCidrs);
    }

    public TokenEntry renewed(long newTtl, long now) {
        return new TokenEntry(id, accessor, policies, parent, namespaceId, path, meta, displayName, numUses,
                creationTime, newTtl, explicitMaxTtl, period, now + newTtl, renewable, orphan, maxTtl, now, boundCidrs);
    }

    public TokenEntry orphaned() {
        return new TokenEntry(id, accessor, policies, "", namespaceId, path, meta, displayName, numUses,
                creationTime, ttl, explicitMaxTtl, period, expireTime, renewable, true, maxTtl, lastRenewalTime, boundCidrs);
    }

    @Override
    public String toString() {
        return "TokenEntry[accessor=" + accessor + ", policies=" + policies + "]";
    }
}
