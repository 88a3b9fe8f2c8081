package org.flowvault.vault.client.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ApiPaths;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.NotFoundWithBody;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * KV version 2 at one mount: versioned secrets with check-and-set, soft delete, undelete,
 * destroy, and per-key metadata. Obtain it from
 * {@link org.flowvault.vault.client.core.VaultClient#kvV2(String)} or by pattern-matching
 * {@link org.flowvault.vault.client.core.VaultClient#kv(String)}. Paths are relative to the mount; the
 * {@code data/}, {@code metadata/}... segments are added here. Immutable and thread-safe.
 *
 * <p>The values its calls take and return are nested here ({@link KvMetadata}, {@link KvMetadataOptions}, {@link KvVersionMetadata}): immutable, and
 * meaningful only with these calls.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2">KV v2 API</a>
 */
public final class KvV2Operations implements KvOperations {
    private static final Map<String, String> MERGE_PATCH = Map.of("Content-Type", "application/merge-patch+json");
    private static final int PATCH_FALLBACK_ATTEMPTS = 5;

    private final VaultCalls calls;
    private final String mount;
    private final String dataPrefix;
    private final String metadataPrefix;

    static {
        Access.operations(KvV2Operations.class, KvV2Operations::new);
    }

    /** Made by {@link org.flowvault.vault.client.core.VaultClient} only (through {@link Access}); {@code mount} is already normalized. */
    KvV2Operations(VaultCalls calls, String mount) {
        this.calls = calls;
        this.mount = mount;
        this.dataPrefix = mount + "/data/";
        this.metadataPrefix = mount + "/metadata/";
    }

    @Override
    public String mount() {
        return mount;
    }

    @Override
    public KvVersion version() {
        return KvVersion.V2;
    }

    /**
     * Reads the latest version.
     *
     * @throws SecretNotFound when the latest version is soft-deleted or destroyed
     * @throws VaultException.NotFound when the key was never written (or its metadata was deleted)
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-version">Read secret version</a>
     */
    @Override
    public KvSecret get(String path) {
        return read(dataPrefix + ApiPaths.path(path));
    }

    /**
     * Reads version {@code version} (from 1).
     *
     * @throws SecretNotFound when that version is soft-deleted or destroyed
     * @throws VaultException.NotFound when it does not exist (never written, or pruned by max_versions)
     */
    public KvSecret get(String path, long version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more (use get(path) for the latest), got " + version);
        }
        return read(dataPrefix + ApiPaths.path(path) + "?version=" + version);
    }

    private KvSecret read(String apiPath) {
        JsonNode answer;
        try {
            answer = calls.get(apiPath);
        } catch (NotFoundWithBody e) {
            throw secretNotFound(e);
        }
        JsonNode d = answer == null ? null : answer.get("data");
        if (d == null) {
            throw new VaultException.NotFound("GET " + apiPath + " answered without data", 200, apiPath, List.of());
        }
        return new KvSecret(ClientJson.toMap(d.get("data")), KvVersionMetadata.from(d.get("metadata")));
    }

    /** A 404 that carries version metadata means the version is deleted or destroyed. */
    private static VaultException.NotFound secretNotFound(NotFoundWithBody e) {
        JsonNode d = e.body().get("data");
        JsonNode m = d == null ? null : d.has("metadata") ? d.get("metadata") : d.has("version") ? d : null;
        if (m == null || !m.isObject()) {
            return new VaultException.NotFound(e.getMessage(), e.status(), e.path(), e.errors());
        }
        KvVersionMetadata metadata = KvVersionMetadata.from(m);
        String state = metadata.destroyed() ? "destroyed" : "deleted" + (metadata.deletionTime() == null ? "" : " at " + metadata.deletionTime());
        return new SecretNotFound(e.getMessage() + (e.getMessage().contains(": ") ? "; " : ": ") + "version " + metadata.version() + " is " + state,
                e.status(), e.path(), e.errors(), metadata);
    }

    @Override
    public Optional<KvSecret> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Writes a new version.
     *
     * @return the new version's number
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#create-update-secret">Create/update secret</a>
     */
    @Override
    public long put(String path, Map<String, ?> data) {
        return write(path, data, null);
    }

    /**
     * Writes a new version only if the current version is {@code cas} (0: only if the key does not
     * exist yet).
     *
     * @return the new version's number
     * @throws VaultException.CasMismatch when the current version is another
     */
    public long put(String path, Map<String, ?> data, long cas) {
        if (cas < 0) {
            throw new IllegalArgumentException("cas must be 0 (create only) or a version, got " + cas);
        }
        return write(path, data, cas);
    }

    private long write(String path, Map<String, ?> data, Long cas) {
        Objects.requireNonNull(data, "data");
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("data", data);
        if (cas != null) {
            body.put("options", Map.of("cas", cas));
        }
        JsonNode answer = calls.send("POST", dataPrefix + ApiPaths.path(path), body);
        return ClientJson.longValue(answer == null ? null : answer.get("data"), "version");
    }

    /**
     * Merges {@code patch} into the latest version as a JSON merge patch (RFC 7396: a null value
     * removes the key, nested objects merge) and writes the result as a new version. Sent as
     * Vault's atomic {@code PATCH}; on a Vault too old for it (405) the client reads, merges and
     * writes with check-and-set itself, retrying when another writer got in between.
     *
     * @return the new version's number
     * @throws VaultException.NotFound when the key does not exist ({@link SecretNotFound} when its latest version is deleted)
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#patch-secret">Patch secret</a>
     */
    public long patch(String path, Map<String, ?> patch) {
        Objects.requireNonNull(patch, "patch");
        String p = ApiPaths.path(path);
        JsonNode answer;
        try {
            answer = calls.send("PATCH", dataPrefix + p, Map.of("data", patch), MERGE_PATCH);
        } catch (NotFoundWithBody e) {
            throw secretNotFound(e);
        } catch (VaultException.InvalidRequest e) {
            if (e.status() != 405) {
                throw e;
            }
            return patchByReadAndWrite(p, patch);
        }
        return ClientJson.longValue(answer == null ? null : answer.get("data"), "version");
    }

    private long patchByReadAndWrite(String path, Map<String, ?> patch) {
        for (int attempt = 1; ; attempt++) {
            KvSecret current = get(path);
            Map<String, Object> merged = MergePatch.apply(current.data(), patch);
            try {
                return put(path, merged, current.version());
            } catch (VaultException.CasMismatch e) {
                if (attempt >= PATCH_FALLBACK_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Soft-deletes the latest version (undo with {@link #undelete}). */
    @Override
    public void delete(String path) {
        calls.send("DELETE", dataPrefix + ApiPaths.path(path), null);
    }

    /**
     * Soft-deletes the given versions; their data stays recoverable with {@link #undelete}.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-secret-versions">Delete secret versions</a>
     */
    public void deleteVersions(String path, long... versions) {
        calls.send("POST", mount + "/delete/" + ApiPaths.path(path), versions("deleteVersions", versions));
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#undelete-secret-versions">Undelete secret versions</a> */
    public void undelete(String path, long... versions) {
        calls.send("POST", mount + "/undelete/" + ApiPaths.path(path), versions("undelete", versions));
    }

    /**
     * Destroys the data of the given versions for good; their metadata remains.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#destroy-secret-versions">Destroy secret versions</a>
     */
    public void destroy(String path, long... versions) {
        calls.send("PUT", mount + "/destroy/" + ApiPaths.path(path), versions("destroy", versions));
    }

    private static Map<String, Object> versions(String method, long[] versions) {
        if (versions == null || versions.length == 0) {
            throw new IllegalArgumentException(method + " needs at least one version number");
        }
        for (long v : versions) {
            if (v < 1) {
                throw new IllegalArgumentException(method + ": versions start at 1, got " + v);
            }
        }
        return Map.of("versions", versions);
    }

    /**
     * The key's metadata and the state of every kept version.
     *
     * @throws VaultException.NotFound when the key does not exist
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-metadata">Read secret metadata</a>
     */
    public KvMetadata metadata(String path) {
        JsonNode answer = calls.get(metadataPrefix + ApiPaths.path(path));
        return KvMetadata.from(answer.get("data"));
    }

    /**
     * Sets the key's settings (creating the key's metadata if needed); settings not made in
     * {@code options} are reset to their defaults, as Vault's POST does.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#create-update-metadata">Create/update metadata</a>
     */
    public void writeMetadata(String path, KvMetadataOptions options) {
        calls.send("POST", metadataPrefix + ApiPaths.path(path), Objects.requireNonNull(options, "options").body());
    }

    /**
     * Changes only the settings made in {@code options}; custom metadata is merged (a null value
     * removes a key).
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#patch-metadata">Patch metadata</a>
     */
    public void patchMetadata(String path, KvMetadataOptions options) {
        calls.send("PATCH", metadataPrefix + ApiPaths.path(path), Objects.requireNonNull(options, "options").body(), MERGE_PATCH);
    }

    /**
     * Deletes the key: its metadata and every version, for good.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-metadata-and-all-versions">Delete metadata and all versions</a>
     */
    public void deleteMetadata(String path) {
        calls.send("DELETE", metadataPrefix + ApiPaths.path(path), null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#list-secrets">List secrets</a> */
    @Override
    public List<String> list(String path) {
        return keys(calls, metadataPrefix + ApiPaths.relative(path) + (ApiPaths.relative(path).isEmpty() ? "" : "/"));
    }

    /** The {@code data.keys} of a LIST; empty on 404 (Vault's answer when there is nothing). */
    static List<String> keys(VaultCalls calls, String apiPath) {
        try {
            JsonNode answer = calls.send("LIST", apiPath, null);
            return ClientJson.strings(answer == null ? null : answer.path("data").get("keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    /**
     * The structure of the latest version with every value replaced by null: which keys exist,
     * without their secrets.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-subkeys">Read secret subkeys</a>
     */
    public Map<String, Object> subkeys(String path) {
        return subkeys(path, 0);
    }

    /** As {@link #subkeys(String)}, descending at most {@code depth} levels (0: no limit). */
    public Map<String, Object> subkeys(String path, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 (no limit) or more, got " + depth);
        }
        String apiPath = mount + "/subkeys/" + ApiPaths.path(path) + (depth > 0 ? "?depth=" + depth : "");
        JsonNode answer;
        try {
            answer = calls.get(apiPath);
        } catch (NotFoundWithBody e) {
            throw secretNotFound(e);
        }
        return ClientJson.toMap(answer.path("data").get("subkeys"));
    }

    @Override
    public String toString() {
        return "KvV2Operations[" + mount + "]";
    }

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
                    versions.put(v, new KvVersionMetadata(v, ClientJson.instant(m, "created_time"), ClientJson.instant(m, "deletion_time"),
                            ClientJson.bool(m, "destroyed"), custom));
                }
            }
            return new KvMetadata(ClientJson.longValue(d, "current_version"), ClientJson.longValue(d, "oldest_version"),
                    (int) ClientJson.longValue(d, "max_versions"), ClientJson.bool(d, "cas_required"),
                    ClientJson.duration(d, "delete_version_after"), ClientJson.instant(d, "created_time"), ClientJson.instant(d, "updated_time"),
                    custom, versions);
        }
    }

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
    public static final class KvMetadataOptions {
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
                body.put("delete_version_after", ClientJson.seconds(after));
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
            return new KvVersionMetadata(ClientJson.longValue(m, "version"), ClientJson.instant(m, "created_time"),
                    ClientJson.instant(m, "deletion_time"), ClientJson.bool(m, "destroyed"), nonNull(ClientJson.stringMap(m == null ? null : m.get("custom_metadata"))));
        }

        private static Map<String, String> nonNull(Map<String, String> m) {
            Map<String, String> copy = new java.util.LinkedHashMap<>(m);
            copy.values().removeIf(java.util.Objects::isNull);
            return copy;
        }
    }
}
