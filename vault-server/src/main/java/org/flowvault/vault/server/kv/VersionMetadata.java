package org.flowvault.vault.server.kv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What the engine remembers of one version besides its data.
 *
 * @param createdTime   RFC 3339 creation time as printed to clients
 * @param deletionTime  RFC 3339 soft-deletion time, "" when none; a time in the future (set by
 *                      {@code delete_version_after}) means the version is still readable until then
 * @param destroyed     whether the data was removed for good
 */
@JsonIgnoreProperties(ignoreUnknown = true) // entries written by later versions stay readable
record VersionMetadata(
        @JsonProperty("created_time") String createdTime,
        @JsonProperty("deletion_time") String deletionTime,
        @JsonProperty("destroyed") boolean destroyed) {

    VersionMetadata {
        createdTime = createdTime == null ? "" : createdTime;
        deletionTime = deletionTime == null ? "" : deletionTime;
    }

    /** Deleted as Vault sees it: a deletion time strictly before {@code now}. */
    boolean deletedAt(Instant now) {
        return !deletionTime.isEmpty() && Timestamps.parse(deletionTime).isBefore(now);
    }

    /** Neither deleted nor destroyed at {@code now}: its data may be served. */
    boolean readableAt(Instant now) {
        return !destroyed && !deletedAt(now);
    }

    VersionMetadata withDeletionTime(String time) {
        return new VersionMetadata(createdTime, time, destroyed);
    }

    VersionMetadata asDestroyed() {
        return new VersionMetadata(createdTime, deletionTime, true);
    }
}
