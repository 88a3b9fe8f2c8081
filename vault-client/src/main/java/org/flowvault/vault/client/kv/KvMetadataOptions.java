package org.flowvault.vault.client.kv;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.internal.Json;

/**
 * The settings of a KV v2 key to write or patch; only the settings made on the builder are sent,
 * so a patch changes exactly those. Immutable.
 *
 * <pre>{@code
 * kv.writeMetadata("app/db", KvMetadataOptions.builder().maxVersions(5).casRequired(true)
 *         .customMetadata(Map.of("owner", "billing")).build());
 * }</pre>
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#create-update-metadata">Create/update metadata</a>
 */
public final class KvMetadataOptions {
    private final Map<String, Object> body;

    private KvMetadataOptions(Map<String, Object> body) {
        this.body = Map.copyOf(body);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The request body Vault expects. */
    Map<String, Object> body() {
        return body;
    }

    @Override
    public String toString() {
        return "KvMetadataOptions" + body;
    }

    /** Collects settings; each may be set once or overwritten. */
    public static final class Builder {
        private final Map<String, Object> body = new LinkedHashMap<>();

        private Builder() {
        }

        /** Versions to keep; 0 means the mount's setting (10 by default). */
        public Builder maxVersions(int maxVersions) {
            if (maxVersions < 0) {
                throw new IllegalArgumentException("maxVersions must not be negative, got " + maxVersions);
            }
            body.put("max_versions", maxVersions);
            return this;
        }

        /** Whether writes must carry {@code cas}. */
        public Builder casRequired(boolean casRequired) {
            body.put("cas_required", casRequired);
            return this;
        }

        /** Soft-delete each version this long after it is written; zero disables. */
        public Builder deleteVersionAfter(Duration after) {
            Objects.requireNonNull(after, "after");
            if (after.isNegative()) {
                throw new IllegalArgumentException("deleteVersionAfter must not be negative, got " + after);
            }
            body.put("delete_version_after", Json.seconds(after));
            return this;
        }

        /** Replaces the custom metadata (in a patch: merges, and a null value removes that key). */
        public Builder customMetadata(Map<String, String> customMetadata) {
            Objects.requireNonNull(customMetadata, "customMetadata");
            body.put("custom_metadata", java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customMetadata)));
            return this;
        }

        /** @throws IllegalStateException when nothing was set */
        public KvMetadataOptions build() {
            if (body.isEmpty()) {
                throw new IllegalStateException("set at least one of maxVersions, casRequired, deleteVersionAfter, customMetadata");
            }
            return new KvMetadataOptions(body);
        }
    }
}
