package org.flowvault.sdk.audit;

import java.util.List;

/**
 * A page of audit records, newest first.
 *
 * @param records    the records
 * @param nextBefore the cursor of the next (older) page, or null when this is the last one
 */
public record AuditPage(List<AuditRecord> records, Long nextBefore) {
    public AuditPage {
        records = List.copyOf(records);
    }
}
