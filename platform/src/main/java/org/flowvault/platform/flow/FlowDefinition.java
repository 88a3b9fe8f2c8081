package org.flowvault.platform.flow;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A flow written as a YAML document (see {@code docs/flows.md} and the package documentation):
 * declared inputs, steps run in order, outputs computed at the end, and the retry policy for runs
 * whose node stopped. Immutable; parse one with {@link #parse(String, Set)}.
 *
 * @param name        unique within a project
 * @param description for people (may be null)
 * @param inputs      the declared inputs
 * @param steps       the steps, in order
 * @param outputs     output name to a tree whose string leaves may be {@link FlowTemplate}s
 * @param retry       how many times a run is re-queued when the node running it stops (0: fail it)
 */
public record FlowDefinition(String name, String description, List<InputSpec> inputs, List<Step> steps,
                             Map<String, Object> outputs, int retry) {

    /** The most re-queues a flow may ask for. */
    public static final int MAX_RETRY = 10;

    public FlowDefinition {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        steps = List.copyOf(steps);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    /**
     * Parses and validates a flow document.
     *
     * @param yaml           the document
     * @param knownTaskTypes the task types steps may use (upper case), or null to skip that check
     * @throws FlowDefinitionException listing every problem with its line and column
     */
    public static FlowDefinition parse(String yaml, Set<String> knownTaskTypes) {
        return new FlowParser(yaml, knownTaskTypes).parse();
    }

    /** The declared input {@code name}. */
    public Optional<InputSpec> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The connection names the steps use. */
    public Set<String> connections() {
        return Set.copyOf(steps.stream().filter(s -> s instanceof Step.TaskStep t && t.connection() != null)
                .map(s -> ((Step.TaskStep) s).connection()).toList());
    }
}
