package org.flowvault.platform.audit;

/**
 * A stored audit record and its place in the chain.
 *
 * @param seq    its sequence number: the chain's order, and the paging cursor
 * @param record what was recorded
 */
public record AuditEntry(long seq, AuditRecord record) {
}
