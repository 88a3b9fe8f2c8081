package org.flowvault.platform.identity;

import java.util.UUID;

/**
 * Answers whether a caller may see and use a project's resources (connections, runs, and the
 * vault configurations scoped to it). Admins may use every project; members only their own.
 */
public interface ProjectMembership {

    /** True when {@code caller} is an admin or a member of {@code projectId}. */
    boolean canUse(Caller caller, UUID projectId);

    /**
     * The id of the project named {@code name} if {@code caller} may use it.
     *
     * @throws org.flowvault.platform.PlatformException NOT_FOUND naming the project when it does not
     *         exist or the caller may not use it (the two are not told apart, so names do not leak)
     */
    UUID requireUsable(Caller caller, String name);
}
