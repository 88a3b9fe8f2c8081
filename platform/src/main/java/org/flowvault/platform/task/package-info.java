/**
 * Task types: the steps of a flow. A {@link org.flowvault.platform.task.Task} receives the
 * resolved inputs of a connection (value, Vault secrets, overrides) and a
 * {@link org.flowvault.platform.task.TaskContext} (masked step log, deadline and cancellation,
 * cookie jar, Vault access), and returns a {@link org.flowvault.platform.task.TaskResult}. The
 * {@link org.flowvault.platform.task.TaskRegistry} maps type names (SQL, HTTP, GIT, VAULT and
 * aliases such as SQLORACLE) to tasks. Each type lives in its own subpackage.
 */
package org.flowvault.platform.task;
