package org.flowvault.platform.vaultconfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.RowLocks;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.metrics.PlatformMetrics.Renewal;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.logical.VaultResponse;
import org.flowvault.vault.client.token.TokenOperations.TokenInfo;

/**
 * Renews the tokens of SHARED_TOKEN configurations (with auto-renewal on) as the renewal job renews
 * users' tokens: a token not yet looked up since it was set is looked up once (TTL, renewability);
 * from then on it is renewed with {@code renew-self} when it expires within the configuration's
 * threshold. When it cannot be — not renewable, capped at its max TTL (the hard expiry is recorded),
 * revoked — the configuration's {@link IdentityStatus} says so and what to do; renewing stops until
 * an admin sets a new token. Rows are claimed like {@code user_tokens} rows (a lease per node,
 * SKIP LOCKED where available), so with several nodes each token is renewed once. Thread-safe.
 */
public final class SharedTokenRenewal {
    private final Database db;
    private final SecretBox box;
    private final VaultConfigurations configs;
    private final VaultClients clients;
    private final Clock clock;
    private final AuditTrail audit;
    private final String claimSql;

    private record Claimed(UUID configId, String state, String ciphertext, long creationTtl, Instant expiresAt, int attempts) {
    }

    public SharedTokenRenewal(Database db, SecretBox box, VaultConfigurations configs, VaultClients clients, Clock clock, AuditTrail audit) {
        this.db = Objects.requireNonNull(db, "db");
        this.box = Objects.requireNonNull(box, "box");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        // subqueries rather than joins, so that the lock covers the status row only
        this.claimSql = "SELECT s.config_id, s.token_state, s.creation_ttl_seconds, s.token_expires_at, s.attempts, "
                + "(SELECT k.ciphertext FROM vault_config_credentials k WHERE k.config_id = s.config_id AND k.field = 'token') AS ciphertext "
                + "FROM vault_config_status s "
                + "WHERE EXISTS (SELECT 1 FROM vault_configs c WHERE c.id = s.config_id AND c.auth_method = 'SHARED_TOKEN' "
                + "AND c.auto_renew = TRUE AND (s.token_state = 'UNCHECKED' OR (s.token_state = 'ACTIVE' "
                + "AND s.token_expires_epoch - c.renewal_threshold_seconds <= :now))) "
                + "AND EXISTS (SELECT 1 FROM vault_config_credentials k WHERE k.config_id = s.config_id AND k.field = 'token') "
                + "AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= :nowTs) "
                + "AND (s.claimed_until IS NULL OR s.claimed_until < :nowTs) "
                + "ORDER BY s.token_expires_epoch LIMIT :batch " + RowLocks.claimClause(db, "vault_config_status");
    }

    /**
     * Claims the due shared tokens (at most {@code batch}) for {@code lease} as {@code nodeId} and
     * renews each; {@code backoff} gives the wait after the n-th transient failure.
     *
     * @return how many rows were claimed (fewer than {@code batch}: none are left), and the outcome of
     *         each renewal attempted (a token only looked up has none)
     */
    public Round renewDue(String nodeId, Duration lease, int batch, IntFunction<Duration> backoff) {
        List<Claimed> claimed = claim(nodeId, lease, batch);
        List<Renewal> out = new ArrayList<>();
        for (Claimed c : claimed) {
            Renewal r = renew(c, nodeId, backoff);
            if (r != null) {
                out.add(r);
            }
        }
        return new Round(claimed.size(), List.copyOf(out));
    }

    /**
     * One claim's work.
     *
     * @param claimed  rows claimed
     * @param outcomes the outcome of each renewal attempted
     */
    public record Round(int claimed, List<Renewal> outcomes) {
    }

    private List<Claimed> claim(String nodeId, Duration lease, int batch) {
        Instant now = clock.instant();
        return db.jdbi().inTransaction(h -> {
            List<Claimed> rows = h.createQuery(claimSql)
                    .bind("now", now.getEpochSecond()).bind("nowTs", Times.db(now)).bind("batch", batch)
                    .map((rs, ctx) -> new Claimed(rs.getObject("config_id", UUID.class), rs.getString("token_state"),
                            rs.getString("ciphertext"), rs.getLong("creation_ttl_seconds"), Times.instant(rs, "token_expires_at"),
                            rs.getInt("attempts")))
                    .list();
            for (Claimed c : rows) {
                h.createUpdate("UPDATE vault_config_status SET claimed_until = :until, claimed_by = :node WHERE config_id = :c")
                        .bind("until", Times.db(now.plus(lease))).bind("node", nodeId).bind("c", c.configId()).execute();
            }
            return new ArrayList<>(rows);
        });
    }

    /** The outcome, or null when the token was only looked up (not due, or never expiring). */
    private Renewal renew(Claimed c, String nodeId, IntFunction<Duration> backoff) {
        Optional<VaultConfiguration> found = configs.byId(c.configId());
        if (found.isEmpty()) {
            return Renewal.STOPPED; // deleted meanwhile: its status row went with it
        }
        VaultConfiguration cfg = found.get();
        String name = cfg.name();
        String replace = "replace the token (flowvault vault-config credentials " + name + " --token-stdin)";
        Instant now = clock.instant();
        if (c.expiresAt() != null && !now.isBefore(c.expiresAt())) {
            return finish(c, cfg, nodeId, "EXPIRED", Renewal.STOPPED, error("the shared token of vault configuration '" + name
                    + "' expired at " + c.expiresAt() + " before it could be renewed; " + replace));
        }
        VaultClient client;
        try {
            VaultToken token = VaultToken.of(box.open(c.ciphertext(), VaultConfigurations.recordId(c.configId(), "token")));
            client = clients.base(cfg).withToken(token);
        } catch (RuntimeException e) {
            return finish(c, cfg, nodeId, "REVOKED", Renewal.STOPPED, error("the shared token of vault configuration '" + name
                    + "' cannot be used (" + e.getClass().getSimpleName() + "); " + replace));
        }
        try {
            long creationTtl = c.creationTtl();
            Instant expires = c.expiresAt();
            if (c.state().equals("UNCHECKED")) {
                TokenInfo info = client.token().lookupSelf();
                if (info.ttl().isZero() || info.expireTime() == null) {
                    return finish(c, cfg, nodeId, "NO_EXPIRY", null, new LinkedHashMap<>(Map.of("warning_clear", true)));
                }
                creationTtl = (info.creationTtl().isZero() ? info.ttl() : info.creationTtl()).toSeconds();
                expires = clock.instant().plus(info.ttl());
                if (!info.renewable()) {
                    return finish(c, cfg, nodeId, "NOT_RENEWABLE", Renewal.STOPPED, known(expires, creationTtl,
                            "Vault says the shared token of vault configuration '" + name + "' is not renewable: it expires at "
                                    + expires + "; " + replace + " before then"));
                }
                if (expires.getEpochSecond() - cfg.renewalThreshold().toSeconds() > clock.instant().getEpochSecond()) {
                    return finish(c, cfg, nodeId, "ACTIVE", null, known(expires, creationTtl, null)); // not due yet
                }
            }
            Duration asked = creationTtl > 0 ? Duration.ofSeconds(creationTtl) : null;
            VaultResponse r = client.logical().write("auth/token/renew-self", asked == null ? Map.of() : Map.of("increment", asked.toSeconds()));
            long ttl = r.auth().get("lease_duration") instanceof Number n ? n.longValue() : 0;
            boolean renewable = !Boolean.FALSE.equals(r.auth().get("renewable"));
            Instant done = clock.instant();
            Instant newExpiry = done.plusSeconds(ttl);
            boolean capped = (asked != null && ttl < asked.toSeconds())
                    || r.warnings().stream().anyMatch(w -> w.contains("max_ttl") || w.contains("max TTL"));
            Map<String, Object> v = known(newExpiry, creationTtl, null);
            v.put("last_renewal_at", done);
            if (capped) {
                v.put("hard_expires_at", newExpiry);
                v.put("warning", "Vault capped the renewal of the shared token of vault configuration '" + name
                        + "' at its max TTL: hard expiry at " + newExpiry + "; " + replace + " before then");
                return finish(c, cfg, nodeId, "CAPPED", Renewal.CAPPED, v);
            }
            if (!renewable) {
                v.put("warning", "Vault says the shared token of vault configuration '" + name + "' can no longer be renewed: "
                        + "it expires at " + newExpiry + "; " + replace + " before then");
                return finish(c, cfg, nodeId, "NOT_RENEWABLE", Renewal.STOPPED, v);
            }
            return finish(c, cfg, nodeId, "ACTIVE", Renewal.RENEWED, v);
        } catch (RuntimeException e) {
            VaultFailure kind = VaultFailure.of(e);
            if (kind == VaultFailure.PERMISSION_DENIED) {
                return finish(c, cfg, nodeId, "REVOKED", Renewal.STOPPED, error("Vault refused the shared token of vault configuration '"
                        + name + "' (permission denied): revoked; " + replace));
            }
            if (kind == VaultFailure.NOT_RENEWABLE) {
                return finish(c, cfg, nodeId, "NOT_RENEWABLE", Renewal.STOPPED, error("Vault will not renew the shared token of vault "
                        + "configuration '" + name + "': it is not renewable or has reached its max TTL"
                        + (c.expiresAt() == null ? "" : "; it expires at " + c.expiresAt()) + "; " + replace));
            }
            int attempts = c.attempts() + 1;
            Instant next = clock.instant().plus(backoff.apply(attempts));
            Map<String, Object> v = error(kind.describe("renewal of the shared token of vault configuration '" + name + "' at "
                    + cfg.url(), e) + "; attempt " + attempts + " failed, retrying at " + next);
            v.put("attempts", attempts);
            v.put("next_attempt_at", next);
            return finish(c, cfg, nodeId, c.state(), Renewal.RETRYING, v);
        }
    }

    private static Map<String, Object> known(Instant expires, long creationTtl, String warning) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("token_expires_at", expires);
        v.put("token_expires_epoch", expires.getEpochSecond());
        v.put("creation_ttl_seconds", creationTtl);
        if (warning != null) {
            v.put("warning", warning);
        }
        return v;
    }

    private Map<String, Object> error(String text) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("last_error", IdentityStatuses.scrub(text));
        v.put("last_error_at", clock.instant());
        return v;
    }

    /**
     * Writes the outcome and releases the claim, only if this node still holds it (a new token set
     * meanwhile resets the row and its claim). Success clears the error and the backoff.
     */
    private Renewal finish(Claimed c, VaultConfiguration cfg, String nodeId, String state, Renewal outcome, Map<String, Object> values) {
        boolean failed = values.containsKey("last_error");
        audit.record(AuditRecord.of(AuditAction.TOKEN_RENEW).config(cfg.name(), cfg.namespace())
                .outcome(failed ? AuditRecord.Outcome.FAILED : AuditRecord.Outcome.OK).detail("shared token: " + state).build());
        StringBuilder sql = new StringBuilder("UPDATE vault_config_status SET token_state = :state, claimed_until = NULL, claimed_by = NULL");
        if (!failed) {
            sql.append(", attempts = 0, next_attempt_at = NULL, last_error = NULL, last_error_at = NULL");
        }
        Map<String, Object> columns = new LinkedHashMap<>(values);
        if (columns.remove("warning_clear") != null) {
            sql.append(", warning = NULL");
        }
        for (String column : columns.keySet()) {
            sql.append(", ").append(column).append(" = :").append(column);
        }
        sql.append(" WHERE config_id = :c AND claimed_by = :node");
        db.jdbi().useHandle(h -> {
            var u = h.createUpdate(sql.toString()).bind("state", state).bind("c", c.configId()).bind("node", nodeId);
            columns.forEach((k, v) -> u.bind(k, v instanceof Instant i ? Times.db(i) : v));
            u.execute();
        });
        return outcome;
    }
}
