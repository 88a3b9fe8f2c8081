package org.flowvault.platform.execution;

import java.util.List;
import org.flowvault.platform.resolution.SecretVersion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A connection's inputs ready for its task: the connection value, its Vault secrets and the
 * overrides merged (later wins). {@link #toString()} names the keys only.
 *
 * @param taskType     the connection's task type (e.g. {@code SQL}); a step's {@code task:} may name another
 * @param inputs       the merged inputs
 * @param secretValues every secret value that went into them (registered with the run's masker)
 * @param secretsUsed  the configuration, path and version of every secret read (the run records them; never values)
 * @param leaseIds     the leases of dynamic secrets issued for this run (shown in the run's log)
 */
public record ResolvedInputs(String taskType, Map<String, Object> inputs, Set<String> secretValues, List<SecretVersion> secretsUsed,
                             List<String> leaseIds) {
    public ResolvedInputs {
        Objects.requireNonNull(inputs, "inputs");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        secretValues = Set.copyOf(secretValues);
        secretsUsed = secretsUsed == null ? List.of() : List.copyOf(secretsUsed);
        leaseIds = leaseIds == null ? List.of() : List.copyOf(leaseIds);
    }

    /** Inputs that name no secret versions and no leases (connections without Vault secrets, tests). */
    public ResolvedInputs(String taskType, Map<String, Object> inputs, Set<String> secretValues) {
        this(taskType, inputs, secretValues, List.of(), List.of());
    }

    @Override
    public String toString() {
        return "ResolvedInputs[" + taskType + " " + inputs.keySet() + ", " + secretValues.size() + " secrets]";
    }
}
