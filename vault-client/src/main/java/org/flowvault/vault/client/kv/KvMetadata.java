package org.flowvault.vault.client.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.flowvault.vault.client.internal.Json;

/**
 * The metadata of a KV v2 key: its settings and the state of every version kept. Holds no secret
 * data.
 *
 * @param currentVersion     the latest version written
 * @param oldestVersion      the oldest version still kept
 * @param maxVersions        versions kept for this key; 0 means the mount's setting
 * @param casRequired        whether every write to this key must carry {@code cas}
 * @param deleteVersionAfter how long after writing a version is soft-deleted; zero means never
 * @param createdTime        when the key was first written
 * @param updatedTime        when the key was last written
 * @param customMetadata     free-form string pairs kept with the key
 * @param versions           each kept version's metadata, by version number, ascending
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-metadata">Read secret metadata</a>
 */
public record KvMetadata(long currentVersion, long oldestVersion, int maxVersions, boolean casRequired,
                         Duration deleteVersionAfter, Instant createdTime, Instant updatedTime,
                         Map<String, String> customMetadata, SortedMap<Long, KvVersionMetadata> versions) {
    public KvMetadata {
        customMetadata = customMetadata == null ? Map.of() : Map.copyOf(customMetadata);
        versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    }

    static KvMetadata from(JsonNode d) {
        Map<String, String> custom = KvVersionMetadata.from(d).customMetadata();
        TreeMap<Long, KvVersionMetadata> versions = new TreeMap<>();
        JsonNode vs = d.get("versions");
        if (vs != null && vs.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long v = Long.parseLong(e.getKey());
                JsonNode m = e.getValue();
                versions.put(v, new KvVersionMetadata(v, Json.instant(m, "created_time"), Json.instant(m, "deletion_time"),
                        Json.bool(m, "destroyed"), custom));
            }
        }
        return new KvMetadata(Json.longValue(d, "current_version"), Json.longValue(d, "oldest_version"),
                (int) Json.longValue(d, "max_versions"), Json.bool(d, "cas_required"),
                Json.duration(d, "delete_version_after"), Json.instant(d, "created_time"), Json.instant(d, "updated_time"),
                custom, versions);
    }
}
