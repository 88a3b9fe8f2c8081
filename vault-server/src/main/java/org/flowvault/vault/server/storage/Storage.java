package org.flowvault.vault.server.storage;

import java.util.List;

/**
 * A flat key/value store addressed by slash-separated keys, the shape of Vault's physical and
 * logical storage. Implementations are thread-safe. {@link #list(String)} returns the immediate
 * children of a prefix: plain keys, and sub-folders with a trailing slash, sorted.
 */
public interface Storage {

    /** The value stored at {@code key}, or {@code null} when there is none. */
    byte[] get(String key);

    /**
     * Stores {@code value} at {@code key}; when this returns, the write is durable. The storage
     * may keep {@code value} itself: do not modify the array after the call.
     */
    void put(String key, byte[] value);

    /**
     * Stores a copy of the first {@code length} bytes of {@code buffer} at {@code key}: the caller
     * may reuse the buffer afterwards (a pooled encoding buffer). The barrier encrypts straight
     * from it, so no intermediate array is made.
     */
    default void putCopy(String key, byte[] buffer, int length) {
        put(key, java.util.Arrays.copyOf(buffer, length));
    }

    /** Removes {@code key}; removing a missing key is not an error. */
    void delete(String key);

    /** Immediate children of {@code prefix} (which is empty or ends in '/'), sorted. */
    List<String> list(String prefix);

    /** A view of this store under {@code prefix} (which must end in '/'). */
    default Storage view(String prefix) {
        return new PrefixedStorage(this, prefix);
    }

    /** Deletes every key under {@code prefix}, depth first. */
    default void deleteTree(String prefix) {
        for (String child : list(prefix)) {
            if (child.endsWith("/")) {
                deleteTree(prefix + child);
            } else {
                delete(prefix + child);
            }
        }
    }
}
