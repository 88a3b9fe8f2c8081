package org.flowvault.vault.client.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.flowvault.vault.client.internal.Json;

/**
 * The metadata of one KV v2 version.
 *
 * @param version        the version number, from 1
 * @param createdTime    when it was written
 * @param deletionTime   when it was (or will be, with {@code delete_version_after}) soft-deleted; null if never
 * @param destroyed      whether its data is gone for good
 * @param customMetadata the key's custom metadata (shared by all versions), possibly empty
 */
public record KvVersionMetadata(long version, Instant createdTime, Instant deletionTime, boolean destroyed,
                                Map<String, String> customMetadata) {
    public KvVersionMetadata {
        customMetadata = customMetadata == null ? Map.of() : Map.copyOf(customMetadata);
    }

    /** Whether the version is soft-deleted now (a deletion time in the past). */
    public boolean deleted() {
        return deletionTime != null && !deletionTime.isAfter(Instant.now());
    }

    /** From Vault's {created_time, custom_metadata, deletion_time, destroyed, version} object. */
    static KvVersionMetadata from(JsonNode m) {
        return new KvVersionMetadata(Json.longValue(m, "version"), Json.instant(m, "created_time"),
                Json.instant(m, "deletion_time"), Json.bool(m, "destroyed"), nonNull(Json.stringMap(m == null ? null : m.get("custom_metadata"))));
    }

    private static Map<String, String> nonNull(Map<String, String> m) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(m);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }
}
