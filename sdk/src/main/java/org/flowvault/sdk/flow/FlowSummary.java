package org.flowvault.sdk.flow;

import java.time.Instant;

/** A flow as listed: its name and latest version. */
public record FlowSummary(String id, String name, int latestVersion, Instant updatedAt) {
}
