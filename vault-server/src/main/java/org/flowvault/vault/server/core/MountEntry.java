package org.flowvault.vault.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One entry of a mount table (secrets engines under {@code sys/mounts}, auth methods under
 * {@code sys/auth}). Persisted as JSON; replaced as a whole when tuned.
 *
 * @param path     mount path with a trailing slash, without the "auth/" prefix for auth methods
 * @param table    {@code "mounts"} or {@code "auth"}
 * @param options  engine options; for kv, {@code version} is kept as the string "1" or "2"
 */
public record MountEntry(
        @JsonProperty("path") String path,
        @JsonProperty("table") String table,
        @JsonProperty("type") String type,
        @JsonProperty("description") String description,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("accessor") String accessor,
        @JsonProperty("default_lease_ttl") long defaultLeaseTtl,
        @JsonProperty("max_lease_ttl") long maxLeaseTtl,
        @JsonProperty("listing_visibility") String listingVisibility,
        @JsonProperty("options") Map<String, String> options,
        @JsonProperty("local") boolean local,
        @JsonProperty("seal_wrap") boolean sealWrap,
        @JsonProperty("tuning") MountTuning tuning) {

    public static final String SECRETS = "mounts";
    public static final String AUTH = "auth";

    /** An entry with nothing tuned beyond the given fields. */
    public MountEntry(String path, String table, String type, String description, String uuid, String accessor,
                      long defaultLeaseTtl, long maxLeaseTtl, String listingVisibility, Map<String, String> options,
                      boolean local, boolean sealWrap) {
        this(path, table, type, description, uuid, accessor, defaultLeaseTtl, maxLeaseTtl, listingVisibility, options,
                local, sealWrap, MountTuning.NONE);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public MountEntry {
        tuning = tuning == null ? MountTuning.NONE : tuning;
        options = options == null ? Map.of() : Map.copyOf(options);
        description = description == null ? "" : description;
        listingVisibility = listingVisibility == null ? "" : listingVisibility;
    }

    /** The path the router uses: "secret/" or "auth/userpass/". */
    public String routerPath() {
        return AUTH.equals(table) ? "auth/" + path : path;
    }

    /** Storage prefix of the mount's private data inside its namespace. */
    public String storagePrefix() {
        return (AUTH.equals(table) ? "auth/" : "logical/") + uuid + "/";
    }

    public MountEntry withTtls(long defaultTtl, long maxTtl) {
        return new MountEntry(path, table, type, description, uuid, accessor, defaultTtl, maxTtl, listingVisibility, options, local, sealWrap, tuning);
    }

    public MountEntry withOptions(Map<String, String> newOptions) {
        return new MountEntry(path, table, type, description, uuid, accessor, defaultLeaseTtl, maxLeaseTtl, listingVisibility, newOptions, local, sealWrap, tuning);
    }

    public MountEntry withDescription(String newDescription) {
        return new MountEntry(path, table, type, newDescription, uuid, accessor, defaultLeaseTtl, maxLeaseTtl, listingVisibility, options, local, sealWrap, tuning);
    }

    public MountEntry withListingVisibility(String visibility) {
        return new MountEntry(path, table, type, description, uuid, accessor, defaultLeaseTtl, maxLeaseTtl, visibility, options, local, sealWrap, tuning);
    }

    public MountEntry withTuning(MountTuning newTuning) {
        return new MountEntry(path, table, type, description, uuid, accessor, defaultLeaseTtl, maxLeaseTtl, listingVisibility, options, local, sealWrap, newTuning);
    }

    public MountEntry withPath(String newPath) {
        return new MountEntry(newPath, table, type, description, uuid, accessor, defaultLeaseTtl, maxLeaseTtl, listingVisibility, options, local, sealWrap, tuning);
    }
}
