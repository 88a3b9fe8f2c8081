package org.flowvault.vault.server.storage;

import java.util.List;

/** A {@link Storage} that confines every key under a fixed prefix of another store. */
final class PrefixedStorage implements Storage {
    private final Storage inner;
    private final String prefix;

    PrefixedStorage(Storage inner, String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("storage view prefix must end in '/': " + prefix);
        }
        this.inner = inner;
        this.prefix = prefix;
    }

    @Override public byte[] get(String key) { return inner.get(prefix + key); }
    @Override public void put(String key, byte[] value) { inner.put(prefix + key, value); }
    @Override public void putCopy(String key, byte[] buffer, int length) { inner.putCopy(prefix + key, buffer, length); }
    @Override public void delete(String key) { inner.delete(prefix + key); }
    @Override public List<String> list(String p) { return inner.list(prefix + p); }
    @Override public Storage view(String p) { return new PrefixedStorage(inner, prefix + p); }
}
