package org.flowvault.vault.client.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event notification as Vault sends it (a CloudEvents envelope), with the fields a cache
 * needs lifted out. Events name paths and versions, never secret values.
 *
 * @param type           the event type, e.g. {@code kv-v2/data-write}
 * @param path           the API path the change was made on, e.g. {@code secret/data/app}
 * @param dataPath       the KV data path it concerns ({@code secret/data/app} for a metadata change too), or null
 * @param currentVersion the KV v2 current version after the change, or 0 when the event does not say
 * @param json           the whole event as Vault sent it (JSON text)
 */
public record VaultEvent(String type, String path, String dataPath, long currentVersion, String json) {

    static VaultEvent of(JsonNode json) {
        JsonNode meta = json.path("data").path("event").path("metadata");
        String dataPath = meta.path("data_path").asText(null);
        long version = 0;
        try {
            version = Long.parseLong(meta.path("current_version").asText("0"));
        } catch (NumberFormatException e) {
            // not a KV v2 version: leave 0
        }
        return new VaultEvent(json.path("type").asText(""), meta.path("path").asText(null), dataPath, version, json.toString());
    }
}
