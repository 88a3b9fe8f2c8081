package org.flowvault.vault.client.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ApiPaths;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.SharedState;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * Finds which KV mount a path lives in, as Vault's CLI does: {@code GET sys/internal/ui/mounts/PATH}
 * answers with the mount containing the path, its type and options. Obtained from
 * {@link org.flowvault.vault.client.core.VaultClient#kv()}; the client and its views share what was
 * learned, per namespace, for {@link #LOCATE_TTL}: Vault refuses overlapping mounts, so one answer
 * serves every path below that mount. Thread-safe.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 */
public final class KvMounts {
    /** How long a learned mount (or a fallback answer) is trusted before Vault is asked again. */
    public static final Duration LOCATE_TTL = Duration.ofMinutes(10);

    private record Mount(String path, KvVersion version, long learnedAt) {
    }

    private record Fallback(KvLocation location, long at) {
    }

    private record Learned(ConcurrentMap<String, List<Mount>> mounts, ConcurrentMap<String, Fallback> fallbacks,
                           ConcurrentMap<String, Object> locks, LongSupplier nanos) {
        @SuppressWarnings("unchecked")
        static Learned in(SharedState state) {
            return new Learned((ConcurrentMap<String, List<Mount>>) (ConcurrentMap<?, ?>) state.map("kv-mounts"),
                    (ConcurrentMap<String, Fallback>) (ConcurrentMap<?, ?>) state.map("kv-fallbacks"),
                    state.map("kv-locks"), state.nanos());
        }
    }

    private final VaultCalls calls;
    private final String namespace;
    private final Learned learned;
    private final Optional<KvVersion> defaultVersion;

    static {
        Access.maker(KvMounts.class, a -> {
            @SuppressWarnings("unchecked")
            Optional<KvVersion> defaultVersion = (Optional<KvVersion>) a[3];
            return new KvMounts((VaultCalls) a[0], (String) a[1], (SharedState) a[2], defaultVersion);
        });
    }

    /** Made by {@link org.flowvault.vault.client.core.VaultClient#kv()} (through {@link Access}). */
    KvMounts(VaultCalls calls, String namespace, SharedState state, Optional<KvVersion> defaultVersion) {
        this.calls = calls;
        this.namespace = namespace == null ? "" : namespace;
        this.learned = Learned.in(state);
        this.defaultVersion = defaultVersion;
    }

    /**
     * Where {@code path} lives. Users write the logical path ({@code secret/apps/db}) or the API
     * path ({@code secret/data/apps/db}); on KV v2 a first segment {@code data} or {@code metadata}
     * below the mount is dropped.
     *
     * @throws IllegalArgumentException when the path is on an engine other than KV
     * @throws VaultException.NotFound when Vault knows no mount there
     * @throws VaultException.PermissionDenied when the token may not ask
     */
    public KvLocation locate(String path) {
        return locate(path, null, null);
    }

    /**
     * As {@link #locate(String)}, but when Vault will not say (the token may not read
     * {@code sys/internal/ui/mounts}, or no mount contains the path) the path is taken as below
     * {@code defaultMount} (its mount prefix removed when present), of {@code defaultVersion}.
     *
     * @param defaultMount   the mount assumed when Vault will not say; null to fail instead
     * @param defaultVersion its version; null for the client's {@code defaultKvVersion}, or version 2 when none is configured
     */
    public KvLocation locate(String path, String defaultMount, KvVersion defaultVersion) {
        String p = ApiPaths.relative(path);
        KvLocation known = underKnownMount(p);
        if (known != null) {
            return known;
        }
        String fallbackKey = namespace + "\u0000" + defaultMount + "\u0000" + defaultVersion + "\u0000" + p;
        Fallback f = learned.fallbacks().get(fallbackKey);
        if (f != null && fresh(f.at)) {
            return f.location;
        }
        // Parallel reads of a cold client would all ask at once: one asks, the others then find the mount it learned.
        synchronized (learned.locks().computeIfAbsent(namespace, n -> new Object())) {
            known = underKnownMount(p);
            if (known != null) {
                return known;
            }
            JsonNode answer;
            try {
                answer = calls.get("sys/internal/ui/mounts/" + p);
            } catch (VaultException.PermissionDenied | VaultException.NotFound | VaultException.InvalidRequest e) {
                if (defaultMount == null) {
                    throw e;
                }
                return remember(fallbackKey, fallback(p, ApiPaths.relative(defaultMount), defaultVersion));
            }
            JsonNode data = answer == null ? null : answer.get("data");
            String type = ClientJson.text(data, "type");
            String mountPath = ClientJson.text(data, "path");
            if (type == null || mountPath == null) {
                if (defaultMount == null) {
                    throw new VaultException.NotFound("Vault reported no mount for \"" + p + "\"", 404, "sys/internal/ui/mounts/" + p, List.of());
                }
                return remember(fallbackKey, fallback(p, ApiPaths.relative(defaultMount), defaultVersion));
            }
            String mount = ApiPaths.relative(mountPath);
            if (!type.equals("kv") && !type.equals("kv-v2") && !type.equals("generic")) {
                throw new IllegalArgumentException("the path lies in the mount \"" + mount + "\", a " + type + " engine, not KV");
            }
            JsonNode options = data.get("options");
            KvVersion version = type.equals("kv-v2") || "2".equals(ClientJson.text(options, "version")) ? KvVersion.V2 : KvVersion.V1;
            if (!p.equals(mount) && !p.startsWith(mount + "/")) {
                return remember(fallbackKey, defaultMount == null ? below(mount, version, p) : fallback(p, ApiPaths.relative(defaultMount), defaultVersion));
            }
            Mount m = new Mount(mount, version, learned.nanos().getAsLong());
            learned.mounts().merge(namespace, List.of(m), (old, add) -> {
                List<Mount> all = new ArrayList<>();
                for (Mount o : old) {
                    if (!o.path.equals(m.path) && fresh(o.learnedAt)) {
                        all.add(o);
                    }
                }
                all.add(m);
                return List.copyOf(all);
            });
            return below(mount, version, p.length() > mount.length() ? p.substring(mount.length() + 1) : "");
        }
    }

    /** Forgets what was learned in this client's namespace: the next locate asks Vault again. */
    public void forget() {
        learned.mounts().remove(namespace);
        String prefix = namespace + "\u0000";
        learned.fallbacks().keySet().removeIf(k -> k.startsWith(prefix));
    }

    private KvLocation underKnownMount(String p) {
        for (Mount m : learned.mounts().getOrDefault(namespace, List.of())) {
            if ((p.equals(m.path) || p.startsWith(m.path + "/")) && fresh(m.learnedAt)) {
                return below(m.path, m.version, p.length() > m.path.length() ? p.substring(m.path.length() + 1) : "");
            }
        }
        return null;
    }

    private KvLocation remember(String key, KvLocation location) {
        learned.fallbacks().put(key, new Fallback(location, learned.nanos().getAsLong()));
        return location;
    }

    private boolean fresh(long at) {
        return learned.nanos().getAsLong() - at < LOCATE_TTL.toNanos();
    }

    private KvLocation fallback(String p, String mount, KvVersion version) {
        String rest = p.equals(mount) ? "" : p.startsWith(mount + "/") ? p.substring(mount.length() + 1) : p;
        return below(mount, version != null ? version : defaultVersion.orElse(KvVersion.V2), rest);
    }

    /** On KV v2 a first segment "data" or "metadata" marks the API path: {@code secret/data/x} is the secret {@code x}. */
    private static KvLocation below(String mount, KvVersion version, String rest) {
        if (version == KvVersion.V2) {
            for (String segment : new String[] {"data/", "metadata/"}) {
                if (rest.startsWith(segment)) {
                    return new KvLocation(mount, version, rest.substring(segment.length()));
                }
            }
            if (rest.equals("data") || rest.equals("metadata")) {
                return new KvLocation(mount, version, "");
            }
        }
        return new KvLocation(mount, version, rest);
    }

    @Override
    public String toString() {
        return "KvMounts[" + (namespace.isEmpty() ? "root namespace" : namespace) + "]";
    }
}
