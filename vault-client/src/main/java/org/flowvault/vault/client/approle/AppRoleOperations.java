package org.flowvault.vault.client.approle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * Administration of an AppRole auth method: roles, their role IDs, and secret IDs (generate,
 * list, look up, destroy — by value or by accessor). Logging in with AppRole is the {@code auth}
 * package's business. Secret IDs passed as arguments travel in request bodies, never in paths or
 * messages. Obtain it from {@link org.flowvault.vault.client.core.VaultClient#appRole()}. Immutable and
 * thread-safe.
 *
 * <p>The values its calls take and return are nested here ({@link AppRoleRole}, {@link GeneratedSecretId}, {@link SecretIdInfo}, {@link SecretIdRequest}): immutable, and
 * meaningful only with these calls.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle">AppRole auth method API</a>
 */
public final class AppRoleOperations {
    private final VaultCalls calls;
    private final String mount;

    static {
        Access.operations(AppRoleOperations.class, AppRoleOperations::new);
    }

    /** Made by {@link org.flowvault.vault.client.core.VaultClient} only (through {@link Access}); {@code mount} is already normalized (without "auth/"). */
    AppRoleOperations(VaultCalls calls, String mount) {
        this.calls = calls;
        this.mount = "auth/" + mount;
    }

    /** The role names; empty when there are none. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#list-roles">List roles</a> */
    public List<String> roles() {
        try {
            return ClientJson.strings(calls.send("LIST", mount + "/role", null).path("data").get("keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    /** Creates or updates a role with the settings made in {@code role}. */
    public void writeRole(String name, AppRoleRole role) {
        calls.send("POST", role(name), Objects.requireNonNull(role, "role").body());
    }

    /** The role's settings, or empty when there is no such role. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle">Read AppRole</a> */
    public Optional<AppRoleRole> readRole(String name) {
        try {
            JsonNode answer = calls.get(role(name));
            return answer == null ? Optional.empty() : Optional.of(AppRoleRole.from(answer.get("data")));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Deletes the role and its secret IDs. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#delete-approle">Delete AppRole</a> */
    public void deleteRole(String name) {
        calls.send("DELETE", role(name), null);
    }

    /**
     * The role's role ID (not a secret by itself: logins also need a secret ID, if the role binds one).
     *
     * @throws VaultException.NotFound when there is no such role
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-role-id">Read AppRole role ID</a>
     */
    public String roleId(String name) {
        return ClientJson.text(calls.get(role(name) + "/role-id").get("data"), "role_id");
    }

    /** Sets a role ID of the caller's choosing. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#update-approle-role-id">Update AppRole role ID</a> */
    public void setRoleId(String name, String roleId) {
        if (roleId == null || roleId.isBlank()) {
            throw new IllegalArgumentException("roleId must not be empty");
        }
        calls.send("POST", role(name) + "/role-id", Map.of("role_id", roleId));
    }

    /** A new secret ID with the role's settings. */
    public GeneratedSecretId generateSecretId(String name) {
        return generateSecretId(name, SecretIdRequest.defaults());
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#generate-new-secret-id">Generate new secret ID</a> */
    public GeneratedSecretId generateSecretId(String name, SecretIdRequest request) {
        JsonNode answer = calls.send("POST", role(name) + "/secret-id", Objects.requireNonNull(request, "request").body());
        return GeneratedSecretId.from(answer.get("data"));
    }

    /** The accessors of the role's secret IDs; empty when there are none. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#list-secret-id-accessors">List secret ID accessors</a> */
    public List<String> secretIdAccessors(String name) {
        try {
            return ClientJson.strings(calls.send("LIST", role(name) + "/secret-id", null).path("data").get("keys"));
        } catch (VaultException.NotFound e) {
            return List.of();
        }
    }

    /** What Vault knows about a secret ID, or empty when it is unknown or expired. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-secret-id">Read AppRole secret ID</a> */
    public Optional<SecretIdInfo> lookupSecretId(String name, String secretId) {
        return lookup(role(name) + "/secret-id/lookup", Map.of("secret_id", text("secretId", secretId)));
    }

    /** As {@link #lookupSecretId}, by accessor. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-secret-id-accessor">Read AppRole secret ID accessor</a> */
    public Optional<SecretIdInfo> lookupSecretIdAccessor(String name, String accessor) {
        return lookup(role(name) + "/secret-id-accessor/lookup", Map.of("secret_id_accessor", text("accessor", accessor)));
    }

    private Optional<SecretIdInfo> lookup(String path, Map<String, Object> body) {
        try {
            JsonNode answer = calls.send("POST", path, body);
            JsonNode d = answer == null ? null : answer.get("data");
            return d == null || !d.isObject() ? Optional.empty() : Optional.of(SecretIdInfo.from(d));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Destroys a secret ID; destroying an unknown one is not an error. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#destroy-approle-secret-id">Destroy AppRole secret ID</a> */
    public void destroySecretId(String name, String secretId) {
        calls.send("POST", role(name) + "/secret-id/destroy", Map.of("secret_id", text("secretId", secretId)));
    }

    /**
     * Destroys a secret ID by accessor.
     *
     * @throws VaultException when Vault does not know the accessor (Vault answers that with a 500,
     *                        raised as {@link VaultException.Unavailable})
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#destroy-approle-secret-id-accessor">Destroy AppRole secret ID accessor</a>
     */
    public void destroySecretIdAccessor(String name, String accessor) {
        calls.send("POST", role(name) + "/secret-id-accessor/destroy", Map.of("secret_id_accessor", text("accessor", accessor)));
    }

    private String role(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("?")) {
            throw new IllegalArgumentException("role name must be non-empty, without '/' or '?', got \"" + name + "\"");
        }
        return mount + "/role/" + name;
    }

    private static String text(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AppRoleOperations[" + mount + "]";
    }

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
    public static final class AppRoleRole {
        private final Map<String, Object> settings;

        private AppRoleRole(Map<String, Object> settings) {
            this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        public static Builder builder() {
            return new Builder();
        }

        static AppRoleRole from(JsonNode d) {
            return new AppRoleRole(ClientJson.toMap(d));
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
            return ClientJson.duration(ClientJson.MAPPER.valueToTree(settings), key);
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
                return ClientJson.seconds(d);
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

    /**
     * A new secret ID: the credential itself (a secret) and its accessor (to look it up or destroy it
     * without knowing it). Immutable; {@link #toString()} prints only the type name.
     */
    public static final class GeneratedSecretId {
        private final String secretId;
        private final String accessor;
        private final Duration ttl;
        private final int numUses;

        private GeneratedSecretId(String secretId, String accessor, Duration ttl, int numUses) {
            this.secretId = secretId;
            this.accessor = accessor;
            this.ttl = ttl;
            this.numUses = numUses;
        }

        static GeneratedSecretId from(JsonNode d) {
            return new GeneratedSecretId(ClientJson.text(d, "secret_id"), ClientJson.text(d, "secret_id_accessor"),
                    ClientJson.duration(d, "secret_id_ttl"), (int) ClientJson.longValue(d, "secret_id_num_uses"));
        }

        /** The secret ID: hand it to the machine that logs in, and to nothing else. */
        public String secretId() {
            return secretId;
        }

        public String accessor() {
            return accessor;
        }

        /** Its lifetime; zero for unlimited. */
        public Duration ttl() {
            return ttl;
        }

        /** Logins it allows; 0 for unlimited. */
        public int numUses() {
            return numUses;
        }

        @Override
        public String toString() {
            return "GeneratedSecretId";
        }
    }

    /**
     * What Vault tells about a secret ID (never the secret ID itself).
     *
     * @param accessor        its accessor
     * @param metadata        the metadata given when it was generated
     * @param cidrList        source addresses allowed to log in with it
     * @param tokenBoundCidrs source addresses allowed to use its tokens
     * @param ttl             its lifetime; zero for unlimited
     * @param numUses         logins left; 0 for unlimited
     * @param creationTime    when it was generated
     * @param expirationTime  when it expires; null if never
     * @param lastUpdatedTime when it was last used or changed
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-secret-id">Read AppRole secret ID</a>
     */
    public record SecretIdInfo(String accessor, Map<String, String> metadata, List<String> cidrList, List<String> tokenBoundCidrs,
                               Duration ttl, long numUses, Instant creationTime, Instant expirationTime, Instant lastUpdatedTime) {
        public SecretIdInfo {
            metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
            cidrList = List.copyOf(cidrList);
            tokenBoundCidrs = List.copyOf(tokenBoundCidrs);
        }

        static SecretIdInfo from(JsonNode d) {
            return new SecretIdInfo(ClientJson.text(d, "secret_id_accessor"), ClientJson.stringMap(d.get("metadata")), ClientJson.strings(d.get("cidr_list")),
                    ClientJson.strings(d.get("token_bound_cidrs")), ClientJson.duration(d, "secret_id_ttl"), ClientJson.longValue(d, "secret_id_num_uses"),
                    ClientJson.instant(d, "creation_time"), ClientJson.instant(d, "expiration_time"), ClientJson.instant(d, "last_updated_time"));
        }
    }

    /**
     * Options for a new secret ID; unset options take the role's settings. Immutable.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle#generate-new-secret-id">Generate new secret ID</a>
     */
    public static final class SecretIdRequest {
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
                    body.put("metadata", ClientJson.MAPPER.writeValueAsString(Map.copyOf(metadata)));
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
                body.put("ttl", ClientJson.seconds(ttl));
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
}
