package org.flowvault.vault.server.kv;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/**
 * Vault's upgrade of a KV v1 mount to v2 ({@code vault kv enable-versioning}, a tune of the
 * {@code version} option): every unversioned secret becomes version 1 of a versioned key. A
 * marker records that the mount's storage is in the v2 layout, so the scan runs once; a crash
 * half-way is safe because converted keys leave the scanned space and the scan simply resumes.
 */
final class Upgrade {
    static final String MARKER = "upgrading";

    private Upgrade() {
    }

    /** Brings {@code storage} to the v2 layout if it is not there yet. */
    static void toVersioned(Storage storage, Clock clock) {
        if (storage.get(MARKER) != null) {
            return;
        }
        VersionedStore store = new VersionedStore();
        String created = Timestamps.format(clock.instant());
        for (String key : unversionedKeys(storage, "", new ArrayList<>())) {
            byte[] raw = storage.get(key);
            if (raw == null) {
                continue;
            }
            Map<String, Object> data = ServerJson.readStored(raw);
            KeyRecord.Added added = KeyRecord.created("").addVersion(created, "", 0, Inputs.sorted(data));
            store.save(storage, key, added.record());
            storage.delete(key);
        }
        storage.put(MARKER, ServerJson.write(Map.of("done", true, "started_time", created)));
    }

    /** Every key outside the v2 engine's own entries, depth first. */
    private static List<String> unversionedKeys(Storage storage, String prefix, List<String> out) {
        for (String child : storage.list(prefix)) {
            String path = prefix + child;
            if (prefix.isEmpty() && (child.equals("metadata/") || child.equals("versions/")
                    || child.equals("config") || child.equals(MARKER))) {
                continue;
            }
            if (child.endsWith("/")) {
                unversionedKeys(storage, path, out);
            } else {
                out.add(path);
            }
        }
        return out;
    }
}
