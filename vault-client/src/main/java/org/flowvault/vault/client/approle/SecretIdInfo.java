package org.flowvault.vault.client.approle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.internal.Json;

/**
 * What Vault tells about a secret ID (never the secret ID itself).
 *
 * @param accessor        its accessor
 * @param metadata        the metadata given when it was generated
 * @param cidrList        source addresses allowed to log in with it
 * @param tokenBoundCidrs source addresses allowed to use its tokens
 * @param ttl             its lifetime; zero for unlimited
 * @param numUses         logins left; 0 for unlimited
 * @param creationTime    when it was generated
 * @param expirationTime  when it expires; null if never
 * @param lastUpdatedTime when it was last used or changed
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-secret-id">Read AppRole secret ID</a>
 */
public record SecretIdInfo(String accessor, Map<String, String> metadata, List<String> cidrList, List<String> tokenBoundCidrs,
                           Duration ttl, long numUses, Instant creationTime, Instant expirationTime, Instant lastUpdatedTime) {
    public SecretIdInfo {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        cidrList = List.copyOf(cidrList);
        tokenBoundCidrs = List.copyOf(tokenBoundCidrs);
    }

    static SecretIdInfo from(JsonNode d) {
        return new SecretIdInfo(Json.text(d, "secret_id_accessor"), Json.stringMap(d.get("metadata")), Json.strings(d.get("cidr_list")),
                Json.strings(d.get("token_bound_cidrs")), Json.duration(d, "secret_id_ttl"), Json.longValue(d, "secret_id_num_uses"),
                Json.instant(d, "creation_time"), Json.instant(d, "expiration_time"), Json.instant(d, "last_updated_time"));
    }
}
