package org.flowvault.platform.task.vault;

import java.util.Map;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.vault.client.VaultClient;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.kv.KvVersion;
import org.flowvault.vault.client.logical.VaultResponse;

/**
 * Where a user's KV path lives: the mount, its KV version, and the path below the mount. Users
 * write the logical path ({@code secret/oracle}) or the API path ({@code secret/data/oracle});
 * the mount and version come from Vault's {@code sys/internal/ui/mounts/<path>} (nested mounts and
 * namespaces included), falling back to the configuration's KV mount and version when the
 * identity may not ask, and a path with no mount of its own is taken as below the configuration's
 * default KV mount.
 *
 * @param mount    the mount, without slashes ({@code team/kv})
 * @param version  V1 or V2
 * @param relative the path below the mount, without KV v2's {@code data/} or {@code metadata/}
 */
record KvLocation(String mount, KvVersion version, String relative) {

    /** {@code mount/relative}: what write listeners are told. */
    String logicalPath() {
        return relative.isEmpty() ? mount : mount + "/" + relative;
    }

    static KvLocation of(VaultClient client, VaultConfiguration config, String userPath) {
        String path = trim(userPath);
        KvLocation found = detect(client, path);
        if (found == null) {
            String mount = trim(config.kvMount());
            String relative = path.equals(mount) ? "" : path.startsWith(mount + "/") ? path.substring(mount.length() + 1) : path;
            KvVersion version = switch (config.kvVersion()) {
                case V1 -> KvVersion.V1;
                case V2 -> KvVersion.V2;
                case AUTO -> detectOrDefault(client, mount);
            };
            found = new KvLocation(mount, version, relative);
        }
        return found.version() == KvVersion.V2 ? found.stripApiSegment() : found;
    }

    private KvLocation stripApiSegment() {
        for (String segment : new String[] {"data", "metadata"}) {
            if (relative.startsWith(segment + "/")) {
                return new KvLocation(mount, version, relative.substring(segment.length() + 1));
            }
        }
        return this;
    }

    /** The mount containing {@code path} as Vault reports it, or null when Vault will not say or there is none. */
    private static KvLocation detect(VaultClient client, String path) {
        VaultResponse answer;
        try {
            answer = client.logical().read("sys/internal/ui/mounts/" + path);
        } catch (VaultException.PermissionDenied | VaultException.NotFound | VaultException.InvalidRequest e) {
            return null;
        }
        Map<String, Object> data = answer.data();
        if (!(data.get("path") instanceof String mountPath) || !(data.get("type") instanceof String type)) {
            return null;
        }
        String mount = trim(mountPath);
        if (!type.equals("kv") && !type.equals("kv-v2") && !type.equals("generic")) {
            throw TaskException.input("VAULT input \"path\": \"" + path + "\" lies in the mount \"" + mount + "\", a " + type
                    + " engine, not KV; use the logical_* commands for other engines");
        }
        Object options = data.get("options");
        boolean v2 = type.equals("kv-v2") || options instanceof Map<?, ?> o && "2".equals(String.valueOf(o.get("version")));
        String relative = path.equals(mount) ? "" : path.startsWith(mount + "/") ? path.substring(mount.length() + 1) : path;
        return new KvLocation(mount, v2 ? KvVersion.V2 : KvVersion.V1, relative);
    }

    private static KvVersion detectOrDefault(VaultClient client, String mount) {
        try {
            return client.kv(mount).version();
        } catch (VaultException | IllegalArgumentException e) {
            return KvVersion.V2;
        }
    }

    static String trim(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

}
