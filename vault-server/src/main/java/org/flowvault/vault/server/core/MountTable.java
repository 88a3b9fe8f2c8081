package org.flowvault.vault.server.core;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/**
 * One namespace's router: secrets engines and auth methods by router path ("secret/",
 * "auth/userpass/"), found by longest prefix, persisted as JSON under the namespace's
 * {@code core/mounts} and {@code core/auth}.
 */
final class MountTable {
    private static final TypeReference<List<MountEntry>> ENTRIES = new TypeReference<>() { };

    private final Storage storage;
    private final Map<String, Mounted> byPath = new ConcurrentHashMap<>();

    MountTable(Storage namespaceStorage) {
        this.storage = namespaceStorage;
    }

    /** Stored entries of one table, in mount order; empty when none were stored yet. */
    List<MountEntry> stored(String table) {
        byte[] raw = storage.get("core/" + table);
        if (raw == null) {
            return List.of();
        }
        try {
            return ServerJson.MAPPER.readValue(raw, ENTRIES);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("mount table is corrupt", e);
        }
    }

    void add(Mounted m) {
        byPath.put(m.entry.routerPath(), m);
    }

    Mounted remove(String routerPath) {
        return byPath.remove(routerPath);
    }

    Mounted get(String routerPath) {
        return byPath.get(routerPath);
    }

    /** The mount serving {@code path}: the longest mount path that prefixes it. */
    Mounted match(String path) {
        if (byPath.size() <= SCAN_LIMIT) {
            return scan(path);
        }
        String p = path.endsWith("/") ? path : path + "/";
        int end = p.length();
        while (end > 0) {
            Mounted m = byPath.get(p.substring(0, end));
            if (m != null) {
                return m;
            }
            end = p.lastIndexOf('/', end - 2) + 1;
        }
        return null;
    }

    /** Below this many mounts, {@link #match} compares every mount path instead of cutting substrings. */
    private static final int SCAN_LIMIT = 32;

    /** {@link #match} without allocating: the longest non-empty mount path that prefixes {@code path + "/"}. */
    private Mounted scan(String path) {
        Mounted best = null;
        int bestLength = 0;
        for (Map.Entry<String, Mounted> e : byPath.entrySet()) {
            String m = e.getKey();
            if (m.length() > bestLength && m.endsWith("/") && prefixesWithSlash(m, path)) {
                best = e.getValue();
                bestLength = m.length();
            }
        }
        return best;
    }

    /** Whether {@code mount} (ending in '/') prefixes {@code path}, or {@code path + "/"} when path has no trailing '/'. */
    private static boolean prefixesWithSlash(String mount, String path) {
        if (path.startsWith(mount)) {
            return true;
        }
        return !path.endsWith("/") && mount.length() == path.length() + 1 && mount.startsWith(path);
    }

    /** Whether a new mount at {@code routerPath} would overlap an existing one. */
    String conflict(String routerPath) {
        for (String existing : byPath.keySet()) {
            if (existing.startsWith(routerPath) || routerPath.startsWith(existing)) {
                return existing;
            }
        }
        return null;
    }

    List<Mounted> all(String table) {
        List<Mounted> out = new ArrayList<>();
        for (Mounted m : byPath.values()) {
            if (m.entry.table().equals(table)) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(m -> m.entry.path()));
        return out;
    }

    void replace(String routerPath, UnaryOperator<MountEntry> change) {
        Mounted m = byPath.get(routerPath);
        m.entry = change.apply(m.entry);
    }

    void persist(String table) {
        List<MountEntry> entries = all(table).stream().map(m -> m.entry).toList();
        storage.put("core/" + table, ServerJson.write(entries));
    }
}
