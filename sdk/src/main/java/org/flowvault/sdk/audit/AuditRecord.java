package org.flowvault.sdk.audit;

import java.time.Instant;

/**
 * One audited use of a secret, as the server lists it: never a value. Fields that do not apply
 * to the action are null.
 *
 * @param seq    the record's place in the chain (newer is larger); the paging cursor
 * @param action e.g. {@code connection.resolve}, {@code secret.write}, {@code credential.decrypt}
 * @param outcome {@code ok}, {@code denied} or {@code failed}
 * @param field  credential fields, comma-separated
 */
public record AuditRecord(long seq, String id, Instant at, String node, String action, String outcome, String userId,
                          String username, String apiKeyId, String runId, String flowId, String projectId, String config,
                          String namespace, String mount, String path, Long kvVersion, String connectionId, String connection,
                          String entryId, String field, String detail) {
}
