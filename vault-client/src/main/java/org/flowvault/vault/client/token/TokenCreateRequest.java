package org.flowvault.vault.client.token;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Json;

/**
 * The parameters of a new token; what is not set is left to Vault's defaults (the parent's
 * policies, the mount's TTL). Immutable; {@link #toString()} never shows a chosen token id.
 *
 * <pre>{@code
 * TokenCreateRequest req = TokenCreateRequest.builder().policies("app-read").ttl(Duration.ofHours(1)).renewable(true).build();
 * }</pre>
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#create-token">Create token</a>
 */
public final class TokenCreateRequest {
    private final Map<String, Object> body;
    private final String role;

    private TokenCreateRequest(Map<String, Object> body, String role) {
        this.body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
        this.role = role;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A request with Vault's defaults for everything. */
    public static TokenCreateRequest defaults() {
        return builder().build();
    }

    Map<String, Object> body() {
        return body;
    }

    /** The token role to create against, or null. */
    String role() {
        return role;
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>(body);
        if (shown.containsKey("id")) {
            shown.put("id", "<masked>");
        }
        return "TokenCreateRequest" + shown + (role == null ? "" : "[role=" + role + "]");
    }

    /** Collects parameters; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, Object> body = new LinkedHashMap<>();
        private String role;

        private Builder() {
        }

        /** The token's value, chosen by the caller (root only); normally Vault generates it. */
        public Builder id(VaultToken id) {
            body.put("id", Objects.requireNonNull(id, "id").value());
            return this;
        }

        /** Creates the token against a token role ({@code auth/token/create/<role>}). */
        public Builder role(String role) {
            this.role = Objects.requireNonNull(role, "role");
            return this;
        }

        public Builder policies(String... policies) {
            return policies(List.of(policies));
        }

        public Builder policies(List<String> policies) {
            body.put("policies", List.copyOf(policies));
            return this;
        }

        /** Free-form metadata, shown by lookups and in audit logs. */
        public Builder meta(Map<String, String> meta) {
            body.put("meta", Map.copyOf(meta));
            return this;
        }

        /** Leaves out the {@code default} policy. */
        public Builder noDefaultPolicy(boolean noDefaultPolicy) {
            body.put("no_default_policy", noDefaultPolicy);
            return this;
        }

        public Builder renewable(boolean renewable) {
            body.put("renewable", renewable);
            return this;
        }

        public Builder ttl(Duration ttl) {
            body.put("ttl", Json.seconds(nonNegative("ttl", ttl)));
            return this;
        }

        /** A hard limit renewals cannot pass. */
        public Builder explicitMaxTtl(Duration ttl) {
            body.put("explicit_max_ttl", Json.seconds(nonNegative("explicitMaxTtl", ttl)));
            return this;
        }

        /** Makes a periodic token: renewable forever, each renewal for this period. */
        public Builder period(Duration period) {
            body.put("period", Json.seconds(nonNegative("period", period)));
            return this;
        }

        public Builder displayName(String displayName) {
            body.put("display_name", Objects.requireNonNull(displayName, "displayName"));
            return this;
        }

        /** How many requests the token may make; 0 is unlimited. */
        public Builder numUses(int numUses) {
            if (numUses < 0) {
                throw new IllegalArgumentException("numUses must not be negative, got " + numUses);
            }
            body.put("num_uses", numUses);
            return this;
        }

        /** "service" (the default) or "batch". */
        public Builder type(String type) {
            if (!"service".equals(type) && !"batch".equals(type) && !"default".equals(type)) {
                throw new IllegalArgumentException("type must be \"service\", \"batch\" or \"default\", got \"" + type + "\"");
            }
            body.put("type", type);
            return this;
        }

        /** Sets {@code no_parent}: the token outlives its creator (needs root or sudo). See also {@link TokenOperations#createOrphan}. */
        public Builder noParent(boolean noParent) {
            body.put("no_parent", noParent);
            return this;
        }

        private static Duration nonNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }

        public TokenCreateRequest build() {
            return new TokenCreateRequest(body, role);
        }
    }
}
