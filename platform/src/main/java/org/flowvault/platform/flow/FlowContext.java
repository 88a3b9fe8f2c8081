package org.flowvault.platform.flow;

import java.util.Map;

/**
 * What a code {@link Flow} can do during a run; every call acts as the user who started the run,
 * within the run's project. Implemented by the engine; calls are recorded so a paused or retried
 * run replays them (see {@link Flow}). Not thread-safe: call it from the handler's thread.
 */
public interface FlowContext {

    /** The run's inputs (sensitive ones included, unmasked: the handler may use them). */
    Map<String, Object> inputs();

    /** {@link #connect(String, Map)} without overrides. */
    Map<String, Object> connect(String connection);

    /**
     * Runs the task of connection {@code connection} with its resolved inputs: the connection's
     * value, then its Vault secrets, then {@code overrides} (later ones win).
     *
     * @return the task's outputs (sensitive ones included; they are masked wherever the run shows them)
     * @throws org.flowvault.platform.error.PlatformException when the connection is unknown, resolution fails
     *         or the task fails (masked message)
     */
    Map<String, Object> connect(String connection, Map<String, Object> overrides);

    /** Runs task type {@code type} with {@code inputs} and no connection. */
    Map<String, Object> task(String type, Map<String, Object> inputs);

    /** The vault configuration {@code name} (null: the project's default), used with the run's identity. */
    RunVault vaultConfig(String name);

    /**
     * Pauses the run until a person submits {@code form} (status {@code waiting_for_input}), then
     * returns the submitted values. Secret fields are masked wherever the run shows them.
     */
    Map<String, Object> message(Form form);

    /** Writes a line to the run's log, masked. */
    void log(String line);

    /** The successful end of the run. */
    Flow.Result success(String message);

    /** The successful end of the run, with outputs. */
    Flow.Result success(String message, Map<String, Object> outputs);

    /** The failed end of the run. */
    Flow.Result failure(String message);

    /** A vault configuration as a code flow sees it. */
    interface RunVault {
        /**
         * Writes {@code data} as the secret at {@code path} with the run's identity (the user's own
         * token, or the configuration's machine identity). The values are registered as secrets of
         * the run, so they are masked in its logs and outputs.
         */
        void writeSecret(String path, Map<String, Object> data);
    }
}
