package org.flowvault.sdk.audit;

import java.time.Instant;

/**
 * Which audit records to list or export; every filter optional (null), all given ones must match.
 *
 * @param path   a Vault secret as {@code [config:]path}
 * @param user   a user name or id
 * @param run    a run id
 * @param action an action, e.g. {@code connection.resolve}
 * @param since  at or after
 * @param until  before
 */
public record AuditFilter(String path, String user, String run, String action, Instant since, Instant until) {
    /** No filter: every record the caller may see. */
    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null, null);
    }
}
