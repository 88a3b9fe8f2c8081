package org.flowvault.vault.client.sys;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.vault.client.internal.Json;

/**
 * A mount's tunable settings. Read from Vault, every setting is present; built to tune, only the
 * settings made are sent and the others stay as they are. Immutable.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#tune-mount-configuration">Tune mount configuration</a>
 */
public final class MountTune {
    private final Duration defaultLeaseTtl;
    private final Duration maxLeaseTtl;
    private final String description;
    private final String listingVisibility;
    private final Map<String, String> options;

    private MountTune(Duration defaultLeaseTtl, Duration maxLeaseTtl, String description, String listingVisibility, Map<String, String> options) {
        this.defaultLeaseTtl = defaultLeaseTtl;
        this.maxLeaseTtl = maxLeaseTtl;
        this.description = description;
        this.listingVisibility = listingVisibility;
        this.options = options == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static Builder builder() {
        return new Builder();
    }

    static MountTune from(JsonNode d) {
        String visibility = Json.text(d, "listing_visibility");
        return new MountTune(Json.duration(d, "default_lease_ttl"), Json.duration(d, "max_lease_ttl"),
                d.has("description") ? d.get("description").asText() : null, visibility == null ? "" : visibility,
                Json.stringMap(d.get("options")));
    }

    public Optional<Duration> defaultLeaseTtl() {
        return Optional.ofNullable(defaultLeaseTtl);
    }

    public Optional<Duration> maxLeaseTtl() {
        return Optional.ofNullable(maxLeaseTtl);
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** "unauth" (listed to unauthenticated users in the UI), "hidden", or "" for the default. */
    public Optional<String> listingVisibility() {
        return Optional.ofNullable(listingVisibility);
    }

    /** Engine options, such as {"version": "2"}. */
    public Optional<Map<String, String>> options() {
        return Optional.ofNullable(options);
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (defaultLeaseTtl != null) {
            b.put("default_lease_ttl", Json.seconds(defaultLeaseTtl));
        }
        if (maxLeaseTtl != null) {
            b.put("max_lease_ttl", Json.seconds(maxLeaseTtl));
        }
        if (description != null) {
            b.put("description", description);
        }
        if (listingVisibility != null) {
            b.put("listing_visibility", listingVisibility);
        }
        if (options != null) {
            b.put("options", options);
        }
        return b;
    }

    @Override
    public String toString() {
        return "MountTune" + body();
    }

    /** Collects the settings to change. */
    public static final class Builder {
        private Duration defaultLeaseTtl;
        private Duration maxLeaseTtl;
        private String description;
        private String listingVisibility;
        private Map<String, String> options;

        private Builder() {
        }

        public Builder defaultLeaseTtl(Duration ttl) {
            this.defaultLeaseTtl = nonNegative(ttl);
            return this;
        }

        public Builder maxLeaseTtl(Duration ttl) {
            this.maxLeaseTtl = nonNegative(ttl);
            return this;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** "unauth", "hidden", or "" to reset. */
        public Builder listingVisibility(String visibility) {
            if (!visibility.isEmpty() && !visibility.equals("unauth") && !visibility.equals("hidden")) {
                throw new IllegalArgumentException("listingVisibility must be \"unauth\", \"hidden\" or \"\", got \"" + visibility + "\"");
            }
            this.listingVisibility = visibility;
            return this;
        }

        /** Adds an engine option, such as {@code option("version", "2")} to upgrade KV. */
        public Builder option(String key, String value) {
            if (options == null) {
                options = new LinkedHashMap<>();
            }
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        private static Duration nonNegative(Duration d) {
            Objects.requireNonNull(d, "ttl");
            if (d.isNegative()) {
                throw new IllegalArgumentException("a TTL must not be negative, got " + d);
            }
            return d;
        }

        /** @throws IllegalStateException when nothing was set */
        public MountTune build() {
            if (defaultLeaseTtl == null && maxLeaseTtl == null && description == null && listingVisibility == null && options == null) {
                throw new IllegalStateException("set at least one setting to tune");
            }
            return new MountTune(defaultLeaseTtl, maxLeaseTtl, description, listingVisibility, options);
        }
    }
}
