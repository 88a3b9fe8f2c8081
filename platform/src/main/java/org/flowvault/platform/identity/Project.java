package org.flowvault.platform.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A project: the unit of scope for connections, flows and vault configurations.
 *
 * @param id        stable id
 * @param name      unique name
 * @param createdAt when the project was created
 */
public record Project(UUID id, String name, Instant createdAt) {
}
