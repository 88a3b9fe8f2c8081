package org.flowvault.vault.server.kv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/**
 * The storage layout of a KV v2 mount, inside the mount's private storage:
 * <ul>
 *   <li>{@code config}: the {@link KvConfig};</li>
 *   <li>{@code metadata/<key>}: the {@link KeyRecord} (metadata and current data), so that a
 *       listing of {@code metadata/<folder>/} is a storage listing;</li>
 *   <li>{@code versions/<sha256(key)>/<n>}: the data of older versions, under a hash so that no
 *       key's versions sit inside another key's folder.</li>
 * </ul>
 * Writers of one key serialize on a striped lock; readers take none, since a key's record is
 * replaced with a single put.
 */
final class VersionedStore {
    private static final String CONFIG = "config";
    private static final String METADATA = "metadata/";
    private static final String VERSIONS = "versions/";

    private final ReentrantLock[] locks = new ReentrantLock[256];

    VersionedStore() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The lock that serializes writes to {@code key}. */
    ReentrantLock lock(String key) {
        return locks[(key.hashCode() & 0x7fffffff) % locks.length];
    }

    KvConfig config(Storage storage) {
        byte[] raw = storage.get(CONFIG);
        return raw == null ? KvConfig.DEFAULT : ServerJson.read(raw, KvConfig.class);
    }

    void saveConfig(Storage storage, KvConfig config) {
        storage.put(CONFIG, ServerJson.write(config));
    }

    /** The key's record, or {@code null} when the key has no metadata. */
    KeyRecord read(Storage storage, String key) {
        byte[] raw = storage.get(METADATA + key);
        return raw == null ? null : ServerJson.read(raw, KeyRecord.class);
    }

    void save(Storage storage, String key, KeyRecord record) {
        storage.put(METADATA + key, ServerJson.write(record));
    }

    /**
     * Stores a record that gained a version: the previous current data moves to its own entry
     * first (unless it was destroyed or fell out of the window), then the record is replaced,
     * then the entries of pruned versions go. A crash in between leaves at most an orphan entry.
     */
    void saveNewVersion(Storage storage, String key, KeyRecord previous, KeyRecord.Added added) {
        if (previous != null && previous.currentData() != null
                && added.record().versions().containsKey(previous.currentVersion())) {
            putVersionData(storage, key, previous.currentVersion(), previous.currentData());
        }
        save(storage, key, added.record());
        for (long v : added.pruned()) {
            storage.delete(versionKey(key, v));
        }
    }

    /** The data of {@code version}, or {@code null} when none is stored. */
    Map<String, Object> versionData(Storage storage, String key, KeyRecord record, long version) {
        if (version == record.currentVersion()) {
            return record.currentData();
        }
        byte[] raw = storage.get(versionKey(key, version));
        return raw == null ? null : ServerJson.readStored(raw);
    }

    void deleteVersionData(Storage storage, String key, long version) {
        storage.delete(versionKey(key, version));
    }

    /** Removes the key's record and every stored version. */
    void deleteKey(Storage storage, String key, KeyRecord record) {
        for (long v : record.versions().keySet()) {
            storage.delete(versionKey(key, v));
        }
        storage.delete(METADATA + key);
    }

    /** Immediate children of {@code folder} ("" or ending in '/'): keys, and folders with a '/'. */
    List<String> list(Storage storage, String folder) {
        return storage.list(METADATA + folder);
    }

    private void putVersionData(Storage storage, String key, long version, Map<String, Object> data) {
        storage.put(versionKey(key, version), ServerJson.write(data));
    }

    private static String versionKey(String key, long version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return VERSIONS + HexFormat.of().formatHex(digest) + "/" + version;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
