package org.flowvault.platform.resolution;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.flowvault.vault.client.kv.KvSecret;
import org.flowvault.platform.db.Database;
import org.flowvault.vault.client.VaultException;

/**
 * The node's cache of secrets read from Vault (Caffeine), keyed by (configuration, identity,
 * namespace, mount, path, version) so that one identity's secret is never served to another.
 * An entry is served without asking Vault for the configuration's cache TTL, or its shorter
 * revalidation interval (zero TTL: nothing is cached). Past that window a KV v2 entry is
 * revalidated with the metadata read ({@code current_version}): unchanged, it lives on for another
 * window; changed, the new version is read. Entries are kept {@value #STALE_HOURS} hours past the
 * window for that, and a configuration that serves stale secrets on error hands them out, marked
 * stale, when Vault is unreachable or sealed.
 *
 * <p>Invalidation: {@link #refreshConfiguration}, {@code Resolver.refresh} and every write through
 * {@link SecretWriter} forget entries on this node and, on PostgreSQL, on every node sharing the
 * database ({@code LISTEN/NOTIFY}); on H2 invalidation is local only (H2 is single-node).
 *
 * <p>Pushed invalidation: when a configuration's Vault serves event notifications (Flowvault's
 * embedded server), a change made anywhere, even outside Flowvault, forgets the cached entry at
 * once on every node ({@link ChangeEvents}); the TTL and revalidation rules remain the fallback.
 *
 * <p>One per process, shared by resolvers and writers. Thread-safe; {@link #close()} stops the listener.
 */
public final class SecretCache implements AutoCloseable {
    static final long STALE_HOURS = 24;
    private static final long STALE_NANOS = Duration.ofHours(STALE_HOURS).toNanos();

    private final Ticker ticker;
    private final InvalidationBus bus;
    /** Bumped by every invalidation: a read that started before one is not cached (it may predate a write). */
    private final AtomicLong epoch = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder staleServes = new LongAdder();
    private final LongAdder unchanged = new LongAdder();
    private final LongAdder changed = new LongAdder();

    /**
     * A cached secret, when Vault last confirmed it current (ticker nanos), and how long the entry
     * is kept: past the check window it stays so that a KV v2 entry can be revalidated cheaply, or
     * served stale when the configuration allows it.
     */
    private record Held(CachedSecret secret, long checkedAt, long lifetime) {
    }

    /** How a cached KV v2 secret is told current or not: Vault's answers for one path. */
    interface Reads {
        /** The secret as Vault has it now. */
        KvSecret latest();

        /**
         * The version Vault holds now from the cheap metadata read ({@code current_version}), or
         * {@link #CHANGED} when the latest version is deleted or destroyed, or {@link #UNKNOWN}
         * when it cannot say (KV v1, or the identity may not read metadata): then the secret is reread.
         */
        long currentVersion();

        long UNKNOWN = -1;
        long CHANGED = -2;
    }

    /** What a revalidation found; null in {@link Loaded} when none was done. */
    enum Revalidation {
        /** The metadata named the cached version: the entry lives on, nothing reread. */
        UNCHANGED,
        /** A newer version (or none) is current: the secret was reread. */
        CHANGED,
        /** The metadata could not tell (KV v1, denied, failed): the secret was reread. */
        UNKNOWN
    }

    private final Cache<SecretKey, Held> entries;
    /** Null when this cache does not subscribe to change events. */
    private final ChangeEvents changeEvents;

    private SecretCache(Ticker ticker, java.util.function.Function<SecretCache, InvalidationBus> busFactory, boolean changeEvents) {
        this.ticker = ticker;
        this.changeEvents = changeEvents ? new ChangeEvents(this) : null;
        this.entries = Caffeine.newBuilder()
                .executor(Runnable::run) // see MAINTENANCE_INLINE
                .ticker(ticker)
                .maximumSize(100_000)
                .expireAfter(new Expiry<SecretKey, Held>() {
                    @Override
                    public long expireAfterCreate(SecretKey key, Held value, long currentTime) {
                        return value.lifetime;
                    }

                    @Override
                    public long expireAfterUpdate(SecretKey key, Held value, long currentTime, long currentDuration) {
                        return value.lifetime;
                    }

                    @Override
                    public long expireAfterRead(SecretKey key, Held value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        this.bus = busFactory.apply(this);
    }

    /**
     * The cache for a platform database: cross-node invalidation through {@code LISTEN/NOTIFY}
     * on PostgreSQL (a listener thread on a dedicated connection), local only on H2.
     */
    public static SecretCache create(Database db) {
        Objects.requireNonNull(db, "db");
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            return new SecretCache(Ticker.systemTicker(), c -> new PostgresInvalidationBus(db, c::applyLocally, c::clearLocally), true);
        }
        return localWithChangeEvents();
    }

    /** A cache for one node, with no cross-node invalidation and no change events (TTL and revalidation only). */
    public static SecretCache local() {
        return new SecretCache(Ticker.systemTicker(), c -> InvalidationBus.LOCAL, false);
    }

    /** A cache for one node that also forgets entries on the change events of Vaults that serve them (as {@link #create} does). */
    public static SecretCache localWithChangeEvents() {
        return localWithChangeEvents(Ticker.systemTicker());
    }

    /** {@link #localWithChangeEvents()} on a controllable clock: for simulations such as the staleness benchmark. */
    public static SecretCache localWithChangeEvents(Ticker ticker) {
        return new SecretCache(ticker, c -> InvalidationBus.LOCAL, true);
    }

    /** A local cache on a controllable clock (nanoseconds): for tests and simulations such as the staleness benchmark. */
    public static SecretCache local(Ticker ticker) {
        return new SecretCache(ticker, c -> InvalidationBus.LOCAL, false);
    }

    /**
     * A fresh entry (confirmed current within {@code window}: the TTL, or the shorter revalidation
     * interval), or null (counts a hit when found). Never calls Vault.
     */
    CachedSecret fresh(SecretKey key, Duration window) {
        long windowNanos = window.toNanos();
        if (windowNanos <= 0) {
            return null;
        }
        Held h = entries.getIfPresent(key);
        if (h != null && ticker.read() - h.checkedAt < windowNanos) {
            hits.increment();
            return h.secret;
        }
        return null;
    }

    /**
     * The result of {@link #load}: the secret, whether it is an expired copy served because Vault
     * failed, and what a revalidation found (null when none was done).
     */
    record Loaded(CachedSecret secret, boolean stale, Revalidation revalidation) {
    }

    /**
     * A fresh entry, or — at most one at a time per key on this node — an entry past its
     * {@code window} revalidated with {@link Reads#currentVersion()} (unchanged: it lives on for
     * another window, nothing reread), or the secret read with {@link Reads#latest()} and cached.
     * When Vault is unavailable or sealed and {@code serveStale} is set, an expired entry is
     * returned marked stale.
     *
     * @param window how long an entry is served without asking Vault (the TTL, or a shorter revalidation interval)
     * @param revalidate whether an expired entry may be revalidated (KV v2) rather than reread
     * @throws VaultException what {@code reads} throws, when nothing may be served instead
     */
    Loaded load(SecretKey key, Duration window, boolean serveStale, boolean revalidate, Reads reads) {
        long windowNanos = window.toNanos();
        misses.increment();
        if (windowNanos <= 0) {
            return new Loaded(of(reads.latest(), ticker.read()), false, null);
        }
        // Kept past the window: to revalidate instead of rereading, and to serve stale on outages.
        long lifetime = windowNanos + STALE_NANOS;
        Loaded[] out = new Loaded[1];
        entries.asMap().compute(key, (k, old) -> {
            long now = ticker.read();
            if (old != null && now - old.checkedAt < windowNanos) {
                out[0] = new Loaded(old.secret, false, null); // another resolution just read or revalidated it
                return old;
            }
            long startEpoch = epoch.get();
            Revalidation found = null;
            try {
                if (old != null && revalidate && old.secret.version() > 0) {
                    long current = currentVersion(reads);
                    if (current == old.secret.version()) {
                        unchanged.increment();
                        out[0] = new Loaded(old.secret, false, Revalidation.UNCHANGED);
                        return epoch.get() == startEpoch ? new Held(old.secret, now, lifetime) : null;
                    }
                    found = current == Reads.UNKNOWN ? Revalidation.UNKNOWN : Revalidation.CHANGED;
                    if (found == Revalidation.CHANGED) {
                        changed.increment();
                    }
                }
                CachedSecret fresh = of(reads.latest(), now);
                out[0] = new Loaded(fresh, false, found);
                // An invalidation while reading may mean a write we raced with: do not cache what we read.
                return epoch.get() == startEpoch ? new Held(fresh, now, lifetime) : null;
            } catch (VaultException e) {
                if (serveStale && old != null && Failures.isOutage(e)) {
                    staleServes.increment();
                    out[0] = new Loaded(old.secret, true, found);
                    return old;
                }
                throw e;
            }
        });
        return out[0];
    }

    /** The current version, or UNKNOWN when the metadata cannot be read for a reason other than an outage. */
    private static long currentVersion(Reads reads) {
        try {
            return reads.currentVersion();
        } catch (VaultException e) {
            if (Failures.isOutage(e)) {
                throw e;
            }
            return Reads.UNKNOWN;
        }
    }

    private static CachedSecret of(KvSecret secret, long now) {
        return CachedSecret.of(secret.data(), secret.version(), now);
    }

    /**
     * Forgets every cached secret of a configuration (mount lookups age out in the vault client), on this node and (on
     * PostgreSQL) on every node: the manual "refresh" of a configuration. Authorization (admins
     * only) is the caller's job.
     */
    public void refreshConfiguration(UUID configId) {
        invalidate(new Invalidation(Objects.requireNonNull(configId, "configId"), null));
    }

    /**
     * Forgets what is cached for one path of a configuration ({@code mount/path} or the API path
     * {@code mount/data/path}), on this node and on every node: called after Flowvault itself
     * wrote the secret, e.g. from a VAULT step.
     */
    public void invalidatePath(UUID configId, String path) {
        invalidate(new Invalidation(Objects.requireNonNull(configId, "configId"), Objects.requireNonNull(path, "path")));
    }

    /** Forgets one path of a configuration (a user-written or logical path) here and on every node. */
    void invalidate(Invalidation inv) {
        applyLocally(inv);
        bus.publish(inv);
    }

    void applyLocally(Invalidation inv) {
        epoch.incrementAndGet();
        entries.asMap().keySet().removeIf(inv::matches);
    }

    void clearLocally() {
        epoch.incrementAndGet();
        entries.invalidateAll();
    }

    /** Cached secrets served without asking Vault, since start. */
    public long hitCount() {
        return hits.sum();
    }

    /** Lookups that had to (or tried to) read from Vault, since start. */
    public long missCount() {
        return misses.sum();
    }

    /** Expired secrets served, marked stale, because Vault was unreachable or sealed, since start. */
    public long staleCount() {
        return staleServes.sum();
    }

    /** Expired KV v2 entries that the metadata read showed unchanged (kept, nothing reread), since start. */
    public long revalidatedUnchangedCount() {
        return unchanged.sum();
    }

    /** Expired KV v2 entries that the metadata read showed changed (reread), since start. */
    public long revalidatedChangedCount() {
        return changed.sum();
    }

    /** The number of cached secrets (all identities). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /**
     * Subscribes this node to the configuration's change events, if its Vault serves them (see
     * {@link ChangeEvents}); a map lookup once asked. Called by every resolution.
     */
    void watch(org.flowvault.platform.vaultconfig.VaultConfiguration config, org.flowvault.platform.vaultconfig.VaultIdentity identity) {
        if (changeEvents != null) {
            changeEvents.watch(config, identity);
        }
    }

    /** Whether this node holds a live change-event subscription for the configuration. */
    public boolean eventsConnected(UUID configId) {
        return changeEvents != null && changeEvents.state(configId) == ChangeEvents.State.CONNECTED;
    }

    /** How many change events from Vault invalidated entries on this node. */
    public long eventInvalidationCount() {
        return changeEvents == null ? 0 : changeEvents.appliedCount();
    }

    @Override
    public void close() {
        if (changeEvents != null) {
            changeEvents.close();
        }
        bus.close();
    }

    @Override
    public String toString() {
        return "SecretCache[" + entries.estimatedSize() + " entries]";
    }
}
