package org.flowvault.platform.resolution;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultClient;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.kv.KvVersion;
import org.flowvault.vault.client.logical.VaultResponse;

/**
 * Turns a user-written path ({@code secret/data/oracle} or {@code secret/oracle}, nested mounts
 * such as {@code team/kv/app}) into a {@link KvLocation}, asking Vault's
 * {@code sys/internal/ui/mounts/PATH} with the reading identity and falling back to the
 * configuration's kvMount/kvVersion when that endpoint is denied. Answers are cached per
 * (configuration, identity, namespace, path): a mount table changes rarely, and each identity may
 * see a different one.
 */
final class KvLocator {
    private record Key(UUID configId, String identity, String namespace, String userPath) {
    }

    private final Cache<Key, KvLocation> cache = Caffeine.newBuilder()
            .maximumSize(50_000)
            // Longer than any sensible secret TTL, so that warm resolutions never ask twice.
            .expireAfterWrite(Duration.ofHours(25))
            .build();

    /** The cached location, or null when it has to be looked up. */
    KvLocation cached(VaultConfiguration config, VaultIdentity identity, String userPath) {
        return cache.getIfPresent(new Key(config.id(), identity.cacheKey(), config.namespace(), userPath));
    }

    /** Looks up (or remembers) where {@code userPath} lives. */
    KvLocation locate(VaultConfiguration config, VaultIdentity identity, String userPath) {
        Key key = new Key(config.id(), identity.cacheKey(), config.namespace(), userPath);
        KvLocation hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        KvLocation found = lookup(config, client(config, identity), userPath);
        cache.put(key, found);
        return found;
    }

    /** Forgets the locations of one configuration (all paths when {@code userPath} is null). */
    void forget(UUID configId, String userPath) {
        cache.asMap().keySet().removeIf(k -> k.configId.equals(configId) && (userPath == null || k.userPath.equals(userPath)));
    }

    /** The identity's client, in the configuration's namespace. */
    static VaultClient client(VaultConfiguration config, VaultIdentity identity) {
        String ns = config.namespace();
        return ns == null || ns.isBlank() ? identity.client() : identity.client().withNamespace(ns);
    }

    private static KvLocation lookup(VaultConfiguration config, VaultClient client, String userPath) {
        VaultResponse answer;
        try {
            answer = client.logical().read("sys/internal/ui/mounts/" + userPath);
        } catch (VaultException.PermissionDenied | VaultException.NotFound | VaultException.InvalidRequest e) {
            // The identity may not ask (or no mount matches): use the configuration's defaults.
            return fallback(config, userPath);
        } catch (VaultException e) {
            throw Failures.of(e, config.name(), userPath);
        }
        Map<String, Object> data = answer.data();
        Object type = data.get("type");
        Object mountPath = data.get("path");
        if (!(type instanceof String t) || !(mountPath instanceof String m)) {
            return fallback(config, userPath);
        }
        String mount = strip(m);
        if (!t.equals("kv") && !t.equals("generic") && !t.equals("kv-v2")) {
            throw PlatformException.invalid("vault configuration \"" + config.name() + "\": path \"" + userPath + "\" is on a "
                    + t + " engine mounted at \"" + mount + "\", not on a KV engine");
        }
        KvVersion version = t.equals("kv-v2") || (data.get("options") instanceof Map<?, ?> o && "2".equals(String.valueOf(o.get("version"))))
                ? KvVersion.V2 : KvVersion.V1;
        if (!userPath.equals(mount) && !userPath.startsWith(mount + "/")) {
            return fallback(config, userPath);
        }
        return below(config, mount, version, userPath, userPath.length() > mount.length() ? userPath.substring(mount.length() + 1) : "");
    }

    private static KvLocation fallback(VaultConfiguration config, String userPath) {
        String mount = strip(config.kvMount());
        KvVersion version = config.kvVersion() == VaultConfiguration.KvVersionSetting.V1 ? KvVersion.V1 : KvVersion.V2;
        String rest = userPath.startsWith(mount + "/") ? userPath.substring(mount.length() + 1) : userPath;
        return below(config, mount, version, userPath, rest);
    }

    /** On KV v2 a first segment "data" marks the API path: {@code secret/data/x} is the secret {@code x}. */
    private static KvLocation below(VaultConfiguration config, String mount, KvVersion version, String userPath, String rest) {
        String path = version == KvVersion.V2 && rest.startsWith("data/") ? rest.substring(5) : rest;
        if (path.isEmpty() || path.equals("data") && version == KvVersion.V2) {
            throw PlatformException.invalid("vault configuration \"" + config.name() + "\": path \"" + userPath
                    + "\" names the mount \"" + mount + "\" itself; add the secret's path below it, e.g. " + mount + "/data/app");
        }
        return new KvLocation(mount, version, path);
    }

    private static String strip(String s) {
        Objects.requireNonNull(s, "mount");
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
