package org.flowvault.vault.server.kv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.flowvault.vault.server.internal.JsonBuffer;

/**
 * Everything the KV v2 engine keeps for one key in a single storage entry: Vault's key metadata
 * plus the data of the current version. Keeping the current data inline makes the hot path (read
 * the latest version) one storage get; older versions live in entries of their own.
 * Immutable: every change returns a new record.
 *
 * @param currentVersion      the latest version number, 0 before the first write
 * @param oldestVersion       Vault's sliding-window start (0 until versions were pruned)
 * @param maxVersions         per-key max_versions, 0 unset
 * @param deleteVersionAfter  per-key delete_version_after in seconds, 0 unset
 * @param customMetadata      user metadata, empty when none
 * @param currentData         data of {@code currentVersion}; {@code null} when it was destroyed or
 *                            there is no version. Shared, never modify it.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // entries written by later versions stay readable
record KeyRecord(
        @JsonProperty("current_version") long currentVersion,
        @JsonProperty("oldest_version") long oldestVersion,
        @JsonProperty("created_time") String createdTime,
        @JsonProperty("updated_time") String updatedTime,
        @JsonProperty("max_versions") long maxVersions,
        @JsonProperty("cas_required") boolean casRequired,
        @JsonProperty("delete_version_after") long deleteVersionAfter,
        @JsonProperty("custom_metadata") Map<String, String> customMetadata,
        @JsonProperty("versions") SortedMap<Long, VersionMetadata> versions,
        @JsonProperty("data") Map<String, Object> currentData) {

    static final int DEFAULT_MAX_VERSIONS = 10;
    private static final Class<?> SEALED_VERSIONS = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();
    private static final Class<?> SEALED_METADATA = Collections.unmodifiableMap(Map.of()).getClass();

    KeyRecord {
        createdTime = createdTime == null ? "" : createdTime;
        updatedTime = updatedTime == null ? "" : updatedTime;
        // Maps already wrapped here (another record's, or one of ours just built) are shared, not
        // copied again: every write builds a record from the previous one.
        if (customMetadata == null || customMetadata.isEmpty()) {
            customMetadata = Map.of();
        } else if (customMetadata.getClass() != SEALED_METADATA) {
            customMetadata = Collections.unmodifiableMap(customMetadata);
        }
        if (versions == null || versions.getClass() != SEALED_VERSIONS) {
            versions = sealed(versions == null ? new TreeMap<>() : new TreeMap<>(versions));
        }
    }

    /** Wraps a map this class just built and will never touch again. */
    private static SortedMap<Long, VersionMetadata> sealed(TreeMap<Long, VersionMetadata> fresh) {
        return Collections.unmodifiableSortedMap(fresh);
    }

    /**
     * Writes this record as the JSON Jackson reads back into it (the names above), straight into
     * a pooled buffer: a record is rewritten on every write of its key.
     */
    void writeJson(JsonBuffer out) {
        out.beginObject()
                .name("current_version").value(currentVersion)
                .name("oldest_version").value(oldestVersion)
                .name("created_time").value(createdTime)
                .name("updated_time").value(updatedTime)
                .name("max_versions").value(maxVersions)
                .name("cas_required").value(casRequired)
                .name("delete_version_after").value(deleteVersionAfter)
                .name("custom_metadata").value((Object) customMetadata)
                .name("versions").beginObject();
        for (Map.Entry<Long, VersionMetadata> e : versions.entrySet()) {
            VersionMetadata vm = e.getValue();
            out.name(e.getKey()).beginObject()
                    .name("created_time").value(vm.createdTime())
                    .name("deletion_time").value(vm.deletionTime())
                    .name("destroyed").value(vm.destroyed())
                    .endObject();
        }
        out.endObject().name("data").value((Object) currentData).endObject();
    }

    /** A key that has metadata but no version yet (what a metadata write creates). */
    static KeyRecord created(String now) {
        return new KeyRecord(0, 0, now, now, 0, false, 0, Map.of(), null, null);
    }

    /** The result of adding a version: the new record and the versions that fell out of the window. */
    record Added(KeyRecord record, List<Long> pruned) {
    }

    /**
     * Adds version {@code currentVersion + 1} holding {@code data}, and slides the window of kept
     * versions as Vault does: the larger of the key's and the mount's max_versions wins, 10 when
     * neither is set.
     */
    Added addVersion(String created, String deletion, long configMaxVersions, Map<String, Object> data) {
        TreeMap<Long, VersionMetadata> next = new TreeMap<>(versions);
        long version = currentVersion + 1;
        next.put(version, new VersionMetadata(created, deletion, false));
        long keep = Math.max(maxVersions, configMaxVersions);
        if (keep <= 0) {
            keep = DEFAULT_MAX_VERSIONS;
        }
        long oldest = oldestVersion;
        List<Long> pruned = List.of();
        if (version - oldest >= keep) {
            pruned = new ArrayList<>(2);
            long last = version - keep;
            for (long v = oldest; v <= last; v++) {
                if (next.remove(v) != null) {
                    pruned.add(v);
                }
            }
            oldest = last + 1;
        }
        KeyRecord record = new KeyRecord(version, oldest, createdTime.isEmpty() ? created : createdTime, created,
                maxVersions, casRequired, deleteVersionAfter, customMetadata, sealed(next), data);
        return new Added(record, pruned);
    }

    /** Replaces one version's metadata. */
    KeyRecord withVersion(long version, VersionMetadata metadata) {
        TreeMap<Long, VersionMetadata> next = new TreeMap<>(versions);
        next.put(version, metadata);
        return new KeyRecord(currentVersion, oldestVersion, createdTime, updatedTime, maxVersions, casRequired,
                deleteVersionAfter, customMetadata, sealed(next), currentData);
    }

    /** Drops the inline data of the current version (it was destroyed). */
    KeyRecord withoutCurrentData() {
        return new KeyRecord(currentVersion, oldestVersion, createdTime, updatedTime, maxVersions, casRequired,
                deleteVersionAfter, customMetadata, versions, null);
    }

    /** Replaces the per-key settings. */
    KeyRecord withSettings(long newMaxVersions, boolean newCasRequired, long newDeleteVersionAfter,
            Map<String, String> newCustomMetadata) {
        return new KeyRecord(currentVersion, oldestVersion, createdTime, updatedTime, newMaxVersions, newCasRequired,
                newDeleteVersionAfter, newCustomMetadata, versions, currentData);
    }

    VersionMetadata current() {
        return versions.get(currentVersion);
    }

    /**
     * When a version created at {@code created} gets soft-deleted: after the smaller non-zero of
     * the mount's and the key's delete_version_after, or never ({@code ""}).
     */
    String deletionTimeFor(Instant created, KvConfig config) {
        if (config.deleteVersionAfterDisabled()) {
            return "";
        }
        long mount = config.deleteVersionAfter();
        long key = deleteVersionAfter;
        if (mount == 0 && key == 0) {
            return "";
        }
        long after = key;
        if ((mount != 0 && mount < after) || after == 0) {
            after = mount;
        }
        return Timestamps.format(created.plus(Duration.ofSeconds(after)));
    }
}
