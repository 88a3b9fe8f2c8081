package org.flowvault.sdk.identity;

import java.time.Instant;

/** A platform user. */
public record User(String id, String username, Role role, Instant createdAt) {
}
