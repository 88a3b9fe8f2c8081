package org.flowvault.platform.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The task types a run may use, by name (case-insensitive), with aliases that preset inputs: for
 * example {@code SQLORACLE} is {@code SQL} with {@code dialect: oracle}. Immutable and
 * thread-safe; build it with {@link #builder()} (the platform's built-in types:
 * {@code org.flowvault.platform.StandardTasks}).
 */
public final class TaskRegistry {
    private final Map<String, Task> tasks;

    private TaskRegistry(Map<String, Task> tasks) {
        this.tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The task of type {@code type}.
     *
     * @throws TaskException INPUT naming the known types when there is none
     */
    public Task get(String type) {
        Task t = type == null ? null : tasks.get(type.strip().toUpperCase(Locale.ROOT));
        if (t == null) {
            throw TaskException.input("unknown task type \"" + type + "\"; known types: " + String.join(", ", types()));
        }
        return t;
    }

    /** The known type names (aliases included), sorted. */
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(tasks.keySet()));
    }

    @Override
    public String toString() {
        return "TaskRegistry" + types();
    }

    /** Collects tasks and aliases; names must be unique. */
    public static final class Builder {
        private final Map<String, Task> tasks = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds {@code task} under its {@link Task#type()}. */
        public Builder add(Task task) {
            return put(task.type(), task);
        }

        /**
         * Adds {@code alias}: the task registered as {@code type}, with {@code presets} applied
         * under the step's inputs (an input given by the step wins over a preset).
         *
         * @throws IllegalArgumentException when {@code type} is not registered yet
         */
        public Builder alias(String alias, String type, Map<String, Object> presets) {
            Task target = tasks.get(type.toUpperCase(Locale.ROOT));
            if (target == null) {
                throw new IllegalArgumentException("alias " + alias + " refers to unknown type " + type + "; add it first");
            }
            Map<String, Object> defaults = Map.copyOf(presets);
            String name = alias.toUpperCase(Locale.ROOT);
            return put(name, new Task() {
                @Override
                public String type() {
                    return name;
                }

                @Override
                public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
                    Map<String, Object> merged = new LinkedHashMap<>(defaults);
                    if (inputs != null) {
                        inputs.forEach((k, v) -> {
                            if (v != null) {
                                merged.put(k, v);
                            }
                        });
                    }
                    return target.execute(merged, context);
                }
            });
        }

        private Builder put(String name, Task task) {
            Objects.requireNonNull(task, "task");
            String key = name.toUpperCase(Locale.ROOT);
            if (tasks.putIfAbsent(key, task) != null) {
                throw new IllegalArgumentException("task type " + key + " is registered twice");
            }
            return this;
        }

        public TaskRegistry build() {
            return new TaskRegistry(tasks);
        }
    }
}
