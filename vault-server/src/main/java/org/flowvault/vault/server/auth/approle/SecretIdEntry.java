package org.flowvault.vault.server.auth.approle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secret ID as stored under {@code secret_id/<hmac(role)>/<hmac(secret id)>}: everything but
 * the secret itself. Times are ISO-8601 instants (Jackson here has no java.time module); {@code expirationTime} null means never.
 *
 * @param numUses uses left; 0 means unlimited
 * @param ttl     the TTL asked for, in seconds (shown as is on lookup)
 */
record SecretIdEntry(
        @JsonProperty("secret_id_accessor") String accessor,
        @JsonProperty("secret_id_num_uses") int numUses,
        @JsonProperty("secret_id_ttl") long ttl,
        @JsonProperty("creation_time") String creationTime,
        @JsonProperty("expiration_time") String expirationTime,
        @JsonProperty("last_updated_time") String lastUpdatedTime,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("cidr_list") List<String> cidrList,
        @JsonProperty("token_bound_cidrs") List<String> tokenBoundCidrs) {

    /** Go's zero time, which Vault prints for a secret ID that never expires. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    SecretIdEntry {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        cidrList = cidrList == null ? List.of() : List.copyOf(cidrList);
        tokenBoundCidrs = tokenBoundCidrs == null ? List.of() : List.copyOf(tokenBoundCidrs);
    }

    boolean expired(Instant now) {
        return expirationTime != null && !now.isBefore(Instant.parse(expirationTime));
    }

    SecretIdEntry used(Instant now) {
        return new SecretIdEntry(accessor, numUses - 1, ttl, creationTime, expirationTime, now.toString(), metadata, cidrList,
                tokenBoundCidrs);
    }

    /** The data of secret-id/lookup and secret-id-accessor/lookup. */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cidr_list", cidrList);
        m.put("creation_time", creationTime);
        m.put("expiration_time", expirationTime == null ? ZERO_TIME : expirationTime);
        m.put("last_updated_time", lastUpdatedTime);
        m.put("metadata", new LinkedHashMap<>(metadata));
        m.put("secret_id_accessor", accessor);
        m.put("secret_id_num_uses", numUses);
        m.put("secret_id_ttl", ttl);
        m.put("token_bound_cidrs", tokenBoundCidrs);
        return m;
    }
}
