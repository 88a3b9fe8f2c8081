package org.flowvault.vault.server.kv;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;

/**
 * {@code subkeys/<path>}: the shape of a version's data with every leaf replaced by null, so
 * that a caller may learn which keys exist without the read capability on the values.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-subkeys">KV v2 API</a>
 */
final class SubkeysEndpoint {
    private final VersionedStore store;
    private final Clock clock;

    SubkeysEndpoint(VersionedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Response read(Request request) {
        String key = request.param("path");
        long depth = request.integer("depth", 0);
        long requested = request.integer("version", 0);
        KeyRecord record = store.read(request.storage(), key);
        if (record == null) {
            throw VaultError.notFound();
        }
        long version = requested > 0 ? requested : record.currentVersion();
        VersionMetadata vm = record.versions().get(version);
        if (vm == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> metadata = Views.version(record, version, vm);
        if (!vm.readableAt(clock.instant())) {
            return Response.data(Views.pair("metadata", metadata, "subkeys", null)).status(404);
        }
        Map<String, Object> data = store.versionData(request.storage(), key, record, version);
        if (data == null) {
            throw VaultError.notFound();
        }
        return Response.data(Views.pair("metadata", metadata, "subkeys", strip(data, 1, depth)));
    }

    /**
     * A copy of {@code data} whose leaves (non-objects and empty objects) are null. Objects at
     * {@code maxDepth} are leaves too; 0 means no limit. Builds a new structure rather than
     * nulling in place, so no value can survive into the answer by aliasing.
     */
    static Map<String, Object> strip(Map<String, Object> data, long depth, long maxDepth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : data.entrySet()) {
            Object value = null;
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()
                    && (maxDepth == 0 || depth + 1 <= maxDepth)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) child;
                value = strip(nested, depth + 1, maxDepth);
            }
            out.put(e.getKey(), value);
        }
        return out;
    }
}
