package org.flowvault.sdk.identity;

import java.time.Instant;

/** A project: the scope of connections, flows, runs and credential entries. */
public record Project(String id, String name, Instant createdAt) {
}
