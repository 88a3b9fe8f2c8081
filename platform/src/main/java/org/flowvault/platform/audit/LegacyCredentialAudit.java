package org.flowvault.platform.audit;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;

/**
 * Moves the records of {@code credential_audit} (the credential vault's own table before the
 * audit trail existed, migration V30) into the chain, oldest first, keeping their time, and
 * deletes them in the same transaction: afterwards there is one audit concept and one table. The
 * old table stays (empty) so that a rollback to an older release still starts.
 */
final class LegacyCredentialAudit {
    private LegacyCredentialAudit() {
    }

    static void moveInto(Database db, ChainStore store, String node) {
        int batch = 500;
        while (true) {
            List<AuditRecord> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT id, at, project_id, entry_id, field, action, "
                            + "actor_user_id, api_key_id, run_id, outcome FROM credential_audit ORDER BY at, id LIMIT " + batch)
                    .map((rs, ctx) -> AuditRecord.of(action(rs.getString("action")))
                            .id(uuid(rs.getObject("id")))
                            .at(Times.instant(rs, "at"))
                            .user(uuid(rs.getObject("actor_user_id")), null)
                            .apiKey(uuid(rs.getObject("api_key_id")))
                            .run(uuid(rs.getObject("run_id")))
                            .project(uuid(rs.getObject("project_id")))
                            .entry(uuid(rs.getObject("entry_id")), rs.getString("field"))
                            .outcome(AuditRecord.Outcome.of(rs.getString("outcome")))
                            .detail("moved from credential_audit")
                            .build().stamped(null, node, null))
                    .list());
            if (rows.isEmpty()) {
                return;
            }
            db.jdbi().useTransaction(h -> {
                store.append(rows.stream().map(Stamp::of).toList(), true);
                h.createUpdate("DELETE FROM credential_audit WHERE id IN (<ids>)")
                        .bindList("ids", rows.stream().map(AuditRecord::id).toList()).execute();
            });
        }
    }

    private static AuditAction action(String legacy) {
        return AuditAction.of("credential." + legacy.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalStateException("unknown credential_audit action " + legacy));
    }

    private static UUID uuid(Object o) {
        return o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
    }
}
