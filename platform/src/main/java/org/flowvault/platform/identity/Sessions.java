package org.flowvault.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;

/**
 * Password logins for the UI and API: a successful login creates a session token (random, stored
 * only as its SHA-256, valid for a fixed lifetime). Presented tokens are checked by
 * {@link Authenticator}. Thread-safe.
 */
public final class Sessions {
    /** Default session lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    private final Database db;
    private final Users users;
    private final Clock clock;
    private final Duration lifetime;

    public Sessions(Database db, Users users, Clock clock, Duration lifetime) {
        this.db = Objects.requireNonNull(db, "db");
        this.users = Objects.requireNonNull(users, "users");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive, got " + lifetime);
        }
        this.lifetime = lifetime;
    }

    /** A new session: {@link #token()} is shown once. */
    public record IssuedSession(String token, User user, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedSession[user=" + user.username() + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Checks the password and opens a session.
     *
     * @throws PlatformException UNAUTHENTICATED "wrong username or password" (the two are not told apart)
     */
    public IssuedSession login(String username, String password) {
        User user = users.verifyPassword(username == null ? "" : username, password)
                .orElseThrow(() -> new PlatformException(PlatformException.Reason.UNAUTHENTICATED, "wrong username or password"));
        String token = BearerSecrets.generate(BearerSecrets.SESSION);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO sessions (id, user_id, prefix, token_hash, created_at, expires_at) "
                        + "VALUES (:id, :u, :p, :h, :c, :e)")
                .bind("id", UUID.randomUUID()).bind("u", user.id()).bind("p", BearerSecrets.prefixOf(token, BearerSecrets.SESSION))
                .bind("h", BearerSecrets.sha256(token)).bind("c", Times.db(now)).bind("e", Times.db(expires)).execute());
        return new IssuedSession(token, user, expires);
    }

    /** Ends the session of {@code token}; unknown tokens are ignored. */
    public void logout(String token) {
        String prefix = BearerSecrets.prefixOf(token, BearerSecrets.SESSION);
        if (prefix != null) {
            db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE prefix = :p AND token_hash = :h")
                    .bind("p", prefix).bind("h", BearerSecrets.sha256(token)).execute());
        }
    }

    /** Deletes sessions that expired before now; returns how many. */
    public int purgeExpired() {
        return db.jdbi().withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at < :t")
                .bind("t", Times.db(clock.instant())).execute());
    }

    @Override
    public String toString() {
        return "Sessions";
    }
}
