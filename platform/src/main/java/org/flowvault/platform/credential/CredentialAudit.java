package org.flowvault.platform.credential;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.AuditTrail;

/**
 * The credential vault's view of the platform's audit trail: every decryption, TOTP code and key
 * action, with who (a user, or a run and the user it runs as), which entry and fields, and the
 * outcome — never a value. A record is written before the value is handed out; when it cannot be
 * written, the caller's operation fails and nothing is handed out. (Records of the former
 * {@code credential_audit} table are moved into the trail at start.)
 */
final class CredentialAudit {
    enum Action {
        DECRYPT(AuditAction.CREDENTIAL_DECRYPT), TOTP(AuditAction.CREDENTIAL_TOTP), KEY_GENERATE(AuditAction.CREDENTIAL_KEY_GENERATE),
        KEY_IMPORT(AuditAction.CREDENTIAL_KEY_IMPORT), KEY_ROTATE(AuditAction.CREDENTIAL_KEY_ROTATE),
        REENCRYPT(AuditAction.CREDENTIAL_REENCRYPT);

        private final AuditAction action;

        Action(AuditAction action) {
            this.action = action;
        }

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

    private final AuditTrail trail;

    CredentialAudit(AuditTrail trail) {
        this.trail = Objects.requireNonNull(trail, "trail");
    }

    void record(UUID projectId, UUID entryId, String field, Action action, Actor actor, String outcome) {
        recordAll(projectId, entryId, field == null ? List.of() : List.of(field), action, actor, outcome);
    }

    /** One record for the action, naming every field it touched. */
    void recordAll(UUID projectId, UUID entryId, List<String> fields, Action action, Actor actor, String outcome) {
        trail.record(AuditRecord.of(action.action).user(actor.userId(), null).run(actor.runId()).project(projectId)
                .entry(entryId, fields.isEmpty() ? null : String.join(",", fields))
                .outcome(AuditRecord.Outcome.of(outcome)).build());
    }
}
