/**
 * The execution engine: runs of flows, executed as the user who started them.
 *
 * <p><b>Life of a run.</b> {@link org.flowvault.platform.execution.RunEngine#start} records the
 * run QUEUED (or FAILED at once, naming every missing or invalid input). A node's dispatcher claims
 * queued runs with {@code SELECT ... FOR UPDATE SKIP LOCKED} (H2 2.4 supports it too; see
 * {@code db.RowLocks}) and executes each on its own virtual thread, holding it RUNNING under a
 * lease that a heartbeat renews. Local starts wake the dispatcher at once; runs started on other
 * nodes wake it through PostgreSQL {@code LISTEN/NOTIFY}, with polling as the fallback. A run ends
 * SUCCEEDED, FAILED or CANCELLED, or pauses WAITING_FOR_INPUT (no thread, no lease) until
 * {@link org.flowvault.platform.execution.RunEngine#submitInput} re-queues it.
 *
 * <p><b>Journal and replay.</b> Every completed step (task, secret write, answered form) is
 * recorded in {@code run_steps}. When a run is claimed again — resumed after a form, or retried
 * after its node stopped — its flow runs from the start and recorded steps return their recorded
 * results instead of running again; execution continues after the last completed step. A step that
 * was in progress when a node stopped runs again (at-least-once for that step). Code flows replay
 * the same way and must therefore make the same context calls in the same order (see
 * {@link org.flowvault.platform.flow.Flow}).
 *
 * <p><b>Dead nodes.</b> Every node's heartbeat also looks for RUNNING runs whose lease expired:
 * such a run is FAILED with "node X stopped while running step S", or re-queued when its flow has
 * {@code retry: N} attempts left. Every write of an executing node is fenced on
 * {@code claimed_by}, so a node that was presumed dead cannot overwrite a run taken over by another.
 *
 * <p><b>Secrets.</b> Each run has a {@link org.flowvault.platform.masking.Masker} that knows its
 * sensitive inputs, every secret value its connections resolved, the values of outputs tasks mark
 * sensitive, secret form answers and secrets written to Vault. Log lines, outputs, messages and
 * errors pass through it before they are stored. Sensitive inputs, secret step outputs and secret
 * form answers are stored only sealed by the {@link org.flowvault.platform.execution.Sealer}
 * (AES-256-GCM bound to the run), so any node can resume any run; nothing secret is stored in plain
 * text.
 *
 * <p><b>Seams.</b> {@link org.flowvault.platform.execution.ConnectionResolver} (connection
 * resolution), {@link org.flowvault.platform.execution.SecretWrites} (writing secrets),
 * {@link org.flowvault.platform.execution.Sealer} (sealing) are adapted by the platform to its
 * resolver, secret writer and secret box.
 */
package org.flowvault.platform.execution;
