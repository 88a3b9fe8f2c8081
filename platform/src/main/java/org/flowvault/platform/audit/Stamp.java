package org.flowvault.platform.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One record as the writer stores it: its template (every field but the id and time; the journal
 * hands out one object per template, so the writer knows a template it has stored by identity)
 * with the record's id and time.
 */
record Stamp(AuditRecord template, UUID id, Instant at) {
    /** A record that carries its own template. */
    static Stamp of(AuditRecord r) {
        return new Stamp(r, r.id(), r.at());
    }

    AuditRecord record() {
        return Template.record(template, id, at);
    }
}
