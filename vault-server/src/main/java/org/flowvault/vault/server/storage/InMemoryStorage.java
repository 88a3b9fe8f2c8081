package org.flowvault.vault.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Vault's "inmem" storage: a sorted concurrent map, lost when the process ends. */
public final class InMemoryStorage implements Storage {
    private final ConcurrentSkipListMap<String, byte[]> entries = new ConcurrentSkipListMap<>();

    @Override
    public byte[] get(String key) {
        byte[] v = entries.get(key);
        return v == null ? null : v.clone();
    }

    @Override
    public void put(String key, byte[] value) {
        entries.put(key, value); // Storage.put hands the array over: no copy per write
    }

    @Override
    public void delete(String key) {
        entries.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        return childrenOf(prefix, entries.tailMap(prefix, true));
    }

    /** Collapses the sorted keys that start with {@code prefix} into immediate children. */
    static List<String> childrenOf(String prefix, Map<String, ?> sortedTail) {
        List<String> out = new ArrayList<>();
        String lastFolder = null;
        for (String key : sortedTail.keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                out.add(rest);
            } else {
                String folder = rest.substring(0, slash + 1);
                if (!folder.equals(lastFolder)) {
                    out.add(folder);
                    lastFolder = folder;
                }
            }
        }
        out.sort(null);
        return out.stream().distinct().toList();
    }
}
