package org.flowvault.sdk.flow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run of a flow as the server shows it: secret values in inputs, outputs, message and error
 * are masked by the engine before they reach the API.
 *
 * @param runAs            the user the run runs as
 * @param sensitiveOutputs the names of outputs marked sensitive (masked; see {@link RunHandle#reveal()})
 * @param form             the form to answer while the run waits for input, else null
 * @param secretsUsed      the configuration, path and KV version of every Vault secret the run resolved
 *                         (never a value); empty in lists, which do not carry it
 */
public record Run(String id, String flow, int flowVersion, String runAs, RunStatus status, Map<String, Object> inputs,
                  Map<String, Object> outputs, List<String> sensitiveOutputs, String message, String error, Form form,
                  String currentStep, int attempt, int maxAttempts, String claimedBy, Instant createdAt, Instant startedAt,
                  Instant finishedAt, List<SecretUsed> secretsUsed) {

    /** One secret a run read: configuration, path as written, KV version (0 on KV v1). */
    public record SecretUsed(String config, String path, long version) {
    }

    public Run {
        secretsUsed = secretsUsed == null ? List.of() : List.copyOf(secretsUsed);
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        sensitiveOutputs = List.copyOf(sensitiveOutputs);
    }
}
