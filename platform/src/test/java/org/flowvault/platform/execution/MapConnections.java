package org.flowvault.platform.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;

/**
 * Connections kept in memory for engine-only tests, merged in the documented order: value, then
 * "Vault" secrets, then overrides. The real pipeline is tested with the embedded Vault server in
 * {@link RealResolutionTest}.
 */
final class MapConnections implements ConnectionResolver {
    private record Entry(String type, Map<String, Object> value, Map<String, String> secrets) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    MapConnections add(String name, String type, Map<String, Object> value, Map<String, String> secrets) {
        entries.put(name, new Entry(type, value, secrets));
        return this;
    }

    @Override
    public ResolvedInputs resolve(String connection, UUID projectId, Caller runAs, Map<String, Object> overrides) {
        Entry e = entries.get(connection);
        if (e == null) {
            throw PlatformException.notFound("connection '" + connection + "' not found in the project");
        }
        Map<String, Object> merged = new LinkedHashMap<>(e.value());
        merged.putAll(e.secrets());
        merged.putAll(overrides);
        return new ResolvedInputs(e.type(), merged, Set.copyOf(e.secrets().values()));
    }
}
