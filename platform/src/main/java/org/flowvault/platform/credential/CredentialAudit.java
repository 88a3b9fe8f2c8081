package org.flowvault.platform.credential;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Records every decryption, TOTP code and key action in {@code credential_audit}: who (a user, or
 * a run and the user it runs as), which entry and field, when, the outcome — never a value. A
 * record is written before the value is handed out; when it cannot be written, the caller's
 * operation fails and nothing is handed out.
 */
final class CredentialAudit {
    enum Action {
        DECRYPT, TOTP, KEY_GENERATE, KEY_IMPORT, KEY_ROTATE, REENCRYPT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who acts: a user through the API, or a run (with the user it runs as). */
    record Actor(UUID userId, UUID runId) {
        static Actor user(UUID userId) {
            return new Actor(userId, null);
        }
    }

    static final String OK = "ok";
    static final String FAILED = "failed";

    private final Database db;
    private final Clock clock;

    CredentialAudit(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    void record(UUID projectId, UUID entryId, String field, Action action, Actor actor, String outcome) {
        recordAll(projectId, entryId, field == null ? java.util.Collections.singletonList(null) : List.of(field), action, actor, outcome);
    }

    /** One record per field, written together. */
    void recordAll(UUID projectId, UUID entryId, List<String> fields, Action action, Actor actor, String outcome) {
        db.jdbi().useHandle(h -> {
            PreparedBatch b = h.prepareBatch("INSERT INTO credential_audit (id, at, project_id, entry_id, field, action, actor_user_id, "
                    + "api_key_id, run_id, outcome) VALUES (:id, :at, :p, CAST(:e AS uuid), :f, :a, CAST(:u AS uuid), NULL, CAST(:r AS uuid), :o)");
            for (String f : fields) {
                b.bind("id", UUID.randomUUID()).bind("at", Times.db(clock.instant())).bind("p", projectId)
                        .bind("e", text(entryId)).bind("f", f).bind("a", action.label())
                        .bind("u", text(actor.userId())).bind("r", text(actor.runId())).bind("o", outcome).add();
            }
            b.execute();
        });
    }

    /** A nullable uuid as text: a batch cannot type a null uuid on PostgreSQL, so the SQL casts. */
    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }
}
