package org.flowvault.platform.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.platform.naming.Names;

/**
 * The code flows an embedding application registers, by name; every project can run them.
 * A project's stored (YAML) flow of the same name takes precedence. Immutable and thread-safe.
 */
public final class CodeFlows {
    private final Map<String, CodeFlow> flows;

    private CodeFlows(Map<String, CodeFlow> flows) {
        this.flows = Collections.unmodifiableMap(new LinkedHashMap<>(flows));
    }

    /** No code flows. */
    public static CodeFlows none() {
        return new CodeFlows(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The code flow {@code name}. */
    public Optional<CodeFlow> find(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    /** The registered names. */
    public List<String> names() {
        return List.copyOf(flows.keySet());
    }

    /**
     * One registered code flow.
     *
     * @param name   how runs name it
     * @param inputs its declared inputs (empty: any inputs, those with secret-looking names sensitive)
     * @param retry  re-queues when the node running it stops (0: fail the run)
     * @param flow   the handler
     */
    public record CodeFlow(String name, List<InputSpec> inputs, int retry, Flow flow) {
        public CodeFlow {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(flow, "flow");
            inputs = List.copyOf(inputs);
            if (retry < 0 || retry > FlowDefinition.MAX_RETRY) {
                throw new IllegalArgumentException("retry must be 0.." + FlowDefinition.MAX_RETRY + ", got " + retry);
            }
        }
    }

    /** Collects code flows; names are unique. */
    public static final class Builder {
        private final Map<String, CodeFlow> flows = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code flow} as {@code name} with no declared inputs and no retry. */
        public Builder register(String name, Flow flow) {
            return register(name, List.of(), 0, flow);
        }

        /** Registers {@code flow} as {@code name}. */
        public Builder register(String name, List<InputSpec> inputs, int retry, Flow flow) {
            Names.problem(Names.Kind.FLOW, name).ifPresent(p -> {
                throw new IllegalArgumentException("code flow '" + name + "': " + p);
            });
            if (flows.putIfAbsent(name, new CodeFlow(name, inputs, retry, flow)) != null) {
                throw new IllegalArgumentException("code flow '" + name + "' is registered twice");
            }
            return this;
        }

        public CodeFlows build() {
            return new CodeFlows(flows);
        }
    }
}
