package org.flowvault.vault.server.kv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The engine-wide settings of a KV v2 mount ({@code config}).
 *
 * @param maxVersions         versions kept per key; 0 means the default of 10
 * @param casRequired         whether every write must carry {@code options.cas}
 * @param deleteVersionAfter  seconds after which new versions are soft-deleted; 0 unset,
 *                            {@link #DISABLED} switches the feature off for every key
 */
@JsonIgnoreProperties(ignoreUnknown = true) // entries written by later versions stay readable
record KvConfig(
        @JsonProperty("max_versions") long maxVersions,
        @JsonProperty("cas_required") boolean casRequired,
        @JsonProperty("delete_version_after") long deleteVersionAfter) {

    /** Vault stores "disabled" as a duration of minus one second and prints it as "-1s". */
    static final long DISABLED = -1;
    static final KvConfig DEFAULT = new KvConfig(0, false, 0);

    boolean deleteVersionAfterDisabled() {
        return deleteVersionAfter == DISABLED;
    }

    Duration deleteVersionAfterDuration() {
        return Duration.ofSeconds(deleteVersionAfter);
    }
}
