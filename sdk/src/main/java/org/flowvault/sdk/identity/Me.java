package org.flowvault.sdk.identity;

import java.util.List;

/** The caller: who they are and the projects they may use. */
public record Me(String id, String username, Role role, List<Project> projects) {
    public Me {
        projects = List.copyOf(projects);
    }
}
