package org.flowvault.platform.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.RunLeases;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.lease.LeaseOperations.Lease;
import org.flowvault.vault.client.logical.VaultResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, renews and revokes the dynamic secrets of runs. Each {@link #issue} reads the path anew
 * (no cache: every run gets its own credentials), stores the lease in {@code run_leases} and
 * renews it at two thirds of its duration, asking for the same duration again (Vault caps it at
 * the role's max TTL). A renewal Vault refuses (the lease was revoked, or expired) marks the run:
 * its next step fails with {@link #check}. {@link #revokeAll} revokes a run's leases with the
 * identity that issued them, from any node. Issue, renewal failure and revocation are audited;
 * no credential is ever logged or stored. Thread-safe; one per process.
 */
public final class DynamicSecrets implements RunLeases, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicSecrets.class);
    /** Engines whose reads are static secrets, resolved through the KV pipeline and its cache. */
    private static final Set<String> STATIC_ENGINES = Set.of("kv", "generic", "cubbyhole");
    /** When Vault will not tell a path's engine: the {@code MOUNT/creds/ROLE} shape of dynamic engines. */
    private static final Pattern CREDS_PATH = Pattern.compile("^[^/]+(/[^/]+)*/creds/[^/]+$");
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final LeaseStore store;
    private final VaultAccess access;
    private final AuditTrail audit;
    private final Clock clock;
    private final ScheduledExecutorService renewer;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<UUID, String> lost = new ConcurrentHashMap<>();
    private final Map<String, Boolean> dynamicPaths = new ConcurrentHashMap<>();

    /** A lease this node renews. */
    private record Held(UUID runId, VaultClient client, Duration duration, VaultConfiguration config, String path,
                        ScheduledFuture<?>[] next) {
    }

    /** Credentials issued for a run: the secret's data (the caller registers its values with the masker) and the lease id. */
    public record Issued(String leaseId, Map<String, Object> data) {
        @Override
        public String toString() {
            return "Issued[" + leaseId + ", keys=" + data.keySet() + "]";
        }
    }

    public DynamicSecrets(Database db, VaultAccess access, AuditTrail audit, Clock clock) {
        this.store = new LeaseStore(db);
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("flowvault-lease-renewer").factory());
    }

    /**
     * Whether {@code path} is served by a dynamic engine (not KV), as Vault reports its mount
     * ({@code sys/internal/ui/mounts}); a {@code MOUNT/creds/ROLE} path when Vault will not say.
     * Remembered per configuration and path.
     */
    public boolean isDynamic(VaultConfiguration config, VaultIdentity identity, String path) {
        String key = config.id() + "\u0000" + path;
        Boolean known = dynamicPaths.get(key);
        if (known != null) {
            return known;
        }
        Object type;
        try {
            VaultResponse mount = client(config, identity).logical().read("sys/internal/ui/mounts/" + path);
            type = mount.data() == null ? null : mount.data().get("type");
        } catch (VaultException e) {
            return CREDS_PATH.matcher(path).matches(); // not remembered: Vault may answer next time
        }
        boolean dynamicEngine = type != null && !STATIC_ENGINES.contains(type.toString());
        dynamicPaths.put(key, dynamicEngine);
        return dynamicEngine;
    }

    /**
     * Reads {@code path} for the run: new credentials under a new lease, renewed from now on and
     * revoked when the run ends.
     *
     * @throws PlatformException naming configuration and path (and Vault's reason), never a value
     */
    public Issued issue(UUID runId, UUID projectId, Caller runAs, VaultConfiguration config, VaultIdentity identity, String path) {
        VaultClient client = client(config, identity);
        String where = "vault configuration \"" + config.name() + "\", dynamic secret \"" + path + "\"";
        VaultResponse answer;
        try {
            answer = client.logical().read(path);
        } catch (VaultException e) {
            audit.record(AuditRecord.of(AuditAction.LEASE_ISSUE).outcome(AuditRecord.Outcome.FAILED).run(runId).project(projectId)
                    .config(config.name(), config.namespace()).secret(null, path, null).detail("HTTP " + e.status()).build());
            throw failure(e, where);
        }
        String leaseId = answer.leaseId().filter(id -> !id.isBlank()).orElse(null);
        if (leaseId == null) {
            throw PlatformException.invalid(where + ": Vault answered without a lease, so it is not a dynamic secret; "
                    + "attach a KV path the usual way, or a path such as database/creds/ROLE");
        }
        Instant now = clock.instant();
        Duration ttl = answer.leaseDuration();
        try {
            store.insert(new LeaseRow(leaseId, runId, projectId, config.name(), path, runAs, now, now.plus(ttl)));
        } catch (RuntimeException e) {
            revokeQuietly(client, leaseId); // not recorded, so nobody could revoke it later
            throw e;
        }
        audit.record(AuditRecord.of(AuditAction.LEASE_ISSUE).run(runId).project(projectId).caller(runAs)
                .config(config.name(), config.namespace()).secret(null, path, null).detail("lease " + leaseId).build());
        if (answer.renewable() && ttl.isPositive()) {
            Held h = new Held(runId, client, ttl, config, path, new ScheduledFuture<?>[1]);
            held.put(leaseId, h);
            schedule(leaseId, h, ttl.multipliedBy(2).dividedBy(3));
        }
        return new Issued(leaseId, answer.data() == null ? Map.of() : answer.data());
    }

    private void schedule(String leaseId, Held h, Duration in) {
        h.next()[0] = renewer.schedule(() -> renew(leaseId, h), Math.max(in.toMillis(), 200), TimeUnit.MILLISECONDS);
    }

    private void renew(String leaseId, Held h) {
        if (held.get(leaseId) != h) {
            return; // revoked meanwhile
        }
        try {
            Lease renewed = h.client().leases().renew(leaseId, h.duration());
            store.expires(leaseId, clock.instant().plus(renewed.ttl()));
            if (renewed.ttl().compareTo(Duration.ofSeconds(1)) > 0) {
                schedule(leaseId, h, renewed.ttl().multipliedBy(2).dividedBy(3));
            } else {
                held.remove(leaseId); // max_ttl reached: the lease ends with its TTL
            }
        } catch (VaultException.InvalidRequest | VaultException.NotFound | VaultException.PermissionDenied e) {
            held.remove(leaseId);
            lost.put(h.runId(), "the dynamic secret \"" + h.path() + "\" (lease " + leaseId + ") was revoked or has expired: "
                    + "Vault refused its renewal (HTTP " + e.status() + "); its credentials no longer work");
            audit.record(AuditRecord.of(AuditAction.LEASE_RENEWAL_FAILED).outcome(AuditRecord.Outcome.FAILED).run(h.runId())
                    .config(h.config().name(), h.config().namespace()).secret(null, h.path(), null).detail("lease " + leaseId).build());
        } catch (RuntimeException e) {
            LOG.warn("renewing lease {} failed ({}); retrying in {}", leaseId, e.getClass().getSimpleName(), RETRY);
            schedule(leaseId, h, RETRY);
        }
    }

    /** Fails when a lease of the run was lost; see {@link RunLeases#check}. */
    @Override
    public void check(UUID runId) {
        String why = lost.get(runId);
        if (why != null) {
            throw new PlatformException(Reason.UNAVAILABLE, why);
        }
    }

    /** Revokes every lease the run holds (on any node), with the identity that issued it; never throws. */
    @Override
    public void revokeAll(UUID runId) {
        lost.remove(runId);
        List<LeaseRow> rows;
        try {
            rows = store.ofRun(runId);
        } catch (RuntimeException e) {
            LOG.warn("the leases of run {} could not be listed: {}", runId, e.getClass().getSimpleName());
            return;
        }
        for (LeaseRow row : rows) {
            Held h = held.remove(row.leaseId());
            if (h != null && h.next()[0] != null) {
                h.next()[0].cancel(false);
            }
            AuditRecord.Builder record = AuditRecord.of(AuditAction.LEASE_REVOKE).run(runId).project(row.projectId())
                    .caller(row.runAs()).secret(null, row.path(), null);
            try {
                VaultConfiguration config = access.find(row.configName(), row.projectId()).orElseThrow(() ->
                        PlatformException.notFound("vault configuration \"" + row.configName() + "\" no longer exists"));
                record.config(config.name(), config.namespace());
                client(config, access.identity(config, row.runAs())).leases().revoke(row.leaseId());
                store.delete(row.leaseId());
                audit.record(record.detail("lease " + row.leaseId()).build());
            } catch (RuntimeException e) {
                // Vault drops the credentials at the lease's TTL anyway; the row stays for a later attempt.
                LOG.warn("revoking lease {} of run {} failed: {}", row.leaseId(), runId, e.getClass().getSimpleName());
                audit.record(record.outcome(AuditRecord.Outcome.FAILED)
                        .detail("lease " + row.leaseId() + " not revoked (" + e.getClass().getSimpleName() + "); it ends at its TTL").build());
            }
        }
    }

    private static void revokeQuietly(VaultClient client, String leaseId) {
        try {
            client.leases().revoke(leaseId);
        } catch (RuntimeException e) {
            LOG.warn("revoking unrecorded lease {} failed: {}", leaseId, e.getClass().getSimpleName());
        }
    }

    private static PlatformException failure(VaultException e, String where) {
        if (e instanceof VaultException.PermissionDenied) {
            return new PlatformException(Reason.FORBIDDEN, where + ": permission denied; the identity this configuration uses needs "
                    + "read on the path, and update on sys/leases/renew and sys/leases/revoke", e);
        }
        if (e instanceof VaultException.InvalidRequest || e instanceof VaultException.NotFound) {
            // Vault's errors for a credentials read name roles and configs, never a credential
            return new PlatformException(e instanceof VaultException.NotFound ? Reason.NOT_FOUND : Reason.INVALID,
                    where + ": Vault refused to issue credentials (HTTP " + e.status() + ")"
                            + (e.errors().isEmpty() ? "" : ": " + String.join("; ", e.errors())), e);
        }
        return new PlatformException(Reason.UNAVAILABLE, where + ": Vault could not be reached or failed"
                + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "") + "; retry later", e);
    }

    private static VaultClient client(VaultConfiguration config, VaultIdentity identity) {
        String ns = config.namespace();
        return ns == null || ns.isBlank() ? identity.client() : identity.client().withNamespace(ns);
    }

    /** Stops renewing (leases then end at their TTL or when their runs are recovered). */
    @Override
    public void close() {
        renewer.shutdownNow();
    }

    @Override
    public String toString() {
        return "DynamicSecrets[" + held.size() + " leases renewed here]";
    }
}
