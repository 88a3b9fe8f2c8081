package org.flowvault.sdk.audit;

import java.util.function.Consumer;

/**
 * The audit trail ({@code /api/v1/audit}): who used which secret, when, with what outcome. Admins
 * see every record, members those of their projects. Thread-safe.
 */
public interface AuditOperations {

    /**
     * A page of matching records, newest first.
     *
     * @param before the {@link AuditPage#nextBefore()} of the previous page, or null for the newest
     * @param limit  1..1000
     */
    AuditPage list(AuditFilter filter, Long before, int limit);

    /** Every matching record, oldest first, streamed as the server sends it (JSON lines). */
    void export(AuditFilter filter, Consumer<AuditRecord> each);

    /** Verifies the chain (admins only: {@link org.flowvault.sdk.ForbiddenException} otherwise). */
    Verification verify();

    /** Which connections and flows of {@code project} reference the Vault secret {@code [config:]path}. */
    UsedBy usedBy(String project, String configAndPath);

    /** Which flows of {@code project} reference the credential entry (domain, permissioned user id). */
    UsedBy usedByCredential(String project, String domain, String permissionedUserId);
}
