package org.flowvault.vault.server.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The response shapes of KV v2. Keys are inserted in alphabetical order because Vault (Go)
 * encodes maps sorted; clients should not care, but diffs against real Vault stay clean.
 */
final class Views {
    private Views() {
    }

    /** {created_time, custom_metadata, deletion_time, destroyed, version} of one version. */
    static Map<String, Object> version(KeyRecord record, long version, VersionMetadata vm) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("created_time", vm.createdTime());
        m.put("custom_metadata", customMetadata(record));
        m.put("deletion_time", vm.deletionTime());
        m.put("destroyed", vm.destroyed());
        m.put("version", version);
        return m;
    }

    /** Vault prints absent and empty custom metadata alike as {@code null}. */
    static Map<String, String> customMetadata(KeyRecord record) {
        return record.customMetadata().isEmpty() ? null : new TreeMap<>(record.customMetadata());
    }

    /** A two-member object such as {"data": ..., "metadata": ...}; values may be null. */
    static Map<String, Object> pair(String first, Object firstValue, String second, Object secondValue) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put(first, firstValue);
        m.put(second, secondValue);
        return m;
    }
}
