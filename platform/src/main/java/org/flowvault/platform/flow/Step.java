package org.flowvault.platform.flow;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a defined flow. Every step has an id (unique in the flow; later steps read its
 * outputs as {@code steps.ID.outputs}), an optional {@code if:} condition (the step is skipped when
 * it is false) and the line it starts on.
 */
public sealed interface Step permits Step.TaskStep, Step.MessageStep, Step.WriteSecretStep {

    String id();

    /** The condition, or null for "always". */
    FlowTemplate condition();

    int line();

    /**
     * Runs a task: with a connection, the connection's resolved inputs (value, Vault secrets)
     * with {@code inputs} as overrides; without one, {@code inputs} alone.
     *
     * @param task       the task type (null: the connection's own type)
     * @param connection the connection name, or null
     * @param inputs     a tree whose string leaves may be {@link FlowTemplate}s
     */
    record TaskStep(String id, FlowTemplate condition, String task, String connection, Map<String, Object> inputs, int line) implements Step {
        public TaskStep {
            Objects.requireNonNull(id, "id");
            inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        }
    }

    /** Pauses the run until a person submits {@code form}; the submitted values are the step's outputs. */
    record MessageStep(String id, FlowTemplate condition, Form form, int line) implements Step {
        public MessageStep {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(form, "form");
        }
    }

    /**
     * Writes a secret to Vault with the run's identity ({@code vaultConfig(name).writeSecret(path, data)}).
     *
     * @param vaultConfig the configuration name, or null for the project's default
     * @param path        the secret's path
     * @param data        a tree whose string leaves may be {@link FlowTemplate}s
     */
    record WriteSecretStep(String id, FlowTemplate condition, String vaultConfig, FlowTemplate path, Map<String, Object> data, int line)
            implements Step {
        public WriteSecretStep {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(path, "path");
            data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        }
    }
}
