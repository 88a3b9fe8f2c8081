package org.flowvault.vault.server.core;

/** Creates the backend of one mount; registered per engine type with the core. */
@FunctionalInterface
public interface BackendFactory {
    Backend create(MountContext context);
}
