package org.flowvault.platform.resolution;

import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.kv.KvLocation;
import org.flowvault.vault.client.kv.KvVersion;

/**
 * The platform's side of locating a path: the identity's client in the configuration's namespace,
 * and the vault client's {@code kv().locate} with the configuration's KV mount as the fallback,
 * its failures said for users. The lookup itself (and what is learned) lives in the vault client.
 */
final class KvPaths {
    private KvPaths() {
    }

    /** The identity's client, in the configuration's namespace. */
    static VaultClient client(VaultConfiguration config, VaultIdentity identity) {
        String ns = config.namespace();
        return ns == null || ns.isBlank() ? identity.client() : identity.client().withNamespace(ns);
    }

    /**
     * Where {@code userPath} lives for this identity.
     *
     * @throws PlatformException INVALID when the path is on another engine, or names a mount without a secret below it
     * @throws org.flowvault.vault.client.VaultException when Vault fails (not when it merely will not say)
     */
    static KvLocation locate(VaultConfiguration config, VaultIdentity identity, String userPath) {
        KvLocation at;
        try {
            at = client(config, identity).kv().locate(userPath, strip(config.kvMount()), fallbackVersion(config));
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid("vault configuration \"" + config.name() + "\": path \"" + userPath
                    + "\" is not on a KV engine: " + e.getMessage());
        }
        if (at.path().isEmpty()) {
            throw PlatformException.invalid("vault configuration \"" + config.name() + "\": path \"" + userPath
                    + "\" names the mount \"" + at.mount() + "\" itself; add the secret's path below it, e.g. " + at.mount() + "/data/app");
        }
        return at;
    }

    /** The configuration's KV version, or null (AUTO: the client's default, else version 2). */
    static KvVersion fallbackVersion(VaultConfiguration config) {
        return switch (config.kvVersion()) {
            case V1 -> KvVersion.V1;
            case V2 -> KvVersion.V2;
            case AUTO -> null;
        };
    }

    /** {@code s} without leading and trailing slashes. */
    static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '/') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '/') {
            b--;
        }
        return s.substring(a, b);
    }
}
