package org.flowvault.platform.flow;

import java.time.Instant;
import java.util.UUID;

/**
 * One immutable version of a project's flow.
 *
 * @param id         the flow's id (the same for all its versions)
 * @param projectId  the project
 * @param name       the flow's name
 * @param version    1, 2, ...
 * @param source     the document as applied
 * @param definition the parsed document
 * @param createdBy  the user who applied this version (null when unknown)
 * @param createdAt  when it was applied
 */
public record StoredFlow(UUID id, UUID projectId, String name, int version, String source, FlowDefinition definition,
                         UUID createdBy, Instant createdAt) {

    @Override
    public String toString() {
        return "StoredFlow[" + name + " v" + version + "]";
    }
}
