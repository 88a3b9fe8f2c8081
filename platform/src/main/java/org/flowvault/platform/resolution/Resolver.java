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
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultException;

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
    private final Cache<UUID, Prepared> prepared = Caffeine.newBuilder().maximumSize(20_000).build();

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
        if (connections == null) {
            throw new IllegalStateException("this resolver was built without Connections; resolve a Connection instead");
        }
        return resolve(connections.get(runAs, projectId, name), runAs, overrides);
    }

    /**
     * Resolves {@code connection} for a run as {@code runAs}.
     *
     * @param overrides the flow's inputs, applied last and taken literally (never parsed for references); may be null
     */
    public Resolution resolve(Connection connection, Caller runAs, Map<String, ?> overrides) {
        return resolve(connection, runAs, overrides, AuditAction.CONNECTION_RESOLVE);
    }

    private Resolution resolve(Connection connection, Caller runAs, Map<String, ?> overrides, AuditAction action) {
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
                reads = read(p, runAs);
            } catch (PlatformException e) {
                audit.record(AuditRecord.of(action).caller(runAs).project(connection.projectId())
                        .connection(connection.id(), connection.name()).outcome(outcomeOf(e)).detail(e.reason().name()).build());
                throw e;
            }
            r = Merge.merge(p, reads, overrides);
            audit(action, connection, runAs, reads);
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
     * path, KV version), appended before anything is handed out.
     */
    private void audit(AuditAction action, Connection connection, Caller runAs, Read[] reads) {
        if (reads.length == 0) {
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
        audit.record(AuditRecord.of(action).caller(runAs).project(connection.projectId())
                .connection(connection.id(), connection.name()).secrets(secrets)
                .detail(stale ? "served stale: Vault unreachable" : null).build());
    }

    private static AuditRecord.Outcome outcomeOf(PlatformException e) {
        return e.reason() == PlatformException.Reason.FORBIDDEN ? AuditRecord.Outcome.DENIED : AuditRecord.Outcome.FAILED;
    }

    /** The masked view of {@link #resolve(Connection, Caller, Map)}: which key comes from where, secrets shown as {@link Preview#MASK}. */
    public Preview preview(Connection connection, Caller runAs, Map<String, ?> overrides) {
        return Preview.of(resolve(connection, runAs, overrides, AuditAction.CONNECTION_PREVIEW));
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
    private Read[] read(Prepared p, Caller runAs) {
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
            }
            Read r = new Read(config, identity, t.path());
            reads[i] = r;
            KvLocation loc = cache.locator().cached(config, identity, t.path());
            if (loc != null) {
                r.mount = loc.mount();
                r.secret = cache.fresh(key(config, identity, loc), config.cacheTtl());
            }
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
            KvLocation loc = cache.locator().locate(r.config, r.identity, r.path);
            r.mount = loc.mount();
            SecretCache.Loaded loaded = cache.load(key(r.config, r.identity, loc), r.config.cacheTtl(), r.config.serveStaleOnError(),
                    () -> KvLocator.client(r.config, r.identity).kv(loc.mount(), loc.version()).get(loc.path()));
            r.secret = loaded.secret();
            r.stale = loaded.stale();
        } catch (VaultException e) {
            throw Failures.of(e, r.config.name(), r.path);
        }
    }

    static SecretKey key(VaultConfiguration config, VaultIdentity identity, KvLocation loc) {
        return new SecretKey(config.id(), identity.cacheKey(), config.namespace(), loc.mount(), loc.path(), 0);
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
