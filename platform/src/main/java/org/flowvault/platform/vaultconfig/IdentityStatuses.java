package org.flowvault.platform.vaultconfig;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.jdbi.v3.core.Handle;

/**
 * The {@code vault_config_status} rows: each node writes the logins, renewals and failures of the
 * identities it runs, so every node (and the API) sees the latest. Failure texts are scrubbed of
 * anything shaped like a token or JWT before they are stored. Thread-safe.
 */
final class IdentityStatuses {
    /** Vault tokens (hvs./hvb./hvr., legacy s./b.) and JWTs, in case a remote error text carries one. */
    private static final Pattern SECRET_SHAPED = Pattern.compile(
            "\\bhv[sbr]\\.[A-Za-z0-9_-]{8,}|\\b[sb]\\.[A-Za-z0-9]{20,}|eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.?[A-Za-z0-9_-]*");
    private static final int MAX_TEXT = 1000;

    private final Database db;
    private final Clock clock;

    IdentityStatuses(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The first row of a new configuration (inside its creation's transaction). */
    static void insert(Handle h, UUID configId) {
        h.createUpdate("INSERT INTO vault_config_status (config_id, token_state, attempts) VALUES (:c, 'UNCHECKED', 0)")
                .bind("c", configId).execute();
    }

    /** Forgets what was known of the old token and login after credentials or the auth method changed. */
    static void reset(Handle h, UUID configId) {
        h.createUpdate("UPDATE vault_config_status SET token_state = 'UNCHECKED', token_expires_at = NULL, token_expires_epoch = NULL, "
                        + "hard_expires_at = NULL, creation_ttl_seconds = NULL, warning = NULL, attempts = 0, next_attempt_at = NULL, "
                        + "claimed_until = NULL, claimed_by = NULL, last_error = NULL, last_error_at = NULL WHERE config_id = :c")
                .bind("c", configId).execute();
    }

    /** A login just now, on the platform's clock. */
    void loggedIn(UUID configId) {
        loggedIn(configId, clock.instant());
    }

    void loggedIn(UUID configId, Instant at) {
        update(configId, "last_login_at = :t, last_error = NULL, last_error_at = NULL", at, null);
    }

    void renewed(UUID configId, Instant at) {
        update(configId, "last_renewal_at = :t, last_error = NULL, last_error_at = NULL", at, null);
    }

    void failed(UUID configId, String error) {
        update(configId, "last_error_at = :t, last_error = :e", clock.instant(), scrub(error));
    }

    IdentityStatus get(UUID configId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM vault_config_status WHERE config_id = :c").bind("c", configId)
                .map((rs, ctx) -> new IdentityStatus(Times.instant(rs, "last_login_at"), Times.instant(rs, "last_renewal_at"),
                        Times.instant(rs, "last_error_at"), rs.getString("last_error"), rs.getString("token_state"),
                        Times.instant(rs, "token_expires_at"), Times.instant(rs, "hard_expires_at"), rs.getString("warning")))
                .findOne().orElse(IdentityStatus.none()));
    }

    /** {@code text} without token- or JWT-shaped words, cut to the column's size. */
    static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = SECRET_SHAPED.matcher(text).replaceAll("<redacted>");
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "..." : s;
    }

    private void update(UUID configId, String set, Instant at, String error) {
        db.jdbi().useHandle(h -> {
            var u = h.createUpdate("UPDATE vault_config_status SET " + set + " WHERE config_id = :c").bind("c", configId)
                    .bind("t", Times.db(at));
            if (error != null) {
                u.bind("e", error);
            }
            u.execute();
        });
    }
}
