package org.flowvault.platform.identity;

import java.util.List;
import java.util.Optional;
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
     * @throws org.flowvault.platform.error.PlatformException NOT_FOUND naming the project when it does not
     *         exist or the caller may not use it (the two are not told apart, so names do not leak)
     */
    UUID requireUsable(Caller caller, String name);

    /**
     * The project's own task egress entries, which narrow the operator's allow-list for its runs;
     * empty when the project does not narrow it (or does not exist).
     */
    default Optional<List<String>> taskEgress(UUID projectId) {
        return Optional.empty();
    }
}
