package org.flowvault.platform.resolution;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
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
 * (configuration, identity, namespace) and mount path prefix: a mount table changes rarely, each
 * identity may see a different one, and one lookup serves every path below a mount.
 */
final class KvLocator {
    private record Key(UUID configId, String identity, String namespace, String userPath) {
    }

    /** Whose view of the mount table: mounts may differ by namespace, and the answer by identity. */
    private record Scope(UUID configId, String identity, String namespace) {
    }

    /** A KV mount Vault reported. */
    private record Mount(String path, KvVersion version) {
    }

    /** Vault's answer for one path: where it lives, and the mount learned (null when the defaults were used). */
    private record Found(KvLocation location, Mount mount) {
    }

    // Longer than any sensible secret TTL, so that warm resolutions never ask twice.
    private static final Duration KEEP = Duration.ofHours(25);

    /** Exact paths already located: the warm path's only lookup. */
    private final Cache<Key, KvLocation> located = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(KEEP).build();
    /**
     * Mounts learned per scope. Vault refuses overlapping mounts, so every path below a known
     * mount lives in it: one lookup serves all the paths of a mount.
     */
    private final Cache<Scope, List<Mount>> mounts = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(KEEP).build();
    /** One mount lookup at a time per scope (a lock lost to eviction only costs a second lookup). */
    private final Cache<Scope, ReentrantLock> locks = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();

    /** The cached location, or null when it has to be looked up. */
    KvLocation cached(VaultConfiguration config, VaultIdentity identity, String userPath) {
        return located.getIfPresent(new Key(config.id(), identity.cacheKey(), config.namespace(), userPath));
    }

    /** Looks up (or remembers) where {@code userPath} lives. */
    KvLocation locate(VaultConfiguration config, VaultIdentity identity, String userPath) {
        Key key = new Key(config.id(), identity.cacheKey(), config.namespace(), userPath);
        KvLocation hit = located.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        Scope scope = new Scope(config.id(), identity.cacheKey(), config.namespace());
        KvLocation found = underKnownMount(scope, config, userPath);
        if (found == null) {
            // Parallel reads of a cold connection would all ask at once: one asks, the others
            // then find the mount it learned.
            ReentrantLock lock = locks.get(scope, s -> new ReentrantLock());
            lock.lock();
            try {
                found = underKnownMount(scope, config, userPath);
                if (found == null) {
                    Found answer = lookup(config, client(config, identity), userPath);
                    found = answer.location();
                    if (answer.mount() != null) {
                        mounts.asMap().merge(scope, List.of(answer.mount()), (a, b) -> {
                            List<Mount> all = new ArrayList<>(a);
                            b.stream().filter(m -> !all.contains(m)).forEach(all::add);
                            return List.copyOf(all);
                        });
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        located.put(key, found);
        return found;
    }

    private KvLocation underKnownMount(Scope scope, VaultConfiguration config, String userPath) {
        for (Mount m : mounts.asMap().getOrDefault(scope, List.of())) {
            if (userPath.equals(m.path()) || userPath.startsWith(m.path() + "/")) {
                return below(config, m.path(), m.version(), userPath, userPath.length() > m.path().length() ? userPath.substring(m.path().length() + 1) : "");
            }
        }
        return null;
    }

    /** Forgets the locations and mounts of one configuration (all paths when {@code userPath} is null). */
    void forget(UUID configId, String userPath) {
        located.asMap().keySet().removeIf(k -> k.configId.equals(configId) && (userPath == null || k.userPath.equals(userPath)));
        mounts.asMap().keySet().removeIf(k -> k.configId.equals(configId));
    }

    /** The identity's client, in the configuration's namespace. */
    static VaultClient client(VaultConfiguration config, VaultIdentity identity) {
        String ns = config.namespace();
        return ns == null || ns.isBlank() ? identity.client() : identity.client().withNamespace(ns);
    }

    private static Found lookup(VaultConfiguration config, VaultClient client, String userPath) {
        VaultResponse answer;
        try {
            answer = client.logical().read("sys/internal/ui/mounts/" + userPath);
        } catch (VaultException.PermissionDenied | VaultException.NotFound | VaultException.InvalidRequest e) {
            // The identity may not ask (or no mount matches): use the configuration's defaults.
            return new Found(fallback(config, userPath), null);
        } catch (VaultException e) {
            throw Failures.of(e, config.name(), userPath);
        }
        Map<String, Object> data = answer.data();
        Object type = data.get("type");
        Object mountPath = data.get("path");
        if (!(type instanceof String t) || !(mountPath instanceof String m)) {
            return new Found(fallback(config, userPath), null);
        }
        String mount = strip(m);
        if (!t.equals("kv") && !t.equals("generic") && !t.equals("kv-v2")) {
            throw PlatformException.invalid("vault configuration \"" + config.name() + "\": path \"" + userPath + "\" is on a "
                    + t + " engine mounted at \"" + mount + "\", not on a KV engine");
        }
        KvVersion version = t.equals("kv-v2") || (data.get("options") instanceof Map<?, ?> o && "2".equals(String.valueOf(o.get("version"))))
                ? KvVersion.V2 : KvVersion.V1;
        if (!userPath.equals(mount) && !userPath.startsWith(mount + "/")) {
            return new Found(fallback(config, userPath), null);
        }
        Mount learned = new Mount(mount, version);
        return new Found(below(config, mount, version, userPath, userPath.length() > mount.length() ? userPath.substring(mount.length() + 1) : ""), learned);
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

    /** {@code s} without leading and trailing slashes. */
    static String strip(String s) {
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
