package org.flowvault.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;

/**
 * Turns a presented credential — an API key ({@code fvk_...}) or a session token ({@code fvs_...})
 * — into the {@link Caller} it belongs to. The public prefix finds the row; the secret is compared
 * by hash in constant time, and a miss costs the same as a mismatch. The user's current role is
 * read each time, so a role change applies at once. Thread-safe.
 */
public final class Authenticator {
    /** How exactly an API key's last use is recorded. */
    static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);
    private final Database db;
    private final Clock clock;

    public Authenticator(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The caller {@code credential} authenticates.
     *
     * @throws PlatformException UNAUTHENTICATED saying what is wrong (missing, malformed, unknown,
     *         revoked or expired) and what to do; never echoing the credential
     */
    public Caller authenticate(String credential) {
        return authenticateRequest(credential).caller();
    }

    /**
     * Who a request's credential authenticates, and through which API key (null for a session):
     * the audit trail records the key.
     *
     * @param caller   the user
     * @param apiKeyId the API key's id, or null when the credential is a session token
     */
    public record Authenticated(Caller caller, UUID apiKeyId) {
    }

    /** {@link #authenticate(String)}, also naming the API key used. */
    public Authenticated authenticateRequest(String credential) {
        if (credential == null || credential.isBlank()) {
            throw unauthenticated("no credential: send an API key (fvk_...) or a session token (fvs_...) "
                    + "in the Authorization header as 'Bearer <credential>'");
        }
        String c = credential.strip();
        if (c.startsWith(BearerSecrets.API_KEY + "_")) {
            return apiKey(c);
        }
        if (c.startsWith(BearerSecrets.SESSION + "_")) {
            return new Authenticated(session(c), null);
        }
        throw unauthenticated("the credential is neither a Flowvault API key (fvk_...) nor a session token (fvs_...)");
    }

    private Authenticated apiKey(String key) {
        String prefix = BearerSecrets.prefixOf(key, BearerSecrets.API_KEY);
        record Row(UUID id, UUID userId, String hash, Instant revokedAt, Instant lastUsedAt) {
        }
        Optional<Row> row = prefix == null ? Optional.empty() : db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, user_id, key_hash, revoked_at, last_used_at FROM api_keys WHERE prefix = :p").bind("p", prefix)
                .map((rs, ctx) -> new Row(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getString("key_hash"), Times.instant(rs, "revoked_at"), Times.instant(rs, "last_used_at")))
                .findOne());
        boolean matches = BearerSecrets.matches(key, row.map(Row::hash).orElse(BearerSecrets.DUMMY_HASH));
        if (row.isEmpty() || !matches) {
            throw unauthenticated("unknown API key" + (prefix == null ? "" : " " + prefix) + ": create one with `flowvault api-key create`");
        }
        if (row.get().revokedAt() != null) {
            throw unauthenticated("API key " + prefix + " was revoked at " + row.get().revokedAt() + ": create a new one");
        }
        Instant now = clock.instant();
        Instant lastUsed = row.get().lastUsedAt();
        Caller caller = db.jdbi().withHandle(h -> {
            // recorded to the minute: a write per request would make every request of a busy key
            // (a CLI polling a run, a script) wait on the same row lock
            if (lastUsed == null || lastUsed.isBefore(now.minus(LAST_USE_PRECISION))) {
                h.createUpdate("UPDATE api_keys SET last_used_at = :t WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :t)")
                        .bind("t", Times.db(now)).bind("id", row.get().id()).execute();
            }
            return new Users.Lookup(h).caller(row.get().userId());
        }).orElseThrow(() -> unauthenticated("the user of API key " + prefix + " no longer exists"));
        return new Authenticated(caller, row.get().id());
    }

    private Caller session(String token) {
        String prefix = BearerSecrets.prefixOf(token, BearerSecrets.SESSION);
        record Row(UUID userId, String hash, Instant expiresAt) {
        }
        Optional<Row> row = prefix == null ? Optional.empty() : db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT user_id, token_hash, expires_at FROM sessions WHERE prefix = :p").bind("p", prefix)
                .map((rs, ctx) -> new Row(rs.getObject("user_id", UUID.class), rs.getString("token_hash"),
                        Times.instant(rs, "expires_at")))
                .findOne());
        boolean matches = BearerSecrets.matches(token, row.map(Row::hash).orElse(BearerSecrets.DUMMY_HASH));
        if (row.isEmpty() || !matches) {
            throw unauthenticated("unknown or ended session: log in again");
        }
        if (!clock.instant().isBefore(row.get().expiresAt())) {
            throw unauthenticated("the session expired at " + row.get().expiresAt() + ": log in again");
        }
        return db.jdbi().withHandle(h -> new Users.Lookup(h).caller(row.get().userId()))
                .orElseThrow(() -> unauthenticated("the user of this session no longer exists"));
    }

    private static PlatformException unauthenticated(String message) {
        return new PlatformException(PlatformException.Reason.UNAUTHENTICATED, message);
    }

    @Override
    public String toString() {
        return "Authenticator";
    }
}
