package org.flowvault.sdk.connection;

import java.util.List;
import java.util.Map;

/**
 * A connection resolved as the caller: the inputs a task would receive (values from Vault
 * masked by the server) and where each came from.
 *
 * @param stale   whether Vault was unreachable and cached secrets were served
 * @param inputs  the inputs, secrets masked
 * @param sources where each input came from, by input name
 */
public record Resolution(String connection, String type, boolean stale, Map<String, Object> inputs, Map<String, Source> sources) {
    public Resolution {
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
    }

    /**
     * Where one input came from.
     *
     * @param kind    {@code value}, {@code vault}, {@code reference} or {@code override}
     * @param origins the Vault secrets it was read from
     */
    public record Source(String kind, List<Origin> origins) {
        public Source {
            origins = List.copyOf(origins);
        }
    }

    /** A Vault secret an input was read from. */
    public record Origin(String config, String path) {
    }
}
