package org.flowvault.platform.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A project: the unit of scope for connections, flows and vault configurations.
 *
 * @param id         stable id
 * @param name       unique name
 * @param createdAt  when the project was created
 * @param taskEgress the project's own task egress entries, which narrow the operator's allow-list
 *                   for its runs ({@link org.flowvault.platform.task.Egress#narrowedTo}); null when
 *                   the project does not narrow it
 */
public record Project(UUID id, String name, Instant createdAt, List<String> taskEgress) {
    public Project {
        taskEgress = taskEgress == null ? null : List.copyOf(taskEgress);
    }
}
