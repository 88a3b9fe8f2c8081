package org.flowvault.platform.task;

import java.util.Map;

/**
 * One type of flow step (SQL, HTTP, GIT, VAULT...). Implementations are stateless and
 * thread-safe: one instance serves every run.
 */
public interface Task {

    /** The type name users write, upper case (e.g. {@code "SQL"}). */
    String type();

    /**
     * Runs the step.
     *
     * @param inputs  the resolved inputs (connection value + Vault secrets + overrides); not modified
     * @param context the run's masked logger, deadline, cookie jar and Vault access
     * @return the outputs, with the names of those that are sensitive
     * @throws TaskException with {@link TaskException.Kind#INPUT} when an input is missing or
     *         malformed (the message names the input and the fix, never a secret value);
     *         REMOTE, TIMEOUT or CANCELLED otherwise. Messages are already masked.
     */
    TaskResult execute(Map<String, Object> inputs, TaskContext context);
}
