package org.flowvault.platform.resolution;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.kv.KvLocation;
import org.flowvault.vault.client.kv.KvV2Operations.KvMetadata;
import org.flowvault.vault.client.kv.KvOperations;
import org.flowvault.vault.client.kv.KvSecret;
import org.flowvault.vault.client.kv.KvV2Operations;
import org.flowvault.vault.client.kv.KvVersion;
import org.flowvault.vault.client.kv.KvV2Operations.KvVersionMetadata;
import org.flowvault.vault.client.kv.SecretNotFound;
import org.flowvault.platform.reference.VaultPaths;

/**
 * Resolves a connection into the inputs a task receives, exactly as DESIGN §4 says: the
 * connection's value, then every key of every attached secret (later paths win), then references
 * replaced, then the flow's overrides. Secrets are read with the identity
 * {@link VaultAccess#identity} prescribes for the running user, through the {@link SecretCache};
 * distinct paths are read in parallel (virtual threads), each at most once per resolution.
 *
 * <p>Errors are {@link PlatformException}s naming the connection, configuration, path and key,
 * never a value: NOT_FOUND for a missing configuration, secret or key (and for a connection the
 * caller may not use), FORBIDDEN when Vault denies the read, UNAVAILABLE when Vault is down (and
 * nothing stale may be served), INVALID for a path that is not on a KV engine.
 *
 * <p>Thread-safe; one per process.
 */
public final class Resolver {
    private final VaultAccess access;
    private final ProjectMembership membership;
    private final Connections connections;
    private final SecretCache cache;
    private final AuditTrail audit;
    private final PlatformMetrics metrics;
    private final ExecutorService readers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flowvault-secret-read-", 0).factory());
    private final Cache<UUID, Prepared> prepared = Caffeine.newBuilder().executor(Runnable::run).maximumSize(20_000).build();

    /**
     * @param connections used by {@link #resolve(String, UUID, Caller, Map)} to find connections by name; may be null when only
     *                    {@link #resolve(Connection, Caller, Map)} is used
     */
    public Resolver(VaultAccess access, ProjectMembership membership, Connections connections, SecretCache cache) {
        this(access, membership, connections, cache, AuditTrail.none(), PlatformMetrics.none());
    }

    /**
     * A resolver that records every secret it hands out in {@code audit} first: one record per
     * resolution, naming every distinct path it read; when the trail cannot be written, the resolution fails.
     */
    public Resolver(VaultAccess access, ProjectMembership membership, Connections connections, SecretCache cache, AuditTrail audit) {
        this(access, membership, connections, cache, audit, PlatformMetrics.none());
    }

    /** As {@link #Resolver(VaultAccess, ProjectMembership, Connections, SecretCache)}, counting every resolution's outcome in {@code metrics}. */
    public Resolver(VaultAccess access, ProjectMembership membership, Connections connections, SecretCache cache, PlatformMetrics metrics) {
        this(access, membership, connections, cache, AuditTrail.none(), metrics);
    }

    /** A resolver that audits every hand-out in {@code audit} and counts outcomes in {@code metrics}. */
    public Resolver(VaultAccess access, ProjectMembership membership, Connections connections, SecretCache cache, AuditTrail audit,
                    PlatformMetrics metrics) {
        this.access = Objects.requireNonNull(access, "access");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.connections = connections;
        this.cache = Objects.requireNonNull(cache, "cache");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Resolves the connection named {@code name} in the project ({@code connect("name", overrides)}).
     *
     * @throws PlatformException NOT_FOUND naming the connection when it does not exist or {@code runAs} may not use the project;
     *         the errors of {@link #resolve(Connection, Caller, Map)}
     */
    public Resolution resolve(String name, UUID projectId, Caller runAs, Map<String, ?> overrides) {
        return resolve(name, projectId, runAs, overrides, SecretPins.NONE);
    }

    /**
     * As {@link #resolve(String, UUID, Caller, Map)}, reading each pinned path at its pinned
     * version (a path's own {@code @N} wins): a rerun with the same secret versions.
     */
    public Resolution resolve(String name, UUID projectId, Caller runAs, Map<String, ?> overrides, SecretPins pins) {
        if (connections == null) {
            throw new IllegalStateException("this resolver was built without Connections; resolve a Connection instead");
        }
        return resolve(connections.get(runAs, projectId, name), runAs, overrides, AuditAction.CONNECTION_RESOLVE, pins);
    }

    /**
     * Resolves {@code connection} for a run as {@code runAs}.
     *
     * @param overrides the flow's inputs, applied last and taken literally (never parsed for references); may be null
     */
    public Resolution resolve(Connection connection, Caller runAs, Map<String, ?> overrides) {
        return resolve(connection, runAs, overrides, AuditAction.CONNECTION_RESOLVE, SecretPins.NONE);
    }

    /** As {@link #resolve(Connection, Caller, Map)}, reading each pinned path at its pinned version. */
    public Resolution resolve(Connection connection, Caller runAs, Map<String, ?> overrides, SecretPins pins) {
        return resolve(connection, runAs, overrides, AuditAction.CONNECTION_RESOLVE, pins);
    }

    private Resolution resolve(Connection connection, Caller runAs, Map<String, ?> overrides, AuditAction action, SecretPins pins) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(runAs, "runAs");
        Resolution r;
        try {
            if (!membership.canUse(runAs, connection.projectId())) {
                throw PlatformException.notFound("connection \"" + connection.name() + "\" not found in this project");
            }
            Prepared p = prepare(connection);
            Read[] reads;
            try {
                reads = read(p, runAs, pins);
            } catch (PlatformException e) {
                audit.record(AuditRecord.of(action).caller(runAs).project(connection.projectId())
                        .connection(connection.id(), connection.name()).outcome(outcomeOf(e)).detail(e.reason().name()).build());
                throw e;
            }
            r = Merge.merge(p, reads, overrides);
            audit(p, action, connection, runAs, reads);
        } catch (PlatformException e) {
            metrics.resolution(e.reason());
            throw e;
        } catch (RuntimeException e) {
            metrics.resolution(PlatformException.Reason.UNAVAILABLE);
            throw e;
        }
        metrics.resolution(null);
        return r;
    }

    /**
     * One record for the resolution, naming every distinct read (configuration, namespace, mount,
     * path, KV version), appended before anything is handed out. A warm resolution records the
     * same draft as the last one of the connection while it would hold the same fields (same
     * caller, configurations, paths and secret versions read): the trail then finds the record's
     * encoding by the draft's identity instead of encoding it again.
     */
    private void audit(Prepared p, AuditAction action, Connection connection, Caller runAs, Read[] reads) {
        if (reads.length == 0) {
            return;
        }
        if (p.audited instanceof Audited last && last.matches(action, connection, runAs, reads)) {
            audit.record(last.draft);
            return;
        }
        List<AuditRecord.Secret> secrets = new ArrayList<>(reads.length);
        boolean stale = false;
        for (int i = 0; i < reads.length; i++) {
            Read r = reads[i];
            boolean seen = false;
            for (int j = 0; j < i && !seen; j++) {
                seen = reads[j] == r;
            }
            if (!seen) {
                secrets.add(new AuditRecord.Secret(r.config.name(), r.config.namespace(), r.mount, r.path,
                        r.secret == null ? null : r.secret.version()));
                stale |= r.stale;
            }
        }
        AuditRecord draft = AuditRecord.of(action).caller(runAs).project(connection.projectId())
                .connection(connection.id(), connection.name()).secrets(secrets)
                .detail(stale ? "served stale: Vault unreachable" : null).build();
        p.audited = new Audited(action, connection, runAs, Audited.key(reads), draft);
        audit.record(draft);
    }

    /** A resolution's audit draft and what it was made of: per read its configuration, mount, path, secret and staleness, and which reads were one. */
    private record Audited(AuditAction action, Connection connection, Caller runAs, Object[] key, AuditRecord draft) {
        static Object[] key(Read[] reads) {
            Object[] key = new Object[reads.length * 6];
            for (int i = 0; i < reads.length; i++) {
                Read r = reads[i];
                int first = i;
                for (int j = 0; j < i; j++) {
                    if (reads[j] == r) {
                        first = j;
                        break;
                    }
                }
                key[i * 6] = r.config;
                key[i * 6 + 1] = r.mount;
                key[i * 6 + 2] = r.path;
                key[i * 6 + 3] = r.secret;
                key[i * 6 + 4] = r.stale;
                key[i * 6 + 5] = first;
            }
            return key;
        }

        boolean matches(AuditAction a, Connection c, Caller caller, Read[] reads) {
            if (a != action || reads.length * 6 != key.length || !(caller == runAs || caller.equals(runAs))
                    || !(c == connection || (c.id().equals(connection.id()) && c.name().equals(connection.name())
                    && Objects.equals(c.projectId(), connection.projectId())))) {
                return false;
            }
            for (int i = 0; i < reads.length; i++) {
                Read r = reads[i];
                if (key[i * 6] != r.config || !Objects.equals(key[i * 6 + 1], r.mount) || !Objects.equals(key[i * 6 + 2], r.path)
                        || key[i * 6 + 3] != r.secret || (Boolean) key[i * 6 + 4] != r.stale) {
                    return false;
                }
                int first = (Integer) key[i * 6 + 5];
                if (reads[first] != r) {
                    return false;
                }
                for (int j = 0; j < first; j++) {
                    if (reads[j] == r) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private static AuditRecord.Outcome outcomeOf(PlatformException e) {
        return e.reason() == PlatformException.Reason.FORBIDDEN ? AuditRecord.Outcome.DENIED : AuditRecord.Outcome.FAILED;
    }

    /** The masked view of {@link #resolve(Connection, Caller, Map)}: which key comes from where, secrets shown as {@link Preview#MASK}. */
    public Preview preview(Connection connection, Caller runAs, Map<String, ?> overrides) {
        return Preview.of(resolve(connection, runAs, overrides, AuditAction.CONNECTION_PREVIEW, SecretPins.NONE));
    }

    /** {@link #preview(Connection, Caller, Map)} of the connection named {@code name} (NOT_FOUND as {@link #resolve(String, UUID, Caller, Map)}). */
    public Preview preview(String name, UUID projectId, Caller runAs, Map<String, ?> overrides) {
        if (connections == null) {
            throw new IllegalStateException("this resolver was built without Connections; preview a Connection instead");
        }
        return preview(connections.get(runAs, projectId, name), runAs, overrides);
    }

    /** {@link #refresh(Connection, Caller)} of the connection named {@code name} (NOT_FOUND as {@link #resolve(String, UUID, Caller, Map)}). */
    public void refresh(String name, UUID projectId, Caller caller) {
        if (connections == null) {
            throw new IllegalStateException("this resolver was built without Connections; refresh a Connection instead");
        }
        refresh(connections.get(caller, projectId, name), caller);
    }

    /**
     * Forgets the cached secrets (of every identity) and mount lookups behind {@code connection},
     * on this node and on every node sharing a PostgreSQL database: the manual refresh.
     *
     * @throws PlatformException NOT_FOUND when {@code caller} may not use the connection's project,
     *         or a configuration it names is not usable there
     */
    public void refresh(Connection connection, Caller caller) {
        if (!membership.canUse(caller, connection.projectId())) {
            throw PlatformException.notFound("connection \"" + connection.name() + "\" not found in this project");
        }
        Prepared p = prepare(connection);
        for (Prepared.Target t : p.targets) {
            VaultConfiguration config = config(t, connection);
            cache.invalidate(new Invalidation(config.id(), t.path()));
        }
    }

    /** One distinct read: the configuration, identity and path, and what came back. */
    static final class Read {
        final VaultConfiguration config;
        final VaultIdentity identity;
        final String path;
        String mount;
        KvLocation location;
        /** The pinned version, 0 for the latest. */
        long version;
        CachedSecret secret;
        boolean stale;

        Read(VaultConfiguration config, VaultIdentity identity, String path) {
            this.config = config;
            this.identity = identity;
            this.path = path;
        }

        Source.SecretOrigin origin() {
            return new Source.SecretOrigin(config.name(), path);
        }
    }

    private Prepared prepare(Connection c) {
        Prepared p = prepared.getIfPresent(c.id());
        if (p == null || !p.isFor(c)) {
            p = Prepared.of(c);
            prepared.put(c.id(), p);
        }
        return p;
    }

    /** Reads every target: cache hits inline, misses in parallel; reads[i] answers target i (shared when two targets are one path). */
    private Read[] read(Prepared p, Caller runAs, SecretPins pins) {
        int n = p.targets.size();
        Read[] reads = new Read[n];
        if (n == 0) {
            return reads;
        }
        // Per-resolution memos of configurations (by name) and identities (by configuration): a
        // connection names few, so arrays searched linearly beat maps here.
        String[] configNames = new String[n];
        VaultConfiguration[] configs = new VaultConfiguration[n];
        VaultIdentity[] identities = new VaultIdentity[n];
        int known = 0;
        List<Read> misses = null;
        for (int i = 0; i < n; i++) {
            Prepared.Target t = p.targets.get(i);
            String name = t.config() == null ? "" : t.config();
            int c = 0;
            while (c < known && !configNames[c].equals(name)) {
                c++;
            }
            if (c == known) {
                configNames[c] = name;
                configs[c] = config(t, p.connection);
                known++;
            }
            VaultConfiguration config = configs[c];
            Read same = null;
            for (int j = 0; j < i; j++) {
                if (reads[j].config.id().equals(config.id()) && reads[j].path.equals(t.path())) {
                    same = reads[j];
                    break;
                }
            }
            if (same != null) {
                reads[i] = same;
                continue;
            }
            VaultIdentity identity = null;
            for (int k = 0; k < known && identity == null; k++) {
                if (identities[k] != null && configs[k].id().equals(config.id())) {
                    identity = identities[k];
                }
            }
            if (identity == null) {
                identity = access.identity(config, runAs);
                identities[c] = identity;
                cache.watch(config, identity);
            }
            Read r = new Read(config, identity, t.path());
            reads[i] = r;
            // Cheap once the client has learned the mount: one lookup serves every path below it.
            VaultPaths.Pinned pin = VaultPaths.pin(t.path());
            try {
                r.location = KvPaths.locate(config, identity, pin.path());
            } catch (VaultException e) {
                throw Failures.of(e, config.name(), t.path());
            }
            r.version = pin.version() > 0 ? pin.version() : pins.version(config.name(), t.path());
            if (r.version > 0 && r.location.version() != KvVersion.V2) {
                throw PlatformException.invalid("vault configuration \"" + config.name() + "\", path \"" + t.path() + "\": the mount \""
                        + r.location.mount() + "\" is KV version 1, which keeps no versions; drop the \"@" + r.version + "\"");
            }
            r.mount = r.location.mount();
            r.secret = cache.fresh(key(config, identity, r.location, r.version), window(config));
            if (r.secret == null) {
                if (misses == null) {
                    misses = new ArrayList<>(n);
                }
                misses.add(r);
            }
        }
        if (misses != null) {
            fetch(misses);
        }
        return reads;
    }

    private void fetch(List<Read> misses) {
        if (misses.size() == 1) {
            load(misses.getFirst());
            return;
        }
        List<Future<?>> futures = new ArrayList<>(misses.size());
        for (Read r : misses) {
            futures.add(readers.submit(() -> load(r)));
        }
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException(PlatformException.Reason.UNAVAILABLE, "interrupted while reading secrets from Vault", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void load(Read r) {
        try {
            KvLocation loc = r.location;
            long pinned = r.version;
            KvOperations kv = KvPaths.client(r.config, r.identity).kv(loc.mount(), loc.version());
            SecretCache.Loaded loaded = cache.load(key(r.config, r.identity, loc, pinned), window(r.config), r.config.serveStaleOnError(),
                    kv instanceof KvV2Operations, new SecretCache.Reads() {
                        @Override
                        public KvSecret latest() {
                            return pinned > 0 ? ((KvV2Operations) kv).get(loc.path(), pinned) : kv.get(loc.path());
                        }

                        @Override
                        public long currentVersion() {
                            if (!(kv instanceof KvV2Operations v2)) {
                                return UNKNOWN;
                            }
                            KvMetadata m = v2.metadata(loc.path());
                            // A pinned version never changes; it is only checked to still exist.
                            return pinned > 0 ? (live(m, pinned) ? pinned : CHANGED) : live(m, m.currentVersion()) ? m.currentVersion() : CHANGED;
                        }
                    });
            r.secret = loaded.secret();
            r.stale = loaded.stale();
            if (loaded.revalidation() != null) {
                metrics.revalidation(r.config.name(), switch (loaded.revalidation()) {
                    case UNCHANGED -> PlatformMetrics.Revalidation.UNCHANGED;
                    case CHANGED -> PlatformMetrics.Revalidation.CHANGED;
                    case UNKNOWN -> PlatformMetrics.Revalidation.UNKNOWN;
                });
            }
        } catch (VaultException e) {
            if (r.version > 0 && e instanceof VaultException.NotFound) {
                throw new PlatformException(PlatformException.Reason.NOT_FOUND, "vault configuration \"" + r.config.name() + "\", path \""
                        + r.path + "\": version " + r.version
                        + (e instanceof SecretNotFound s ? (s.metadata().destroyed() ? " was destroyed" : " was deleted") : " does not exist")
                        + "; pin a version that exists (the secret's metadata lists them) or drop \"@" + r.version + "\" for the latest", e);
            }
            throw Failures.of(e, r.config.name(), r.path);
        }
    }

    /** Whether {@code version} is kept and neither deleted nor destroyed (if not, a reread reports it missing). */
    private static boolean live(KvMetadata m, long version) {
        KvVersionMetadata v = m.versions().get(version);
        return v == null ? version == m.currentVersion() : !(v.deleted() || v.destroyed());
    }

    /** How long a cached secret is served without asking Vault: the TTL, or the revalidation interval when shorter. */
    static java.time.Duration window(VaultConfiguration config) {
        java.time.Duration interval = config.revalidationInterval();
        return interval != null && interval.compareTo(config.cacheTtl()) < 0 && !config.cacheTtl().isZero() ? interval : config.cacheTtl();
    }

    static SecretKey key(VaultConfiguration config, VaultIdentity identity, KvLocation loc, long version) {
        return new SecretKey(config.id(), identity.cacheKey(), config.namespace(), loc.mount(), loc.path(), version);
    }

    private VaultConfiguration config(Prepared.Target t, Connection c) {
        VaultConfiguration found;
        if (t.config() == null) {
            List<VaultConfiguration> usable = access.usableIn(c.projectId());
            if (usable.isEmpty()) {
                throw PlatformException.notFound("connection \"" + c.name() + "\" reads \"" + t.path() + "\" from the default vault "
                        + "configuration, but none is enabled for this project; ask an admin to add one, or name one as config:path");
            }
            found = usable.getFirst();
        } else {
            found = access.find(t.config(), c.projectId()).orElseThrow(() -> PlatformException.notFound(
                    "connection \"" + c.name() + "\" reads \"" + t.path() + "\" from vault configuration \"" + t.config()
                            + "\", which does not exist, is disabled, or is not available to this project"));
        }
        return found;
    }

    @Override
    public String toString() {
        return "Resolver";
    }

    /** Every value read, for the masker. */
    static Set<String> union(Read[] reads) {
        Set<String> out = new HashSet<>();
        for (Read r : reads) {
            if (r != null && r.secret != null) {
                out.addAll(r.secret.values());
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
