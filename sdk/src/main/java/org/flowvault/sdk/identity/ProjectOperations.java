package org.flowvault.sdk.identity;

import java.util.List;

/** Projects and their members ({@code /api/v1/projects}); creating and membership are for admins. Thread-safe. */
public interface ProjectOperations {
    /** The projects the caller may use. */
    List<Project> list();

    Project create(String name);

    void delete(String name);

    List<User> members(String project);

    void addMember(String project, String username);

    void removeMember(String project, String username);
}
