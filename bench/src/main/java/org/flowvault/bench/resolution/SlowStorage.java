package org.flowvault.bench.resolution;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.flowvault.vault.server.storage.InMemoryStorage;
import org.flowvault.vault.server.storage.Storage;

/**
 * In-memory storage whose reads take {@code latencyNanos} once switched on: stands in for the
 * round trip of a remote Vault (or its Raft/Consul backend), which is what parallel reads hide.
 * On loopback with 2 cores a read is pure CPU, and 8 of them cannot finish in the time of 1.
 */
final class SlowStorage implements Storage {
    private final Storage inner = new InMemoryStorage();
    volatile long latencyNanos;

    @Override
    public byte[] get(String key) {
        long l = latencyNanos;
        if (l > 0) {
            LockSupport.parkNanos(l);
        }
        return inner.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        inner.put(key, value);
    }

    @Override
    public void delete(String key) {
        inner.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
        return inner.list(prefix);
    }
}
