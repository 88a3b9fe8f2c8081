package org.flowvault.platform.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a step produced: JSON-friendly outputs (maps, lists, strings, numbers, booleans, null)
 * and the names of the outputs that are sensitive (secret data read from Vault, for example), so
 * the engine can keep them out of stored execution records or mask them. {@link #toString()}
 * shows the output names only.
 *
 * @param outputs   output name to value, in a stable order; unmodifiable
 * @param sensitive names of sensitive outputs, a subset of the keys of {@code outputs}
 */
public record TaskResult(Map<String, Object> outputs, Set<String> sensitive) {

    public TaskResult {
        Objects.requireNonNull(outputs, "outputs");
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        sensitive = Set.copyOf(sensitive);
        for (String s : sensitive) {
            if (!outputs.containsKey(s)) {
                throw new IllegalArgumentException("sensitive output \"" + s + "\" is not among the outputs " + outputs.keySet());
            }
        }
    }

    /** Outputs none of which is sensitive. */
    public static TaskResult of(Map<String, Object> outputs) {
        return new TaskResult(outputs, Set.of());
    }

    /** Whether output {@code name} is sensitive. */
    public boolean isSensitive(String name) {
        return sensitive.contains(name);
    }

    @Override
    public String toString() {
        return "TaskResult" + outputs.keySet() + (sensitive.isEmpty() ? "" : " sensitive=" + sensitive);
    }
}
