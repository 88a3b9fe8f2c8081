package org.flowvault.vault.server.kv;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.Durations;
import org.flowvault.vault.server.storage.Storage;

/**
 * {@code config}: the mount-wide max_versions, cas_required and delete_version_after.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#configure-the-kv-engine">KV v2 API</a>
 */
final class ConfigEndpoint {
    private final VersionedStore store;

    ConfigEndpoint(VersionedStore store) {
        this.store = store;
    }

    Response read(Request request) {
        KvConfig config = store.config(request.storage());
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("cas_required", config.casRequired());
        m.put("delete_version_after", Durations.format(config.deleteVersionAfterDuration()));
        m.put("max_versions", config.maxVersions());
        return Response.data(m);
    }

    /**
     * Updates the given fields. A negative delete_version_after disables the feature on every
     * key (Vault keeps it as "-1s"); zero clears it.
     */
    Response write(Request request) {
        boolean hasMax = request.has("max_versions");
        boolean hasCas = request.has("cas_required");
        boolean hasDva = request.has("delete_version_after");
        if (!hasMax && !hasCas && !hasDva) {
            return Response.empty();
        }
        Storage storage = request.storage();
        KvConfig current = store.config(storage);
        long maxVersions = hasMax ? Inputs.nonNegative(request, "max_versions") : current.maxVersions();
        boolean casRequired = request.bool("cas_required", current.casRequired());
        long dva = hasDva ? signedSeconds(request.raw("delete_version_after")) : current.deleteVersionAfter();
        store.saveConfig(storage, new KvConfig(maxVersions, casRequired, dva));
        return Response.empty();
    }

    private static long signedSeconds(Object raw) {
        if (!(raw instanceof String) && !(raw instanceof Number)) {
            throw VaultError.badRequest("error converting input for field \"delete_version_after\": expected a duration such as \"1h30m\" or a number of seconds");
        }
        Duration d;
        try {
            d = Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("error converting input " + raw + " for field \"delete_version_after\": " + e.getMessage());
        }
        if (d.isNegative()) {
            return KvConfig.DISABLED;
        }
        return Inputs.checkedDuration("delete_version_after", d.toSeconds());
    }
}
