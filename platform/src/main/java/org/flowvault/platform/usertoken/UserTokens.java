package org.flowvault.platform.usertoken;

import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.UserTokenSource;
import org.flowvault.platform.vaultconfig.VaultClients;
import org.flowvault.platform.vaultconfig.VaultConfigurations;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFailure;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.token.TokenOperations.TokenInfo;

/**
 * Users' own Vault tokens for USER_TOKEN configurations (seed 000's "Authenticate"): a user
 * registers, replaces or removes their token; it is validated with {@code auth/token/lookup-self}
 * (TTL, renewable, policies, expire time) and stored encrypted, bound to
 * {@code user_token:<configId>:<userId>}. Nobody ever reads a token back; its status is visible to
 * its owner and to admins. The renewal job keeps tokens alive. Thread-safe.
 */
public final class UserTokens implements UserTokenSource {
    private final Database db;
    private final SecretBox box;
    private final VaultConfigurations configs;
    private final VaultClients clients;
    private final Clock clock;
    private final AuditTrail audit;

    public UserTokens(Database db, SecretBox box, VaultConfigurations configs, VaultClients clients, Clock clock) {
        this(db, box, configs, clients, clock, AuditTrail.none());
    }

    /** Tokens whose registration, replacement and removal are recorded in {@code audit}. */
    public UserTokens(Database db, SecretBox box, VaultConfigurations configs, VaultClients clients, Clock clock, AuditTrail audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.db = Objects.requireNonNull(db, "db");
        this.box = Objects.requireNonNull(box, "box");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The associated data a user token is sealed with. */
    public static String recordId(UUID configId, UUID userId) {
        return "user_token:" + configId + ":" + userId;
    }

    /**
     * Registers (or replaces) the caller's token for configuration {@code configName}, after asking
     * Vault about it with lookup-self.
     *
     * @throws PlatformException NOT_FOUND when the configuration is not visible to the caller;
     *         INVALID when it does not use user tokens or Vault rejects the token; UNAVAILABLE when
     *         Vault cannot be asked
     */
    public TokenStatus register(Caller caller, String configName, String token) {
        VaultConfiguration c = configs.get(caller, configName).config();
        if (c.authMethod() != VaultConfiguration.AuthMethod.USER_TOKEN) {
            throw PlatformException.invalid("vault configuration '" + c.name() + "' uses " + c.authMethod()
                    + ", a shared identity: users do not register tokens for it");
        }
        if (token == null || token.isBlank()) {
            throw PlatformException.invalid("the Vault token is empty; paste the token (e.g. from `vault print token`)");
        }
        VaultToken vt = VaultToken.of(token.strip());
        TokenInfo info;
        try {
            info = clients.base(c).withToken(vt).token().lookupSelf();
        } catch (RuntimeException e) {
            VaultFailure kind = VaultFailure.of(e);
            String where = "Vault '" + c.name() + "' at " + c.url();
            if (kind == VaultFailure.PERMISSION_DENIED) {
                throw PlatformException.invalid(where + " rejected the token (permission denied): it is unknown, expired or revoked; "
                        + "log in to Vault again and register the new token");
            }
            throw new PlatformException(kind.isTransient() || kind == VaultFailure.TLS ? PlatformException.Reason.UNAVAILABLE
                    : PlatformException.Reason.INVALID, kind.describe(where, e) + "; the token was not registered");
        }
        Instant now = clock.instant();
        Instant expires = info.ttl().isZero() ? null : now.plus(info.ttl());
        // ACTIVE even when Vault says it is not renewable: the renewal job asks Vault (the authority) when it is due
        TokenState state = TokenState.ACTIVE;
        String warning = !info.renewable() && expires != null
                ? "this token is not renewable: it expires at " + expires + "; register a new token before then" : null;
        Duration creationTtl = info.creationTtl().isZero() ? info.ttl() : info.creationTtl();
        String sealed = box.seal(vt.value(), recordId(c.id(), caller.userId()));
        db.jdbi().useTransaction(h -> {
            int replaced = h.createUpdate("DELETE FROM user_tokens WHERE config_id = :c AND user_id = :u")
                    .bind("c", c.id()).bind("u", caller.userId()).execute();
            audit.record(AuditRecord.of(replaced > 0 ? AuditAction.TOKEN_REPLACE : AuditAction.TOKEN_REGISTER).caller(caller)
                    .config(c.name(), c.namespace()).build());
            h.createUpdate("INSERT INTO user_tokens (config_id, user_id, ciphertext, state, policies, renewable, creation_ttl_seconds, "
                            + "expires_at, expires_epoch, registered_at, warning, attempts) "
                            + "VALUES (:c, :u, :x, :s, :p, :r, :ttl, :e, :ee, :now, :w, 0)")
                    .bind("c", c.id()).bind("u", caller.userId()).bind("x", sealed).bind("s", state.name())
                    .bind("p", String.join(",", info.policies())).bind("r", info.renewable())
                    .bind("ttl", creationTtl.toSeconds()).bind("e", Times.db(expires))
                    .bind("ee", expires == null ? null : expires.getEpochSecond()).bind("now", Times.db(now)).bind("w", warning)
                    .execute();
        });
        return status(caller, configName).orElseThrow();
    }

    /** Removes the caller's token for {@code configName}; idempotent. */
    public void remove(Caller caller, String configName) {
        VaultConfiguration c = configs.get(caller, configName).config();
        int removed = db.jdbi().withHandle(h -> h.createUpdate("DELETE FROM user_tokens WHERE config_id = :c AND user_id = :u")
                .bind("c", c.id()).bind("u", caller.userId()).execute());
        if (removed > 0) {
            audit.record(AuditRecord.of(AuditAction.TOKEN_REMOVE).caller(caller).config(c.name(), c.namespace()).build());
        }
    }

    /** The caller's own token status for {@code configName}; empty when none is registered. */
    public Optional<TokenStatus> status(Caller caller, String configName) {
        VaultConfiguration c = configs.get(caller, configName).config();
        return query("ut.config_id = :c AND ut.user_id = :u", c.id(), caller.userId()).stream().findFirst();
    }

    /**
     * The token status of {@code username} for {@code configName}: the user themself or an admin.
     *
     * @throws PlatformException FORBIDDEN when a member asks about another user
     */
    public Optional<TokenStatus> statusOf(Caller caller, String configName, String username) {
        if (!caller.isAdmin() && !caller.username().equals(username)) {
            throw PlatformException.forbidden("only admins may see other users' Vault token status");
        }
        VaultConfiguration c = configs.get(caller, configName).config();
        return query("ut.config_id = :c AND u.username = :name", c.id(), username).stream().findFirst();
    }

    /**
     * The caller's own token statuses, one per configuration they registered a token for, in one
     * query (for pages listing many configurations). Callers show only those of configurations the
     * caller may still see.
     */
    public List<TokenStatus> mine(Caller caller) {
        return query("ut.user_id = :u", null, caller.userId());
    }

    /** Every user's token status for {@code configName}, by username (admin only). */
    public List<TokenStatus> statuses(Caller admin, String configName) {
        admin.requireAdmin("see other users' Vault token status");
        VaultConfiguration c = configs.get(admin, configName).config();
        return query("ut.config_id = :c", c.id(), null);
    }

    @Override
    public Optional<RegisteredToken> find(UUID configId, UUID userId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT ciphertext, state, expires_at FROM user_tokens "
                        + "WHERE config_id = :c AND user_id = :u").bind("c", configId).bind("u", userId)
                .map((rs, ctx) -> new RegisteredToken(VaultToken.of(box.open(rs.getString("ciphertext"), recordId(configId, userId))),
                        Times.instant(rs, "expires_at"), TokenState.valueOf(rs.getString("state")) == TokenState.REVOKED))
                .findOne());
    }

    private List<TokenStatus> query(String where, UUID configId, Object second) {
        return db.jdbi().withHandle(h -> {
            var q = h.createQuery("SELECT ut.*, u.username, c.name AS config_name FROM user_tokens ut "
                    + "JOIN users u ON u.id = ut.user_id JOIN vault_configs c ON c.id = ut.config_id WHERE " + where
                    + " ORDER BY u.username");
            if (configId != null) {
                q.bind("c", configId);
            }
            if (second instanceof UUID id) {
                q.bind("u", id);
            } else if (second instanceof String name) {
                q.bind("name", name);
            }
            Instant now = clock.instant();
            return q.map((rs, ctx) -> map(rs, now)).list();
        });
    }

    /** A stored token as its owner sees it now: one past its expiry is EXPIRED even before the renewal job notices. */
    private static TokenStatus map(ResultSet rs, Instant now) throws SQLException {
        String p = rs.getString("policies");
        TokenState state = TokenState.valueOf(rs.getString("state"));
        Instant expiresAt = Times.instant(rs, "expires_at");
        if (expiresAt != null && !expiresAt.isAfter(now) && state != TokenState.REVOKED) {
            state = TokenState.EXPIRED;
        }
        return new TokenStatus(rs.getString("config_name"), rs.getString("username"), state,
                Times.instant(rs, "expires_at"), Times.instant(rs, "hard_expires_at"), rs.getBoolean("renewable"),
                p == null || p.isEmpty() ? List.of() : Arrays.asList(p.split(",")), Times.instant(rs, "registered_at"),
                Times.instant(rs, "last_renewal_at"), rs.getString("last_error"), rs.getString("warning"),
                Times.instant(rs, "next_attempt_at"));
    }

    @Override
    public String toString() {
        return "UserTokens";
    }
}
