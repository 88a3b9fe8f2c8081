package org.flowvault.platform.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;

/**
 * API keys for the SDK and CLI: random, shown once at creation, stored only as a SHA-256 hash with
 * a short public prefix to find them; revocable by their owner or an admin. Presented keys are
 * checked by {@link Authenticator}. Thread-safe.
 */
public final class ApiKeys {
    private final Database db;
    private final Clock clock;

    public ApiKeys(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A key just created: {@link #key()} is the only time the secret is available. */
    public record IssuedApiKey(UUID id, String name, String prefix, String key) {
        @Override
        public String toString() {
            return "IssuedApiKey[id=" + id + ", name=" + name + ", prefix=" + prefix + "]";
        }
    }

    /** What is known about a key afterwards (no secret); its last use is recorded to the minute. */
    public record ApiKeyInfo(UUID id, UUID userId, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                             Instant revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** Creates a key for the caller. @param name a label, such as "laptop CLI" */
    public IssuedApiKey create(Caller caller, String name) {
        if (name == null || name.isBlank() || name.length() > 128 || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw PlatformException.invalid("an API key needs a name of 1 to 128 printable characters, such as 'laptop CLI'");
        }
        String key = BearerSecrets.generate(BearerSecrets.API_KEY);
        String prefix = BearerSecrets.prefixOf(key, BearerSecrets.API_KEY);
        UUID id = UUID.randomUUID();
        db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) "
                        + "VALUES (:id, :u, :n, :p, :h, :t)")
                .bind("id", id).bind("u", caller.userId()).bind("n", name.strip()).bind("p", prefix)
                .bind("h", BearerSecrets.sha256(key)).bind("t", Times.db(clock.instant())).execute());
        return new IssuedApiKey(id, name.strip(), prefix, key);
    }

    /** The caller's own keys, newest first. */
    public List<ApiKeyInfo> list(Caller caller) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM api_keys WHERE user_id = :u ORDER BY created_at DESC")
                .bind("u", caller.userId())
                .map((rs, ctx) -> new ApiKeyInfo(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getString("name"), rs.getString("prefix"), Times.instant(rs, "created_at"),
                        Times.instant(rs, "last_used_at"), Times.instant(rs, "revoked_at")))
                .list());
    }

    /**
     * Revokes key {@code id}: its owner or an admin may. Idempotent.
     *
     * @throws PlatformException NOT_FOUND when there is no such key the caller may revoke
     */
    public void revoke(Caller caller, UUID id) {
        int n = db.jdbi().withHandle(h -> h.createUpdate("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, :t) "
                        + "WHERE id = :id" + (caller.isAdmin() ? "" : " AND user_id = :u"))
                .bind("t", Times.db(clock.instant())).bind("id", id).bind("u", caller.userId()).execute());
        if (n == 0) {
            throw PlatformException.notFound("no API key " + id + " that user '" + caller.username() + "' may revoke");
        }
    }

    @Override
    public String toString() {
        return "ApiKeys";
    }
}
