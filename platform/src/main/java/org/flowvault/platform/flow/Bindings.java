package org.flowvault.platform.flow;

import java.util.Map;
import java.util.Objects;

/**
 * What an expression can see: the run's inputs ({@code inputs.NAME}) and the steps that ran
 * before ({@code steps.ID.outputs.NAME}, {@code steps.ID.status}). Values are JSON-like: maps,
 * lists, strings, numbers, booleans and null.
 *
 * @param inputs the run's inputs by name
 * @param steps  step id to a map with {@code outputs} (a map) and {@code status}
 *               ({@code "succeeded"} or {@code "skipped"})
 */
public record Bindings(Map<String, Object> inputs, Map<String, Object> steps) {
    public Bindings {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(steps, "steps");
    }

    /** No inputs, no steps. */
    public static Bindings empty() {
        return new Bindings(Map.of(), Map.of());
    }
}
