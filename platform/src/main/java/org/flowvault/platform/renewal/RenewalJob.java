package org.flowvault.platform.renewal;

import java.time.Clock;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.RowLocks;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.usertoken.TokenState;
import org.flowvault.platform.usertoken.UserTokens;
import org.flowvault.platform.vaultconfig.VaultClients;
import org.flowvault.platform.vaultconfig.VaultConfigurations;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.SharedTokenRenewal;
import org.flowvault.platform.vaultconfig.VaultFailure;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.logical.VaultResponse;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews users' Vault tokens before they expire (seed 000: "renewed if they expire within the next
 * 2 days"), for configurations with auto-renewal on, using {@code auth/token/renew-self} with the
 * token's original TTL as increment; then the tokens of SHARED_TOKEN configurations the same way
 * (see {@link SharedTokenRenewal}).
 *
 * <ul>
 *   <li>Success: the new expiry and the renewal time are recorded.</li>
 *   <li>Capped by the token's max TTL (Vault grants less than asked, and warns): the hard expiry is
 *       recorded with a warning telling the user to re-authenticate before it; renewing stops.</li>
 *   <li>Not renewable, revoked, unknown (403, "permission denied", "bad token"): the state and a
 *       clear message are recorded; renewing stops until the user registers a new token.</li>
 *   <li>Vault unreachable, sealed or failing: retried with exponential backoff ({@code next_attempt_at}).</li>
 * </ul>
 *
 * <p>Scale-out: nodes sharing one PostgreSQL claim due rows in a short transaction with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} and mark them with a lease ({@code claimed_until},
 * {@code claimed_by}) before calling Vault outside the transaction, so no token is renewed twice at
 * once, even when a renewal is slow. Results are written only by the claiming node. On H2 (single
 * node) plain {@code FOR UPDATE} is used when SKIP LOCKED is unavailable.
 *
 * <p>Time comes from the injected {@link Clock}; {@link #runOnce()} runs one round (tests),
 * {@link #start} schedules rounds (production). Thread-safe; rounds of one instance do not overlap.
 */
public final class RenewalJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalJob.class);

    private final AuditTrail audit;
    private final Database db;
    private final SecretBox box;
    private final VaultConfigurations configs;
    private final VaultClients clients;
    private final Clock clock;
    private final Options options;
    private final PlatformMetrics metrics;
    private final String claimSql;
    private final SharedTokenRenewal sharedTokens;
    private volatile ScheduledFuture<?> scheduled;

    /**
     * @param nodeId      names this node in the lease column (random by default)
     * @param lease       how long a claim protects a row from other nodes (longer than one renewal can take)
     * @param batchSize   rows claimed per transaction
     * @param backoffBase wait after the first transient failure; doubles per failure
     * @param backoffMax  longest wait between attempts
     */
    public record Options(String nodeId, Duration lease, int batchSize, Duration backoffBase, Duration backoffMax) {
        public Options {
            Objects.requireNonNull(nodeId, "nodeId");
            if (lease.isNegative() || lease.isZero() || batchSize < 1 || backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0) {
                throw new IllegalArgumentException("renewal options need a positive lease and batch size and 0 <= backoffBase <= backoffMax");
            }
        }

        /** A random node id, 5-minute lease, 100 rows per claim, backoff from 1 minute to 1 hour. */
        public static Options defaults() {
            return new Options("node-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofMinutes(5), 100,
                    Duration.ofMinutes(1), Duration.ofHours(1));
        }
    }

    /** What one round did. */
    public record Round(int claimed, int renewed, int capped, int stopped, int retrying) {
    }

    private record Claimed(UUID configId, UUID userId, String ciphertext, long creationTtl, Instant expiresAt, int attempts) {
    }

    public RenewalJob(Database db, SecretBox box, VaultConfigurations configs, VaultClients clients, Clock clock, Options options) {
        this(db, box, configs, clients, clock, options, AuditTrail.none(), PlatformMetrics.none());
    }

    /** A job that records the outcome of every renewal attempt in {@code audit}. */
    public RenewalJob(Database db, SecretBox box, VaultConfigurations configs, VaultClients clients, Clock clock, Options options,
                      AuditTrail audit) {
        this(db, box, configs, clients, clock, options, audit, PlatformMetrics.none());
    }

    /** As the other constructor, reporting each renewal's outcome to {@code metrics}. */
    public RenewalJob(Database db, SecretBox box, VaultConfigurations configs, VaultClients clients, Clock clock, Options options,
                      PlatformMetrics metrics) {
        this(db, box, configs, clients, clock, options, AuditTrail.none(), metrics);
    }

    /** A job that audits every renewal attempt in {@code audit} and reports its outcome to {@code metrics}. */
    public RenewalJob(Database db, SecretBox box, VaultConfigurations configs, VaultClients clients, Clock clock, Options options,
                      AuditTrail audit, PlatformMetrics metrics) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.db = Objects.requireNonNull(db, "db");
        this.box = Objects.requireNonNull(box, "box");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.sharedTokens = new SharedTokenRenewal(db, box, configs, clients, clock, audit);
        // expires_epoch minus the configuration's threshold: integer arithmetic both engines agree on
        this.claimSql = "SELECT config_id, user_id, ciphertext, creation_ttl_seconds, expires_at, attempts FROM user_tokens ut "
                + "WHERE state = 'ACTIVE' AND expires_epoch IS NOT NULL "
                + "AND expires_epoch - (SELECT c.renewal_threshold_seconds FROM vault_configs c "
                + "WHERE c.id = ut.config_id AND c.auto_renew = TRUE) <= :now "
                + "AND (next_attempt_at IS NULL OR next_attempt_at <= :nowTs) "
                + "AND (claimed_until IS NULL OR claimed_until < :nowTs) "
                + "ORDER BY expires_epoch LIMIT :batch " + RowLocks.claimClause(db, "user_tokens");
    }

    /** The locking clause in use ("FOR UPDATE SKIP LOCKED" or "FOR UPDATE"). */
    public String lockClause() {
        return claimSql.substring(claimSql.lastIndexOf("FOR UPDATE"));
    }

    /** Runs one round: claims due tokens batch by batch and renews each. */
    public synchronized Round runOnce() {
        int claimed = 0;
        int renewed = 0;
        int capped = 0;
        int stopped = 0;
        int retrying = 0;
        List<Claimed> batch;
        do {
            batch = claim();
            claimed += batch.size();
            for (Claimed c : batch) {
                PlatformMetrics.Renewal outcome = renew(c);
                metrics.tokenRenewal(outcome);
                switch (outcome) {
                    case RENEWED -> renewed++;
                    case CAPPED -> capped++;
                    case STOPPED -> stopped++;
                    case RETRYING -> retrying++;
                }
            }
        } while (batch.size() == options.batchSize());
        SharedTokenRenewal.Round shared;
        do {
            shared = sharedTokens.renewDue(options.nodeId(), options.lease(), options.batchSize(), this::backoff);
            claimed += shared.claimed();
            for (PlatformMetrics.Renewal outcome : shared.outcomes()) {
                metrics.tokenRenewal(outcome);
                switch (outcome) {
                    case RENEWED -> renewed++;
                    case CAPPED -> capped++;
                    case STOPPED -> stopped++;
                    case RETRYING -> retrying++;
                }
            }
        } while (shared.claimed() == options.batchSize());
        if (claimed > 0) {
            LOG.info("token renewal round: {} due, {} renewed, {} capped at max TTL, {} stopped, {} to retry",
                    claimed, renewed, capped, stopped, retrying);
        }
        return new Round(claimed, renewed, capped, stopped, retrying);
    }

    private List<Claimed> claim() {
        Instant now = clock.instant();
        return db.jdbi().inTransaction(h -> {
            List<Claimed> rows = h.createQuery(claimSql)
                    .bind("now", now.getEpochSecond()).bind("nowTs", Times.db(now)).bind("batch", options.batchSize())
                    .map((rs, ctx) -> new Claimed(rs.getObject("config_id", UUID.class), rs.getObject("user_id", UUID.class),
                            rs.getString("ciphertext"), rs.getLong("creation_ttl_seconds"), Times.instant(rs, "expires_at"),
                            rs.getInt("attempts")))
                    .list();
            for (Claimed c : rows) {
                h.createUpdate("UPDATE user_tokens SET claimed_until = :until, claimed_by = :node WHERE config_id = :c AND user_id = :u")
                        .bind("until", Times.db(now.plus(options.lease()))).bind("node", options.nodeId())
                        .bind("c", c.configId()).bind("u", c.userId()).execute();
            }
            return new ArrayList<>(rows);
        });
    }

    private PlatformMetrics.Renewal renew(Claimed c) {
        Optional<VaultConfiguration> config = configs.byId(c.configId());
        if (config.isEmpty()) {
            return PlatformMetrics.Renewal.STOPPED; // deleted meanwhile: its tokens went with it
        }
        VaultConfiguration cfg = config.get();
        String name = cfg.name();
        String reauth = "register a new one with `flowvault vault-config authenticate " + name + "`";
        Instant now = clock.instant();
        if (c.expiresAt() != null && !now.isBefore(c.expiresAt())) {
            finish(c, TokenState.EXPIRED, Map.of("last_error", "your Vault token for '" + name + "' expired at " + c.expiresAt()
                    + " before it could be renewed; " + reauth));
            return PlatformMetrics.Renewal.STOPPED;
        }
        VaultToken token;
        try {
            token = VaultToken.of(box.open(c.ciphertext(), UserTokens.recordId(c.configId(), c.userId())));
        } catch (IllegalStateException e) {
            finish(c, TokenState.REVOKED, Map.of("last_error", e.getMessage() + "; " + reauth));
            return PlatformMetrics.Renewal.STOPPED;
        }
        Duration asked = c.creationTtl() > 0 ? Duration.ofSeconds(c.creationTtl()) : null;
        try {
            VaultResponse r = clients.base(cfg).withToken(token).logical()
                    .write("auth/token/renew-self", asked == null ? Map.of() : Map.of("increment", asked.toSeconds()));
            long ttl = r.auth().get("lease_duration") instanceof Number n ? n.longValue() : 0;
            boolean renewable = !Boolean.FALSE.equals(r.auth().get("renewable"));
            Instant done = clock.instant();
            Instant expires = done.plusSeconds(ttl);
            boolean cappedByMax = (asked != null && ttl < asked.toSeconds())
                    || r.warnings().stream().anyMatch(w -> w.contains("max_ttl") || w.contains("max TTL"));
            if (cappedByMax) {
                finish(c, TokenState.CAPPED, Map.of("expires_at", expires, "expires_epoch", expires.getEpochSecond(),
                        "hard_expires_at", expires, "last_renewal_at", done, "renewable", renewable,
                        "warning", "Vault capped the renewal of your token for '" + name + "' at its max TTL: it expires for good at "
                                + expires + "; re-authenticate before then: " + reauth));
                return PlatformMetrics.Renewal.CAPPED;
            }
            if (!renewable) {
                finish(c, TokenState.NOT_RENEWABLE, Map.of("expires_at", expires, "expires_epoch", expires.getEpochSecond(),
                        "last_renewal_at", done, "renewable", false,
                        "warning", "Vault says your token for '" + name + "' can no longer be renewed: it expires at " + expires
                                + "; " + reauth));
                return PlatformMetrics.Renewal.STOPPED;
            }
            finish(c, TokenState.ACTIVE, Map.of("expires_at", expires, "expires_epoch", expires.getEpochSecond(),
                    "last_renewal_at", done, "renewable", true));
            return PlatformMetrics.Renewal.RENEWED;
        } catch (RuntimeException e) {
            VaultFailure kind = VaultFailure.of(e);
            String where = "Vault '" + name + "' at " + cfg.url();
            if (kind == VaultFailure.PERMISSION_DENIED) {
                finish(c, TokenState.REVOKED, Map.of("last_error", "Vault refused to renew your token for '" + name
                        + "' (permission denied: it was revoked or is unknown); " + reauth));
                return PlatformMetrics.Renewal.STOPPED;
            }
            if (kind == VaultFailure.NOT_RENEWABLE) {
                finish(c, TokenState.NOT_RENEWABLE, Map.of("last_error", "Vault will not renew your token for '" + name
                        + "': it is not renewable or has reached its max TTL; it expires at " + c.expiresAt() + "; " + reauth));
                return PlatformMetrics.Renewal.STOPPED;
            }
            int attempts = c.attempts() + 1;
            Duration wait = backoff(attempts);
            Instant next = clock.instant().plus(wait);
            finish(c, TokenState.ACTIVE, Map.of("attempts", attempts, "next_attempt_at", next,
                    "last_error", kind.describe(where, e) + "; renewal attempt " + attempts + " failed, retrying at " + next));
            LOG.warn("renewal of a token for configuration '{}' failed ({}), attempt {}, retrying at {}", name, kind, attempts, next);
            return PlatformMetrics.Renewal.RETRYING;
        }
    }

    /**
     * How many active tokens of auto-renewing configurations are within their configuration's
     * renewal threshold of expiring now (due, or overdue because renewals fail): a gauge, read on scrape.
     */
    public long expiringWithinThreshold() {
        long now = clock.instant().getEpochSecond();
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM user_tokens ut JOIN vault_configs c ON c.id = ut.config_id "
                        + "WHERE ut.state = 'ACTIVE' AND c.auto_renew = TRUE AND ut.expires_epoch IS NOT NULL "
                        + "AND ut.expires_epoch - c.renewal_threshold_seconds <= :now")
                .bind("now", now).mapTo(Long.class).one());
    }

    /** {@code backoffBase * 2^(attempts-1)}, at most {@code backoffMax}. */
    Duration backoff(int attempts) {
        Duration d = options.backoffBase();
        for (int i = 1; i < attempts && d.compareTo(options.backoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(options.backoffMax()) > 0 ? options.backoffMax() : d;
    }

    /**
     * Writes the outcome and releases the claim — only if this node still holds it and the token was
     * not replaced meanwhile (the ciphertext is unchanged). Success resets the error and backoff.
     */
    private void finish(Claimed c, TokenState state, Map<String, Object> values) {
        boolean failed = values.containsKey("last_error");
        Optional<VaultConfiguration> cfg = configs.byId(c.configId());
        audit.record(AuditRecord.of(AuditAction.TOKEN_RENEW).user(c.userId(), null)
                .config(cfg.map(VaultConfiguration::name).orElse(null), cfg.map(VaultConfiguration::namespace).orElse(null))
                .outcome(failed ? AuditRecord.Outcome.FAILED : AuditRecord.Outcome.OK).detail(state.name()).build());
        StringBuilder sql = new StringBuilder("UPDATE user_tokens SET state = :state, claimed_until = NULL, claimed_by = NULL");
        boolean failure = values.containsKey("last_error");
        if (!failure) {
            sql.append(", attempts = 0, next_attempt_at = NULL, last_error = NULL");
        }
        for (String column : values.keySet()) {
            sql.append(", ").append(column).append(" = :").append(column);
        }
        sql.append(" WHERE config_id = :c AND user_id = :u AND claimed_by = :node AND ciphertext = :x");
        db.jdbi().useHandle(h -> {
            var u = h.createUpdate(sql.toString()).bind("state", state.name()).bind("c", c.configId()).bind("u", c.userId())
                    .bind("node", options.nodeId()).bind("x", c.ciphertext());
            values.forEach((k, v) -> u.bind(k, v instanceof Instant i ? Times.db(i) : v));
            u.execute();
        });
    }

    /**
     * Runs a round every {@code period} on {@code executor} (first one at once). A failing round is
     * logged and the next one runs as planned.
     */
    public void start(ScheduledExecutorService executor, Duration period) {
        if (scheduled != null) {
            throw new IllegalStateException("the renewal job is already started");
        }
        scheduled = executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.error("token renewal round failed: {}", e.toString());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops scheduled rounds (a running round finishes). */
    @Override
    public void close() {
        ScheduledFuture<?> s = scheduled;
        if (s != null) {
            s.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "RenewalJob[" + options.nodeId() + "]";
    }
}
