package org.flowvault.vault.client.sys;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.internal.Json;

/**
 * What to mount: an engine or auth method type and its settings. Immutable.
 *
 * <pre>{@code
 * sys.enableMount("team/secrets", MountRequest.of("kv-v2"));
 * sys.enableAuth("approle", MountRequest.builder("approle").description("machines").build());
 * }</pre>
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#enable-secrets-engine">Enable secrets engine</a>
 */
public final class MountRequest {
    private final Map<String, Object> body;

    private MountRequest(Map<String, Object> body) {
        this.body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    /** A mount of {@code type} with default settings ("kv-v2" is KV version 2). */
    public static MountRequest of(String type) {
        return builder(type).build();
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    Map<String, Object> body() {
        return body;
    }

    @Override
    public String toString() {
        return "MountRequest" + body;
    }

    /** Collects settings. */
    public static final class Builder {
        private final Map<String, Object> body = new LinkedHashMap<>();
        private final Map<String, Object> config = new LinkedHashMap<>();
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(String type) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("type must name an engine or auth method, such as \"kv-v2\" or \"approle\"");
            }
            body.put("type", type);
        }

        public Builder description(String description) {
            body.put("description", Objects.requireNonNull(description, "description"));
            return this;
        }

        /** An engine option, such as {@code option("version", "2")} for KV. */
        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder defaultLeaseTtl(Duration ttl) {
            config.put("default_lease_ttl", Json.seconds(Objects.requireNonNull(ttl, "ttl")));
            return this;
        }

        public Builder maxLeaseTtl(Duration ttl) {
            config.put("max_lease_ttl", Json.seconds(Objects.requireNonNull(ttl, "ttl")));
            return this;
        }

        /** Not replicated to other clusters. */
        public Builder local(boolean local) {
            body.put("local", local);
            return this;
        }

        public Builder sealWrap(boolean sealWrap) {
            body.put("seal_wrap", sealWrap);
            return this;
        }

        public MountRequest build() {
            Map<String, Object> b = new LinkedHashMap<>(body);
            if (!config.isEmpty()) {
                b.put("config", Map.copyOf(config));
            }
            if (!options.isEmpty()) {
                b.put("options", Map.copyOf(options));
            }
            return new MountRequest(b);
        }
    }
}
