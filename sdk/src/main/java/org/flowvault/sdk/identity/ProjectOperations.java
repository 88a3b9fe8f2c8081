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

    /**
     * Grants or withdraws a member's {@code credentials:decrypt} permission in {@code project}
     * (reading credential entries decrypted by the server, TOTP codes); admins hold it always.
     */
    void allowCredentialDecryption(String project, String username, boolean allowed);
}
