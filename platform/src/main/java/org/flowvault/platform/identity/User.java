package org.flowvault.platform.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A platform user as the API shows it (never the password hash).
 *
 * @param id        stable id
 * @param username  unique login name
 * @param role      admin or member
 * @param createdAt when the user was created
 */
public record User(UUID id, String username, Role role, Instant createdAt) {

    /** The caller this user acts as. */
    public Caller asCaller() {
        return new Caller(id, username, role);
    }
}
