package org.flowvault.platform.identity;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is asking: the authenticated platform user on whose behalf an operation runs (an API
 * call, or a flow run started by that user). Every service method that reads or changes
 * project-scoped data takes a caller and checks it; nothing trusts a user id from the request.
 *
 * @param userId   the user's id
 * @param username the user's login name (for messages and audit, never a secret)
 * @param role     admin or member
 */
public record Caller(UUID userId, String username, Role role) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /**
     * Refuses non-admins.
     *
     * @param action what the caller tried, e.g. "create vault configurations"
     * @throws org.flowvault.platform.error.PlatformException FORBIDDEN naming the action
     */
    public void requireAdmin(String action) {
        if (!isAdmin()) {
            throw org.flowvault.platform.error.PlatformException.forbidden("only admins may " + action + "; user '" + username
                    + "' is a member: ask an admin");
        }
    }
}
