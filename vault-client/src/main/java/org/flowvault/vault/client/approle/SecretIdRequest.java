package org.flowvault.vault.client.approle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.internal.Json;

/**
 * Options for a new secret ID; unset options take the role's settings. Immutable.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#generate-new-secret-id">Generate new secret ID</a>
 */
public final class SecretIdRequest {
    private final Map<String, Object> body;

    private SecretIdRequest(Map<String, Object> body) {
        this.body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The role's settings for everything. */
    public static SecretIdRequest defaults() {
        return builder().build();
    }

    Map<String, Object> body() {
        return body;
    }

    @Override
    public String toString() {
        return "SecretIdRequest" + body;
    }

    /** Collects options. */
    public static final class Builder {
        private final Map<String, Object> body = new LinkedHashMap<>();

        private Builder() {
        }

        /** String pairs attached to the secret ID and to the tokens its logins issue (shown in audit logs: no secrets). */
        public Builder metadata(Map<String, String> metadata) {
            try {
                body.put("metadata", Json.MAPPER.writeValueAsString(Map.copyOf(metadata)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("metadata cannot be written as JSON");
            }
            return this;
        }

        /** Source addresses allowed to log in with the secret ID. */
        public Builder cidrList(List<String> cidrs) {
            body.put("cidr_list", List.copyOf(cidrs));
            return this;
        }

        /** Source addresses allowed to use the tokens issued. */
        public Builder tokenBoundCidrs(List<String> cidrs) {
            body.put("token_bound_cidrs", List.copyOf(cidrs));
            return this;
        }

        /** At most the role's secret_id_ttl. */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
            }
            body.put("ttl", Json.seconds(ttl));
            return this;
        }

        /** Logins allowed; at most the role's secret_id_num_uses, 0 is unlimited. */
        public Builder numUses(int uses) {
            if (uses < 0) {
                throw new IllegalArgumentException("numUses must not be negative, got " + uses);
            }
            body.put("num_uses", uses);
            return this;
        }

        public SecretIdRequest build() {
            return new SecretIdRequest(body);
        }
    }
}
