package org.flowvault.sdk.vaultconfig;

import java.util.List;

/**
 * Which projects may use a configuration: every project, or the ones named.
 *
 * @param platform whether every project may
 * @param projects the projects that may, when not {@code platform}
 */
public record Scope(boolean platform, List<String> projects) {
    public Scope {
        projects = List.copyOf(projects);
        if (platform && !projects.isEmpty()) {
            throw new IllegalArgumentException("a platform-wide scope names no project");
        }
        if (!platform && projects.isEmpty()) {
            throw new IllegalArgumentException("a scope names at least one project, or is platform-wide");
        }
    }

    public static Scope platformWide() {
        return new Scope(true, List.of());
    }

    public static Scope projects(List<String> projects) {
        return new Scope(false, projects);
    }

    public static Scope projects(String... projects) {
        return projects(List.of(projects));
    }
}
