package org.flowvault.vault.server.namespace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A Vault namespace: an isolated tenant with its own mounts, policies and tokens.
 *
 * @param id    "root" for the root namespace, otherwise a random five-character id as in Vault
 * @param path  "" for root, otherwise the full path with a trailing slash ("team-a/dev/")
 */
public record Namespace(
        @JsonProperty("id") String id,
        @JsonProperty("path") String path,
        @JsonProperty("custom_metadata") Map<String, String> customMetadata) {

    public static final Namespace ROOT = new Namespace("root", "", Map.of());

    public Namespace {
        customMetadata = customMetadata == null ? Map.of() : Map.copyOf(customMetadata);
    }

    public boolean isRoot() {
        return path.isEmpty();
    }

    /** Storage prefix of everything this namespace owns. */
    public String storagePrefix() {
        return isRoot() ? "" : "namespaces/" + id + "/";
    }

    /** Whether {@code other} is this namespace or one below it. */
    public boolean contains(Namespace other) {
        return other.path.startsWith(path);
    }
}
