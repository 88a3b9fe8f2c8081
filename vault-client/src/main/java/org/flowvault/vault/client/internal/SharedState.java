package org.flowvault.vault.client.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * What a client and its views share beyond the connection pool: named maps that operations
 * objects keep what they learned in (mount lookups), and the clock they age it by. Not public API.
 */
public final class SharedState {
    private final ConcurrentMap<String, ConcurrentMap<Object, Object>> maps = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    public SharedState(LongSupplier nanos) {
        this.nanos = nanos;
    }

    @SuppressWarnings("unchecked")
    public <K, V> ConcurrentMap<K, V> map(String name) {
        return (ConcurrentMap<K, V>) (ConcurrentMap<?, ?>) maps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    /** Monotonic nanoseconds. */
    public LongSupplier nanos() {
        return nanos;
    }
}
