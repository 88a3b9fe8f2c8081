package org.flowvault.vault.client.approle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.internal.Json;

/**
 * An AppRole role's settings. Read from Vault, every setting is present; built to write, only the
 * settings made are sent (Vault keeps or defaults the others). Getters answer Vault's default for
 * a setting that is absent. Immutable.
 *
 * <pre>{@code
 * appRole.writeRole("billing", AppRoleRole.builder().tokenPolicies("billing-read")
 *         .tokenTtl(Duration.ofMinutes(20)).secretIdTtl(Duration.ofDays(30)).build());
 * }</pre>
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#create-update-approle">Create/update AppRole</a>
 */
public final class AppRoleRole {
    private final Map<String, Object> settings;

    private AppRoleRole(Map<String, Object> settings) {
        this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public static Builder builder() {
        return new Builder();
    }

    static AppRoleRole from(JsonNode d) {
        return new AppRoleRole(Json.toMap(d));
    }

    Map<String, Object> body() {
        return settings;
    }

    /** Whether logins must present a secret ID (default true). */
    public boolean bindSecretId() {
        Object v = settings.get("bind_secret_id");
        return v == null || Boolean.TRUE.equals(v) || "true".equals(v);
    }

    public List<String> tokenPolicies() {
        return list("token_policies");
    }

    public Duration tokenTtl() {
        return duration("token_ttl");
    }

    public Duration tokenMaxTtl() {
        return duration("token_max_ttl");
    }

    /** The period of the tokens issued, making them periodic; zero for none. */
    public Duration tokenPeriod() {
        return duration("token_period");
    }

    public int tokenNumUses() {
        return (int) number("token_num_uses");
    }

    public List<String> tokenBoundCidrs() {
        return list("token_bound_cidrs");
    }

    /** "service", "batch" or "default". */
    public String tokenType() {
        Object v = settings.get("token_type");
        return v == null ? "default" : v.toString();
    }

    public Duration secretIdTtl() {
        return duration("secret_id_ttl");
    }

    /** Logins each secret ID allows; 0 is unlimited. */
    public int secretIdNumUses() {
        return (int) number("secret_id_num_uses");
    }

    public List<String> secretIdBoundCidrs() {
        return list("secret_id_bound_cidrs");
    }

    private List<String> list(String key) {
        Object v = settings.get(key);
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return v == null || v.toString().isEmpty() ? List.of() : List.of(v.toString().split(","));
    }

    private long number(String key) {
        Object v = settings.get(key);
        return v instanceof Number n ? n.longValue() : v == null ? 0 : Long.parseLong(v.toString());
    }

    private Duration duration(String key) {
        return Json.duration(Json.MAPPER.valueToTree(settings), key);
    }

    @Override
    public String toString() {
        return "AppRoleRole" + settings;
    }

    /** Collects the settings to write. */
    public static final class Builder {
        private final Map<String, Object> settings = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder bindSecretId(boolean bind) {
            settings.put("bind_secret_id", bind);
            return this;
        }

        public Builder tokenPolicies(String... policies) {
            return tokenPolicies(List.of(policies));
        }

        public Builder tokenPolicies(List<String> policies) {
            settings.put("token_policies", List.copyOf(policies));
            return this;
        }

        public Builder tokenTtl(Duration ttl) {
            settings.put("token_ttl", seconds("tokenTtl", ttl));
            return this;
        }

        public Builder tokenMaxTtl(Duration ttl) {
            settings.put("token_max_ttl", seconds("tokenMaxTtl", ttl));
            return this;
        }

        public Builder tokenPeriod(Duration period) {
            settings.put("token_period", seconds("tokenPeriod", period));
            return this;
        }

        public Builder tokenNumUses(int uses) {
            settings.put("token_num_uses", nonNegative("tokenNumUses", uses));
            return this;
        }

        public Builder tokenBoundCidrs(List<String> cidrs) {
            settings.put("token_bound_cidrs", List.copyOf(cidrs));
            return this;
        }

        /** "service", "batch" or "default". */
        public Builder tokenType(String type) {
            if (!List.of("service", "batch", "default").contains(type)) {
                throw new IllegalArgumentException("tokenType must be \"service\", \"batch\" or \"default\", got \"" + type + "\"");
            }
            settings.put("token_type", type);
            return this;
        }

        public Builder secretIdTtl(Duration ttl) {
            settings.put("secret_id_ttl", seconds("secretIdTtl", ttl));
            return this;
        }

        public Builder secretIdNumUses(int uses) {
            settings.put("secret_id_num_uses", nonNegative("secretIdNumUses", uses));
            return this;
        }

        public Builder secretIdBoundCidrs(List<String> cidrs) {
            settings.put("secret_id_bound_cidrs", List.copyOf(cidrs));
            return this;
        }

        private static String seconds(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return Json.seconds(d);
        }

        private static int nonNegative(String name, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + v);
            }
            return v;
        }

        public AppRoleRole build() {
            return new AppRoleRole(settings);
        }
    }
}
