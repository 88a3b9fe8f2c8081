package org.flowvault.sdk.flow;

import java.time.Instant;
import java.util.List;

/**
 * One version of a flow.
 *
 * @param steps  how many steps it has
 * @param source the YAML document, or null where the server lists flows without it
 */
public record Flow(String id, String name, int version, String description, List<FlowInput> inputs, int steps, Instant createdAt,
                   String source) {
    public Flow {
        inputs = List.copyOf(inputs);
    }
}
