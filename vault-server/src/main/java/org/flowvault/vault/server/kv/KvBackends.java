package org.flowvault.vault.server.kv;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * The KV secrets engine, in the version the mount asks for: option {@code version} "2" gives the
 * versioned engine (KV v2), anything else (absent, "1") the plain one (KV v1). A v1 mount whose
 * option is later tuned to "2" upgrades its secrets to version 1 of versioned keys, as Vault's
 * {@code vault kv enable-versioning} does. Both keep their data in the mount's storage and take
 * time from {@link MountContext#clock()}. The backends are thread-safe.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2">KV v2 API</a>
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1">KV v1 API</a>
 */
public final class KvBackends {
    private KvBackends() {
    }

    /** Creates the backend of one KV mount; usable as a {@code BackendFactory}. */
    public static Backend create(MountContext context) {
        String version = context.entry().get().options().get("version");
        if ("2".equals(version)) {
            Upgrade.toVersioned(context.storage(), context.clock());
            return new KvV2Backend(context.clock(), context);
        }
        return new VersionSwitch(context);
    }
}
