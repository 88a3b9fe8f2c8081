package org.flowvault.sdk.identity;

import java.time.Instant;
import java.util.List;

/**
 * A project: the scope of connections, flows, runs and credential entries. {@code taskEgress}: its
 * own egress entries, which narrow the operator's allow-list for its runs; null when it has none.
 */
public record Project(String id, String name, Instant createdAt, List<String> taskEgress) {
}
