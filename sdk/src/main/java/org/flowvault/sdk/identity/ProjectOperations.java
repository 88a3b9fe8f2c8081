package org.flowvault.sdk.identity;

import java.util.List;

/** Projects and their members ({@code /api/v1/projects}); creating and membership are for admins. Thread-safe. */
public interface ProjectOperations {
    /** The projects the caller may use. */
    List<Project> list();

    Project create(String name);

    /**
     * Creates a project whose runs' tasks may connect only where both the operator's egress
     * allow-list and {@code taskEgress} allow (null: no narrowing; admins).
     */
    Project create(String name, List<String> taskEgress);

    /** Sets the project's own task egress list (null: no narrowing; admins); runs that start afterwards use it. */
    Project setTaskEgress(String project, List<String> taskEgress);

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
