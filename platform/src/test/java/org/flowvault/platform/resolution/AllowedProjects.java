package org.flowvault.platform.resolution;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;

/** A test {@link ProjectMembership}: admins use every project, members those they were added to. */
public final class AllowedProjects implements ProjectMembership {
    private final Set<String> members = ConcurrentHashMap.newKeySet();

    public AllowedProjects allow(Caller caller, UUID projectId) {
        members.add(caller.userId() + "/" + projectId);
        return this;
    }

    @Override
    public boolean canUse(Caller caller, UUID projectId) {
        return caller.isAdmin() || members.contains(caller.userId() + "/" + projectId);
    }

    @Override
    public UUID requireUsable(Caller caller, String name) {
        throw PlatformException.notFound("project \"" + name + "\" not found");
    }
}
