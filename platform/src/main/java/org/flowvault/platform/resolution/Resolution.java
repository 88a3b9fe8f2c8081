package org.flowvault.platform.resolution;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The inputs a task receives from a connection (DESIGN §4), with their provenance.
 *
 * @param connectionId the connection's id
 * @param connection   the connection's name
 * @param type         the connection's task type
 * @param inputs       the merged inputs, unmodifiable: value keys first, in the order written, then
 *                     keys that only the attached secrets or overrides add
 * @param sources      for every key of {@code inputs}, where its value came from
 * @param secretValues every string (and number, as text) read from Vault for this resolution: the
 *                     execution registers them with the masker
 * @param stale        true when a secret was served from an expired cache entry because Vault was
 *                     unreachable (only for configurations that allow it)
 * @param secretsUsed  the configuration, path and version of every distinct secret read, in reading order (no values)
 */
public record Resolution(UUID connectionId, String connection, String type, Map<String, Object> inputs,
                         Map<String, Source> sources, Set<String> secretValues, boolean stale,
                         List<SecretVersion> secretsUsed) {

    public Resolution {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(secretValues, "secretValues");
        secretsUsed = List.copyOf(secretsUsed);
    }

    /** Never prints values: they are secrets. */
    @Override
    public String toString() {
        return "Resolution[" + connection + ", keys=" + inputs.keySet() + (stale ? ", stale" : "") + "]";
    }
}
