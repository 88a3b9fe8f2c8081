package org.flowvault.vault.server.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's leases for secrets (not tokens): every leased answer of a secrets engine (database
 * credentials) is registered here, stored behind the barrier under {@code sys/expire/id/}, and
 * served by {@code sys/leases/*}; part of the core, as Vault's expiration manager is.
 * Registers, renews and revokes secret leases, and revokes each at its expiry (Vault's expiration
 * manager). Leases live in storage (encrypted by the barrier) and are reloaded on unseal, so they
 * survive a restart with file storage; a lease that expired while the server was down is revoked
 * on the first tick. A revocation that fails (the database is down) is retried with exponential
 * backoff up to {@link #MAX_BACKOFF}. Thread-safe.
 */
public final class LeaseManager {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseManager.class);
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Finds the backend serving a path in a namespace, or null when it is no longer mounted. */
    @FunctionalInterface
    public interface Backends {
        Backend find(String namespacePath, String path);
    }

    private final Storage storage;
    private final Clock clock;
    private final Backends backends;
    /** Lease id → expiry (ms) and, after a failed revocation, the time of the next attempt. */
    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Token accessor → the ids of the leases that token obtained. */
    private final Map<String, Set<String>> byToken = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    /** Loads the stored leases and starts the expiry ticker. */
    public LeaseManager(Storage storage, Clock clock, Backends backends) {
        this.storage = storage;
        this.clock = clock;
        this.backends = backends;
        for (String id : storedIds("")) {
            Lease l = read(id);
            if (l != null) {
                due.put(id, l.expireTime());
                indexByToken(l);
            }
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vault-lease-expiry");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the ticker (on seal); stored leases stay and are reloaded on the next unseal. */
    public void stop() {
        ticker.shutdownNow();
    }

    /**
     * Registers the lease of a leased answer and sets its id and duration on the response.
     *
     * @param tokenAccessor the accessor of the token the request came with, or null
     */
    public void register(Namespace ns, String path, Response response, String tokenAccessor) {
        LeasedSecret s = response.secret();
        long now = clock.millis();
        long maxExpire = now + s.maxTtl().toMillis();
        long ttl = Math.min(s.ttl().toMillis(), s.maxTtl().toMillis());
        String id = (path.endsWith("/") ? path : path + "/") + randomId();
        Lease lease = new Lease(id, ns.path(), path, s.internal(), now, now + ttl, 0, maxExpire,
                s.ttl().toSeconds(), s.renewable(), tokenAccessor);
        write(lease);
        due.put(id, lease.expireTime());
        indexByToken(lease);
        response.leaseId(id).lease(ttl / 1000, s.renewable());
    }

    /** {@code sys/leases/lookup}: the lease's times, or 400 "invalid lease". */
    public Map<String, Object> lookup(String id) {
        Lease l = read(requireId(id));
        if (l == null) {
            throw VaultError.badRequest("invalid lease");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", l.id());
        out.put("issue_time", Instant.ofEpochMilli(l.issueTime()).toString());
        out.put("expire_time", l.expires().toString());
        out.put("last_renewal", l.lastRenewal() == 0 ? null : Instant.ofEpochMilli(l.lastRenewal()).toString());
        out.put("renewable", l.renewable());
        out.put("ttl", Math.max(0, (l.expireTime() - clock.millis()) / 1000));
        return out;
    }

    /** The outcome of a renewal: the granted TTL and whether it was capped by the max TTL. */
    public record Renewal(String leaseId, long ttlSeconds, boolean renewable, boolean capped) {
    }

    /**
     * {@code sys/leases/renew}: extends the lease by {@code increment} (zero: by its original TTL)
     * from now, never past issue time + max TTL; the backend extends the secret itself.
     */
    public Renewal renew(String id, Duration increment) {
        requireId(id);
        synchronized (lock(id)) {
            Lease l = read(id);
            if (l == null) {
                throw VaultError.badRequest("lease not found");
            }
            if (!l.renewable()) {
                throw VaultError.badRequest("lease is not renewable");
            }
            long now = clock.millis();
            if (l.expireTime() <= now) {
                throw VaultError.badRequest("lease expired");
            }
            long wanted = now + (increment.isZero() ? l.ttlSeconds() * 1000 : increment.toMillis());
            long expire = Math.min(wanted, l.maxExpireTime());
            Backend backend = backends.find(l.namespace(), l.path());
            if (backend == null) {
                throw VaultError.badRequest("lease not found: its secrets engine is no longer mounted");
            }
            backend.renewSecret(l.internal(), Instant.ofEpochMilli(expire));
            Lease renewed = l.renewedUntil(now, expire);
            write(renewed);
            due.put(id, expire);
            return new Renewal(id, (expire - now) / 1000, true, expire < wanted);
        }
    }

    /** {@code sys/leases/revoke}: revokes now; an unknown lease is not an error (as Vault). */
    public void revoke(String id) {
        requireId(id);
        if (!revokeNow(id, false)) {
            throw VaultError.badRequest("failed to revoke lease: the secrets engine could not revoke the secret; it is retried at expiry");
        }
    }

    /**
     * {@code sys/leases/revoke-prefix} and {@code revoke-force}: revokes every lease under the
     * prefix. With {@code force}, a lease whose revocation fails is deleted anyway.
     */
    public void revokePrefix(String prefix, boolean force) {
        String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        int failed = 0;
        for (String id : storedIds(p)) {
            if (!revokeNow(id, force)) {
                failed++;
            }
        }
        // A prefix that names one lease exactly ("database/creds/ro/abc") revokes it too.
        if (!prefix.isEmpty() && !prefix.endsWith("/") && read(prefix) != null && !revokeNow(prefix, force)) {
            failed++;
        }
        if (failed > 0) {
            throw VaultError.badRequest("failed to revoke " + failed + " lease(s) under the prefix; they are retried at expiry, or use revoke-force");
        }
    }

    /**
     * Revokes every lease the token with this accessor obtained (the token was revoked or expired,
     * as Vault revokes a token's leases with it). A lease whose backend fails stays and is retried
     * with backoff, as at expiry.
     */
    public void revokeIssuedBy(String tokenAccessor) {
        Set<String> ids = tokenAccessor == null ? null : byToken.remove(tokenAccessor);
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            try {
                revokeNow(id, false);
            } catch (RuntimeException e) {
                due.put(id, clock.millis());
                LOG.warn("revoking lease {} of a revoked token failed: {}", id, e.getClass().getSimpleName());
            }
        }
    }

    private void indexByToken(Lease lease) {
        if (lease.tokenAccessor() != null) {
            byToken.computeIfAbsent(lease.tokenAccessor(), k -> ConcurrentHashMap.newKeySet()).add(lease.id());
        }
    }

    /** {@code LIST sys/leases/lookup/PREFIX}: the immediate children of a prefix. */
    public List<String> list(String prefix) {
        String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        return storage.list(p);
    }

    /** Whether a lease exists; for tests and embedding applications. */
    public boolean exists(String id) {
        return read(id) != null;
    }

    void tick() {
        long now = clock.millis();
        for (Map.Entry<String, Long> e : List.copyOf(due.entrySet())) {
            if (e.getValue() <= now) {
                try {
                    revokeNow(e.getKey(), false);
                } catch (RuntimeException ex) {
                    LOG.warn("lease expiry: revoking {} failed: {}", e.getKey(), ex.getClass().getSimpleName());
                }
            }
        }
    }

    /** Revokes one lease; false when the backend failed (the lease is kept and retried later). */
    private boolean revokeNow(String id, boolean force) {
        synchronized (lock(id)) {
            Lease l = read(id);
            if (l == null) {
                due.remove(id);
                return true;
            }
            {
                Backend backend = backends.find(l.namespace(), l.path());
                try {
                    if (backend != null) {
                        backend.revokeSecret(l.internal());
                    }
                } catch (RuntimeException e) {
                    int n = failures.merge(id, 1, Integer::sum);
                    long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(n - 1, 20));
                    LOG.warn("revoking lease {} failed (attempt {}), retrying in {} ms: {}", id, n, backoff, e.getMessage());
                    if (!force) {
                        due.put(id, clock.millis() + backoff);
                        return false;
                    }
                }
                storage.delete(id);
                due.remove(id);
                failures.remove(id);
                if (l.tokenAccessor() != null) {
                    byToken.computeIfPresent(l.tokenAccessor(), (k, ids) -> ids.remove(id) && ids.isEmpty() ? null : ids);
                }
                return true;
            }
        }
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private Lease read(String id) {
        byte[] raw = storage.get(id);
        return raw == null ? null : ServerJson.read(raw, Lease.class);
    }

    private void write(Lease lease) {
        storage.put(lease.id(), ServerJson.write(lease));
    }

    private List<String> storedIds(String prefix) {
        List<String> out = new ArrayList<>();
        for (String child : storage.list(prefix)) {
            if (child.endsWith("/")) {
                out.addAll(storedIds(prefix + child));
            } else {
                out.add(prefix + child);
            }
        }
        return out;
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw VaultError.badRequest("lease_id must be specified"); // Vault's text
        }
        return id;
    }

    private static String randomId() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }
}
