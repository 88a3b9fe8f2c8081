package org.flowvault.platform.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.platform.StandardTasks;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.masking.Masker;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    @Test
    void unknownTypeIsInvalidAndListsTheKnownTypes() {
        TaskRegistry registry = StandardTasks.registry(null);
        assertThatThrownBy(() -> registry.get("FTP"))
                .isInstanceOf(TaskException.class)
                .hasMessage("unknown task type \"FTP\"; known types: GIT, HTTP, SQL, SQLORACLE, VAULT")
                .extracting(e -> ((PlatformException) e).reason()).isEqualTo(PlatformException.Reason.INVALID);
    }

    @Test
    void typesAreFoundCaseInsensitively() {
        TaskRegistry registry = StandardTasks.registry(null);
        assertThat(registry.get("sql").type()).isEqualTo("SQL");
        assertThat(registry.get(" Vault ").type()).isEqualTo("VAULT");
    }

    @Test
    void aliasAppliesPresetsUnderTheStepsInputs() {
        Map<String, Object> seen = new LinkedHashMap<>();
        Task echo = new Task() {
            @Override
            public String type() {
                return "ECHO";
            }

            @Override
            public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
                seen.putAll(inputs);
                return TaskResult.of(Map.of());
            }
        };
        TaskRegistry registry = TaskRegistry.builder().add(echo).alias("ECHOX", "ECHO", Map.of("dialect", "x", "port", 1)).build();
        registry.get("ECHOX").execute(Map.of("port", 2, "host", "h"), TaskContext.builder(new Masker()).build());
        assertThat(seen).containsEntry("dialect", "x").containsEntry("port", 2).containsEntry("host", "h");
    }

    @Test
    void registeringATypeTwiceFails() {
        assertThatThrownBy(() -> TaskRegistry.builder().add(new org.flowvault.platform.task.http.HttpTask())
                .add(new org.flowvault.platform.task.http.HttpTask()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP is registered twice");
    }

    @Test
    void sensitiveOutputsMustBeOutputs() {
        assertThatThrownBy(() -> new TaskResult(Map.of("a", 1), java.util.Set.of("b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"b\"");
        assertThat(new TaskResult(Map.of("data", "x"), java.util.Set.of("data")).toString()).doesNotContain("x]").contains("data");
    }
}
