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
 * Entries live for the configuration's cache TTL (zero: nothing is cached); a configuration that
 * serves stale secrets on error keeps expired entries for {@value #STALE_HOURS} more hours and
 * hands them out, marked stale, when Vault is unreachable or sealed.
 *
 * <p>Invalidation: {@link #refreshConfiguration}, {@code Resolver.refresh} and every write through
 * {@link SecretWriter} forget entries on this node and, on PostgreSQL, on every node sharing the
 * database ({@code LISTEN/NOTIFY}); on H2 invalidation is local only (H2 is single-node).
 *
 * <p>One per process, shared by resolvers and writers. Thread-safe; {@link #close()} stops the listener.
 */
public final class SecretCache implements AutoCloseable {
    static final long STALE_HOURS = 24;
    private static final long STALE_NANOS = Duration.ofHours(STALE_HOURS).toNanos();

    private final Ticker ticker;
    private final KvLocator locator = new KvLocator();
    private final InvalidationBus bus;
    /** Bumped by every invalidation: a read that started before one is not cached (it may predate a write). */
    private final AtomicLong epoch = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder staleServes = new LongAdder();

    /** A per-entry lifetime: the TTL, plus the stale window when the configuration serves stale. */
    private record Held(CachedSecret secret, long lifetime) {
    }

    private final Cache<SecretKey, Held> entries;

    private SecretCache(Ticker ticker, java.util.function.Function<SecretCache, InvalidationBus> busFactory) {
        this.ticker = ticker;
        this.entries = Caffeine.newBuilder()
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
            return new SecretCache(Ticker.systemTicker(), c -> new PostgresInvalidationBus(db, c::applyLocally, c::clearLocally));
        }
        return local();
    }

    /** A cache for one node, with no cross-node invalidation. */
    public static SecretCache local() {
        return new SecretCache(Ticker.systemTicker(), c -> InvalidationBus.LOCAL);
    }

    /** For tests: a local cache on a controllable clock (nanoseconds). */
    static SecretCache local(Ticker ticker) {
        return new SecretCache(ticker, c -> InvalidationBus.LOCAL);
    }

    KvLocator locator() {
        return locator;
    }

    /** A fresh entry, or null (counts a hit when found). Never calls Vault. */
    CachedSecret fresh(SecretKey key, Duration ttl) {
        long ttlNanos = ttl.toNanos();
        if (ttlNanos <= 0) {
            return null;
        }
        Held h = entries.getIfPresent(key);
        if (h != null && ticker.read() - h.secret.fetchedAt() < ttlNanos) {
            hits.increment();
            return h.secret;
        }
        return null;
    }

    /** The result of {@link #load}: the secret and whether it is an expired copy served because Vault failed. */
    record Loaded(CachedSecret secret, boolean stale) {
    }

    /**
     * A fresh entry, or reads it with {@code read} (at most one concurrent read per key on this
     * node) and caches it for {@code ttl}. When the read fails because Vault is unavailable or
     * sealed and {@code serveStale} is set, an expired entry is returned marked stale.
     *
     * @throws VaultException what {@code read} throws, when nothing may be served instead
     */
    Loaded load(SecretKey key, Duration ttl, boolean serveStale, Supplier<KvSecret> read) {
        long ttlNanos = ttl.toNanos();
        misses.increment();
        if (ttlNanos <= 0) {
            return new Loaded(of(read.get(), ticker.read()), false);
        }
        long lifetime = serveStale ? ttlNanos + STALE_NANOS : ttlNanos;
        Loaded[] out = new Loaded[1];
        entries.asMap().compute(key, (k, old) -> {
            long now = ticker.read();
            if (old != null && now - old.secret.fetchedAt() < ttlNanos) {
                out[0] = new Loaded(old.secret, false); // another resolution just read it
                return old;
            }
            long startEpoch = epoch.get();
            CachedSecret fresh;
            try {
                fresh = of(read.get(), now);
            } catch (VaultException e) {
                if (serveStale && old != null && Failures.isOutage(e)) {
                    staleServes.increment();
                    out[0] = new Loaded(old.secret, true);
                    return old;
                }
                throw e;
            }
            out[0] = new Loaded(fresh, false);
            // An invalidation while reading may mean a write we raced with: do not cache what we read.
            return epoch.get() == startEpoch ? new Held(fresh, lifetime) : null;
        });
        return out[0];
    }

    private static CachedSecret of(KvSecret secret, long now) {
        return CachedSecret.of(secret.data(), secret.version(), now);
    }

    /**
     * Forgets every cached secret and mount lookup of a configuration, on this node and (on
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
        locator.forget(inv.configId(), inv.path());
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

    /** The number of cached secrets (all identities). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    @Override
    public void close() {
        bus.close();
    }

    @Override
    public String toString() {
        return "SecretCache[" + entries.estimatedSize() + " entries]";
    }
}
