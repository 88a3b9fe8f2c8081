package org.flowvault.platform;

import java.nio.file.Path;
import java.util.Map;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.task.git.GitTask;
import org.flowvault.platform.task.http.HttpTask;
import org.flowvault.platform.task.sql.SqlTask;
import org.flowvault.platform.task.vault.VaultTask;

/**
 * The built-in task types a platform offers. Assembly, like {@link Platform}: it names the task
 * packages, which themselves know only the {@code task} package, so it sits above them all.
 */
public final class StandardTasks {
    private StandardTasks() {
    }

    /**
     * The built-in types: SQL (with the JDBC driver jars of {@code sqlPluginDirectory}, which may be
     * null), HTTP, GIT, VAULT, and the alias SQLORACLE (SQL with {@code dialect: oracle}; its driver
     * jar goes in the plugins directory).
     */
    public static TaskRegistry registry(Path sqlPluginDirectory) {
        return registryWith(new SqlTask(sqlPluginDirectory));
    }

    /** The built-in types as {@link #registry(Path)}, with {@code sql} as configured by the operator. */
    public static TaskRegistry registryWith(SqlTask sql) {
        return TaskRegistry.builder()
                .add(sql)
                .add(new HttpTask())
                .add(new GitTask())
                .add(new VaultTask())
                .alias("SQLORACLE", "SQL", Map.of("dialect", "oracle"))
                .build();
    }
}
