package org.flowvault.vault.server.core;

import java.util.Set;

/** A live mount: its (tunable) entry and its backend, with the backend's path sets compiled. */
final class Mounted {
    volatile MountEntry entry;
    final Backend backend;
    final org.flowvault.vault.server.storage.Storage storage;
    private final PathSet unauthenticated;
    private final PathSet sudo;

    Mounted(MountEntry entry, Backend backend, org.flowvault.vault.server.storage.Storage storage) {
        this.entry = entry;
        this.backend = backend;
        this.storage = storage;
        this.unauthenticated = new PathSet(backend.unauthenticatedPaths());
        this.sudo = new PathSet(backend.sudoPaths());
    }

    boolean unauthenticated(String relPath) {
        return unauthenticated.matches(relPath);
    }

    boolean sudo(String relPath) {
        return sudo.matches(relPath);
    }

    /** Exact paths and '*'-suffixed prefixes, as in Vault's PathsSpecial. */
    private record PathSet(Set<String> exact, Set<String> prefixes) {
        PathSet(Set<String> patterns) {
            this(patterns.stream().filter(p -> !p.endsWith("*")).collect(java.util.stream.Collectors.toUnmodifiableSet()),
                    patterns.stream().filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1))
                            .collect(java.util.stream.Collectors.toUnmodifiableSet()));
        }

        boolean matches(String path) {
            if (exact.contains(path)) {
                return true;
            }
            for (String p : prefixes) {
                if (path.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }
}
