package org.flowvault.vault.server.kv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.flowvault.vault.server.internal.JsonBuffer;
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
 *
 * <p>The mount's config and its key records are kept decoded in memory (write-through; records up
 * to {@link #MAX_CACHED_RECORDS}), so that a write decrypts and parses nothing and a read of the
 * latest version is one map lookup. A record enters the cache only under its key's lock, the
 * lock every writer holds, so the cache never holds an older record than storage. The cache lives
 * as long as the mount's backend: sealing, remounting or disabling drops it.
 */
final class VersionedStore {
    private static final String CONFIG = "config";
    private static final String METADATA = "metadata/";
    private static final String VERSIONS = "versions/";

    static final int MAX_CACHED_RECORDS = 10_000;

    private final ReentrantLock[] locks = new ReentrantLock[256];
    private final Map<String, KeyRecord> records = new ConcurrentHashMap<>();
    private volatile KvConfig config;
    /** Key to its record's path and the hashed folder of its older versions: once per written key, not per write. */
    private final Map<String, KeyPaths> keyPaths = new ConcurrentHashMap<>();

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
        KvConfig c = config;
        return c != null ? c : loadConfig(storage);
    }

    private synchronized KvConfig loadConfig(Storage storage) {
        if (config == null) {
            byte[] raw = storage.get(CONFIG);
            config = raw == null ? KvConfig.DEFAULT : ServerJson.read(raw, KvConfig.class);
        }
        return config;
    }

    synchronized void saveConfig(Storage storage, KvConfig newConfig) {
        config = null; // a failed put leaves storage authoritative
        storage.put(CONFIG, ServerJson.write(newConfig));
        config = newConfig;
    }

    /** The key's record, or {@code null} when the key has no metadata. */
    KeyRecord read(Storage storage, String key) {
        KeyRecord cached = records.get(key);
        if (cached != null) {
            return cached;
        }
        ReentrantLock lock = lock(key);
        lock.lock();
        try {
            cached = records.get(key);
            if (cached != null) {
                return cached;
            }
            byte[] raw = storage.get(METADATA + key);
            if (raw == null) {
                return null;
            }
            KeyRecord loaded = ServerJson.read(raw, KeyRecord.class);
            remember(key, loaded);
            return loaded;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the key's record; the caller holds {@link #lock(String)}. */
    void save(Storage storage, String key, KeyRecord record) {
        records.remove(key); // a failed put leaves storage authoritative
        JsonBuffer json = JsonBuffer.take();
        try {
            record.writeJson(json);
            storage.putCopy(paths(key).metadata(), json.bytes(), json.length());
        } finally {
            json.release();
        }
        remember(key, record);
    }

    private void remember(String key, KeyRecord record) {
        if (records.size() >= MAX_CACHED_RECORDS) {
            records.clear(); // crude bound: storage is the truth, the cache refills on use
        }
        records.put(key, record);
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

    /** Removes one older version's data; the caller holds {@link #lock(String)}. */
    void deleteVersionData(Storage storage, String key, long version) {
        storage.delete(versionKey(key, version));
    }

    /** Removes the key's record and every stored version. */
    void deleteKey(Storage storage, String key, KeyRecord record) {
        records.remove(key);
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
        JsonBuffer json = JsonBuffer.take();
        try {
            json.value((Object) data);
            storage.putCopy(versionKey(key, version), json.bytes(), json.length());
        } finally {
            json.release();
        }
    }

    private String versionKey(String key, long version) {
        return paths(key).versionFolder() + version;
    }

    /** A key's storage paths, made once per key rather than concatenated per write. */
    private record KeyPaths(String metadata, String versionFolder) {
    }

    private KeyPaths paths(String key) {
        KeyPaths p = keyPaths.get(key);
        if (p == null) {
            if (keyPaths.size() >= MAX_CACHED_RECORDS) {
                keyPaths.clear();
            }
            p = new KeyPaths(METADATA + key, versionFolder(key));
            keyPaths.put(key, p);
        }
        return p;
    }

    private static String versionFolder(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return VERSIONS + HexFormat.of().formatHex(digest) + "/";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
