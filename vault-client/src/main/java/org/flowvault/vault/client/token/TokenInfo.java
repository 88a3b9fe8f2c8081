package org.flowvault.vault.client.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.internal.Json;

/**
 * What a token lookup tells about a token (never the token itself). {@link #toString()} leaves
 * out the accessor.
 *
 * @param accessor       the token's accessor
 * @param policies       its policies
 * @param ttl            the time left; zero for a token that never expires
 * @param creationTtl    the TTL it was created (or last renewed) with
 * @param expireTime     when it expires; null if never
 * @param explicitMaxTtl the hard limit; zero if none
 * @param period         the period of a periodic token; zero otherwise
 * @param renewable      whether it can be renewed
 * @param orphan         whether it has no parent
 * @param numUses        uses left; 0 is unlimited
 * @param displayName    its display name
 * @param path           the path it was created on, such as "auth/token/create" or "auth/approle/login"
 * @param meta           its metadata
 * @param type           "service" or "batch"
 * @param entityId       its identity entity, or null
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token">Lookup a token</a>
 */
public record TokenInfo(String accessor, List<String> policies, Duration ttl, Duration creationTtl, Instant expireTime,
                        Duration explicitMaxTtl, Duration period, boolean renewable, boolean orphan, long numUses,
                        String displayName, String path, Map<String, String> meta, String type, String entityId) {
    public TokenInfo {
        policies = List.copyOf(policies);
        meta = meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
    }

    static TokenInfo from(JsonNode d) {
        return new TokenInfo(Json.text(d, "accessor"), Json.strings(d.get("policies")), Json.duration(d, "ttl"),
                Json.duration(d, "creation_ttl"), Json.instant(d, "expire_time"), Json.duration(d, "explicit_max_ttl"),
                Json.duration(d, "period"), Json.bool(d, "renewable"), Json.bool(d, "orphan"), Json.longValue(d, "num_uses"),
                Json.text(d, "display_name"), Json.text(d, "path"), Json.stringMap(d.get("meta")), Json.text(d, "type"),
                Json.text(d, "entity_id"));
    }

    @Override
    public String toString() {
        return "TokenInfo[policies=" + policies + ", ttl=" + ttl + ", renewable=" + renewable + ", orphan=" + orphan
                + ", path=" + path + ", type=" + type + "]";
    }
}
