package org.flowvault.server.web;

import java.util.List;
import org.flowvault.platform.identity.Caller;

/**
 * Who is looking at a page: what the layout's header shows (user, role, the projects they may
 * switch between, the current one) and the CSRF token every form and script sends back.
 *
 * @param project the current project's name, or null on pages outside a project
 */
public record Viewer(Caller caller, List<String> projects, String project, String csrf) {
    public Viewer {
        projects = List.copyOf(projects);
    }

    public String username() {
        return caller.username();
    }

    public boolean admin() {
        return caller.isAdmin();
    }

    public String role() {
        return caller.isAdmin() ? "admin" : "member";
    }

    /** The same viewer inside {@code projectName}. */
    public Viewer in(String projectName) {
        return new Viewer(caller, projects, projectName, csrf);
    }
}
