package org.flowvault.vault.server.kv;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.Durations;
import org.flowvault.vault.server.storage.Storage;

/**
 * {@code metadata/<path>}: a key's settings and version history; writing and patching the
 * settings; deleting a key with all its versions; listing keys.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-metadata">KV v2 API</a>
 */
final class MetadataEndpoints {
    private static final String CAS_WARNING =
            "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.";

    private final VersionedStore store;
    private final Clock clock;

    MetadataEndpoints(VersionedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    boolean exists(Request request) {
        return store.read(request.storage(), request.param("path")) != null;
    }

    Response read(Request request) {
        KeyRecord record = store.read(request.storage(), request.param("path"));
        if (record == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> versions = new TreeMap<>();
        for (Map.Entry<Long, VersionMetadata> e : record.versions().entrySet()) {
            VersionMetadata vm = e.getValue();
            Map<String, Object> v = new LinkedHashMap<>(4);
            v.put("created_time", vm.createdTime());
            v.put("deletion_time", vm.deletionTime());
            v.put("destroyed", vm.destroyed());
            versions.put(Long.toString(e.getKey()), v);
        }
        Map<String, Object> m = new LinkedHashMap<>(16);
        m.put("cas_required", record.casRequired());
        m.put("created_time", record.createdTime());
        m.put("current_version", record.currentVersion());
        m.put("custom_metadata", Views.customMetadata(record));
        m.put("delete_version_after", Durations.format(Duration.ofSeconds(record.deleteVersionAfter())));
        m.put("max_versions", record.maxVersions());
        m.put("oldest_version", record.oldestVersion());
        m.put("updated_time", record.updatedTime());
        m.put("versions", versions);
        return Response.data(m);
    }

    /** Sets the given settings; absent fields keep their value, custom_metadata is replaced whole. */
    Response write(Request request) {
        String key = request.param("path");
        if (key.isEmpty()) {
            throw VaultError.badRequest("missing path");
        }
        boolean hasMax = request.has("max_versions");
        boolean hasCas = request.has("cas_required");
        boolean hasDva = request.has("delete_version_after");
        boolean hasCustom = request.has("custom_metadata");
        if (!hasMax && !hasCas && !hasDva && !hasCustom) {
            return Response.empty();
        }
        long maxVersions = hasMax ? Inputs.nonNegative(request, "max_versions") : 0;
        boolean casRequired = request.bool("cas_required", false);
        long dva = hasDva ? Inputs.durationSeconds(request, "delete_version_after") : 0;
        Map<String, String> custom = Map.of();
        if (hasCustom) {
            custom = CustomMetadata.parse(Inputs.object(request, "custom_metadata"), false);
            CustomMetadata.validate(custom);
        }
        Storage storage = request.storage();
        boolean warn = hasCas && !casRequired && store.config(storage).casRequired();
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            if (record == null) {
                record = KeyRecord.created(Timestamps.format(clock.instant()));
            }
            store.save(storage, key, record.withSettings(
                    hasMax ? maxVersions : record.maxVersions(),
                    hasCas ? casRequired : record.casRequired(),
                    hasDva ? dva : record.deleteVersionAfter(),
                    hasCustom ? custom : record.customMetadata()));
        } finally {
            lock.unlock();
        }
        return warn ? Response.empty().status(200).warning(CAS_WARNING) : Response.empty();
    }

    /**
     * Merge-patches the settings of an existing key: present fields are set, null fields reset,
     * and custom_metadata merges key by key (a null value removes that key).
     */
    Response patch(Request request) {
        MergePatch.requireContentType(request);
        String key = request.param("path");
        if (key.isEmpty()) {
            throw VaultError.badRequest("missing path");
        }
        Map<String, Object> input = request.data();
        Map<String, String> customPatch = null;
        if (input.get("custom_metadata") != null) {
            customPatch = CustomMetadata.parse(Inputs.object(request, "custom_metadata"), true);
            CustomMetadata.validate(customPatch);
        }
        long maxVersions = Inputs.nonNegative(request, "max_versions");
        boolean casRequired = request.bool("cas_required", false);
        long dva = Inputs.durationSeconds(request, "delete_version_after");
        Storage storage = request.storage();
        boolean warn = request.has("cas_required") && !casRequired && store.config(storage).casRequired();
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            if (record == null) {
                throw VaultError.notFound();
            }
            Map<String, String> custom = record.customMetadata();
            if (input.containsKey("custom_metadata")) {
                custom = customPatch == null ? Map.of() : merged(custom, customPatch);
            }
            store.save(storage, key, record.withSettings(
                    input.containsKey("max_versions") ? maxVersions : record.maxVersions(),
                    input.containsKey("cas_required") ? casRequired : record.casRequired(),
                    input.containsKey("delete_version_after") ? dva : record.deleteVersionAfter(),
                    custom));
        } finally {
            lock.unlock();
        }
        return warn ? Response.empty().status(200).warning(CAS_WARNING) : Response.empty();
    }

    private static Map<String, String> merged(Map<String, String> current, Map<String, String> patch) {
        Map<String, String> out = new LinkedHashMap<>(current);
        for (Map.Entry<String, String> e : patch.entrySet()) {
            if (e.getValue() == null) {
                out.remove(e.getKey());
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Removes the key's metadata and every version, for good. */
    Response delete(Request request) {
        String key = request.param("path");
        Storage storage = request.storage();
        ReentrantLock lock = store.lock(key);
        lock.lock();
        try {
            KeyRecord record = store.read(storage, key);
            if (record != null) {
                store.deleteKey(storage, key, record);
            }
            return Response.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Keys and sub-folders (with a trailing '/') under a folder; 404 when there are none. */
    Response list(Request request) {
        String folder = request.param("path");
        if (!folder.isEmpty() && !folder.endsWith("/")) {
            folder += "/";
        }
        List<String> keys = store.list(request.storage(), folder);
        if (keys.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", keys));
    }
}
