package org.flowvault.vault.client.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * The token auth method ({@code auth/token/}): create tokens, look them up, renew and revoke
 * them, by value or by accessor. Calls are made with the client's token; tokens passed as
 * arguments travel in the request body, never in a path or a message. Obtain it from
 * {@link org.flowvault.vault.client.core.VaultClient#token()}. Immutable and thread-safe.
 *
 * <p>The values its calls take and return are nested here ({@link IssuedToken}, {@link TokenCreateRequest}, {@link TokenInfo}): immutable, and
 * meaningful only with these calls.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token">Token auth method API</a>
 */
public final class TokenOperations {
    private final VaultCalls calls;

    static {
        Access.operations(TokenOperations.class, (calls, mount) -> new TokenOperations(calls));
    }

    /** Made by {@link org.flowvault.vault.client.core.VaultClient} only (through {@link Access}). */
    TokenOperations(VaultCalls calls) {
        this.calls = calls;
    }

    /** A child of the client's token with Vault's defaults (the same policies). */
    public IssuedToken create() {
        return create(TokenCreateRequest.defaults());
    }

    /**
     * Creates a token, a child of the client's token unless {@code no_parent} is set.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#create-token">Create token</a>
     */
    public IssuedToken create(TokenCreateRequest request) {
        Objects.requireNonNull(request, "request");
        String path = request.role() == null ? "auth/token/create" : "auth/token/create/" + request.role();
        return IssuedToken.from(calls.send("POST", path, request.body()), path);
    }

    /**
     * Creates a token without a parent, so it survives the revocation of the client's token
     * (needs {@code sudo} on auth/token/create-orphan, or root).
     */
    public IssuedToken createOrphan(TokenCreateRequest request) {
        Objects.requireNonNull(request, "request");
        return IssuedToken.from(calls.send("POST", "auth/token/create-orphan", request.body()), "auth/token/create-orphan");
    }

    /**
     * @throws VaultException.InvalidRequest when Vault does not know the token ("bad token")
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token">Lookup a token</a>
     */
    public TokenInfo lookup(VaultToken token) {
        return info(calls.send("POST", "auth/token/lookup", Map.of("token", token.value())));
    }

    /** The client's own token. @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token-self">Lookup a token (self)</a> */
    public TokenInfo lookupSelf() {
        return info(calls.get("auth/token/lookup-self"));
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token-accessor">Lookup a token (accessor)</a> */
    public TokenInfo lookupAccessor(String accessor) {
        return info(calls.send("POST", "auth/token/lookup-accessor", Map.of("accessor", requireText("accessor", accessor))));
    }

    private static TokenInfo info(JsonNode answer) {
        return TokenInfo.from(answer.get("data"));
    }

    /** Renews {@code token} by its original TTL. */
    public IssuedToken renew(VaultToken token) {
        return renew(token, null);
    }

    /**
     * Renews {@code token}, asking for {@code increment} (null: its original TTL); Vault may grant
     * less (max TTL).
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#renew-a-token">Renew a token</a>
     */
    public IssuedToken renew(VaultToken token, Duration increment) {
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("token", Objects.requireNonNull(token, "token").value());
        increment(body, increment);
        return IssuedToken.from(calls.send("POST", "auth/token/renew", body), "auth/token/renew");
    }

    /** Renews the client's own token by its original TTL. */
    public IssuedToken renewSelf() {
        return renewSelf(null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#renew-a-token-self">Renew a token (self)</a> */
    public IssuedToken renewSelf(Duration increment) {
        Map<String, Object> body = new LinkedHashMap<>(2);
        increment(body, increment);
        return IssuedToken.from(calls.send("POST", "auth/token/renew-self", body), "auth/token/renew-self");
    }

    private static void increment(Map<String, Object> body, Duration increment) {
        if (increment != null) {
            if (increment.isNegative() || increment.isZero()) {
                throw new IllegalArgumentException("increment must be positive (or null for the token's TTL), got " + increment);
            }
            body.put("increment", ClientJson.seconds(increment));
        }
    }

    /**
     * Revokes {@code token} and its children.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#revoke-a-token">Revoke a token</a>
     */
    public void revoke(VaultToken token) {
        calls.send("POST", "auth/token/revoke", Map.of("token", Objects.requireNonNull(token, "token").value()));
    }

    /** Revokes {@code token} but not its children, which become orphans (needs sudo). */
    public void revokeOrphan(VaultToken token) {
        calls.send("POST", "auth/token/revoke-orphan", Map.of("token", Objects.requireNonNull(token, "token").value()));
    }

    /**
     * Revokes the client's own token; the client cannot make authenticated calls with it afterwards.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#revoke-a-token-self">Revoke a token (self)</a>
     */
    public void revokeSelf() {
        calls.send("POST", "auth/token/revoke-self", null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#revoke-a-token-accessor">Revoke a token accessor</a> */
    public void revokeAccessor(String accessor) {
        calls.send("POST", "auth/token/revoke-accessor", Map.of("accessor", requireText("accessor", accessor)));
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "TokenOperations";
    }

    /**
     * A token Vault issued or renewed, with its lease (the {@code auth} block of the answer).
     * Immutable. {@link #toString()} shows the policies and TTL, never the token or its accessor.
     */
    public static final class IssuedToken {
        private final VaultToken token;
        private final String accessor;
        private final List<String> policies;
        private final Map<String, String> metadata;
        private final Duration ttl;
        private final boolean renewable;
        private final boolean orphan;
        private final String tokenType;
        private final String entityId;

        private IssuedToken(JsonNode auth) {
            this.token = VaultToken.of(ClientJson.text(auth, "client_token"));
            this.accessor = ClientJson.text(auth, "accessor");
            this.policies = ClientJson.strings(auth.get("policies"));
            this.metadata = ClientJson.stringMap(auth.get("metadata"));
            this.ttl = ClientJson.duration(auth, "lease_duration");
            this.renewable = ClientJson.bool(auth, "renewable");
            this.orphan = ClientJson.bool(auth, "orphan");
            this.tokenType = ClientJson.text(auth, "token_type");
            this.entityId = ClientJson.text(auth, "entity_id");
        }

        static IssuedToken from(JsonNode answer, String path) {
            JsonNode auth = answer == null ? null : answer.get("auth");
            if (auth == null || !auth.isObject() || ClientJson.text(auth, "client_token") == null) {
                throw new VaultException("Vault's answer to " + path + " carries no auth block", 200, path, List.of());
            }
            return new IssuedToken(auth);
        }

        public VaultToken token() {
            return token;
        }

        /** The accessor: looks up and revokes the token without knowing it. */
        public String accessor() {
            return accessor;
        }

        public List<String> policies() {
            return policies;
        }

        public Map<String, String> metadata() {
            return metadata;
        }

        /** The lease; zero for a token that never expires (root). */
        public Duration ttl() {
            return ttl;
        }

        public boolean renewable() {
            return renewable;
        }

        public boolean orphan() {
            return orphan;
        }

        /** "service" or "batch". */
        public String tokenType() {
            return tokenType;
        }

        /** The identity entity, or null. */
        public String entityId() {
            return entityId;
        }

        @Override
        public String toString() {
            return "IssuedToken[policies=" + policies + ", ttl=" + ttl + ", renewable=" + renewable + "]";
        }
    }

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
    public static final class TokenCreateRequest {
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
                body.put("ttl", ClientJson.seconds(nonNegative("ttl", ttl)));
                return this;
            }

            /** A hard limit renewals cannot pass. */
            public Builder explicitMaxTtl(Duration ttl) {
                body.put("explicit_max_ttl", ClientJson.seconds(nonNegative("explicitMaxTtl", ttl)));
                return this;
            }

            /** Makes a periodic token: renewable forever, each renewal for this period. */
            public Builder period(Duration period) {
                body.put("period", ClientJson.seconds(nonNegative("period", period)));
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

    /**
     * What a token lookup tells about a token (never the token itself). {@link #toString()} leaves
     * out the accessor.
     *
     * @param accessor       the token's accessor
     * @param policies       its policies
     * @param ttl            the time left; zero for a token that never expires
     * @param creationTtl    the TTL it was created (or last renewed) with
     * @param expireTime     when it expires; null if never
     * @param explicitMaxTtl the hard limit; zero if none
     * @param period         the period of a periodic token; zero otherwise
     * @param renewable      whether it can be renewed
     * @param orphan         whether it has no parent
     * @param numUses        uses left; 0 is unlimited
     * @param displayName    its display name
     * @param path           the path it was created on, such as "auth/token/create" or "auth/approle/login"
     * @param meta           its metadata
     * @param type           "service" or "batch"
     * @param entityId       its identity entity, or null
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token">Lookup a token</a>
     */
    public record TokenInfo(String accessor, List<String> policies, Duration ttl, Duration creationTtl, Instant expireTime,
                            Duration explicitMaxTtl, Duration period, boolean renewable, boolean orphan, long numUses,
                            String displayName, String path, Map<String, String> meta, String type, String entityId) {
        public TokenInfo {
            policies = List.copyOf(policies);
            meta = meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
        }

        static TokenInfo from(JsonNode d) {
            return new TokenInfo(ClientJson.text(d, "accessor"), ClientJson.strings(d.get("policies")), ClientJson.duration(d, "ttl"),
                    ClientJson.duration(d, "creation_ttl"), ClientJson.instant(d, "expire_time"), ClientJson.duration(d, "explicit_max_ttl"),
                    ClientJson.duration(d, "period"), ClientJson.bool(d, "renewable"), ClientJson.bool(d, "orphan"), ClientJson.longValue(d, "num_uses"),
                    ClientJson.text(d, "display_name"), ClientJson.text(d, "path"), ClientJson.stringMap(d.get("meta")), ClientJson.text(d, "type"),
                    ClientJson.text(d, "entity_id"));
        }

        @Override
        public String toString() {
            return "TokenInfo[policies=" + policies + ", ttl=" + ttl + ", renewable=" + renewable + ", orphan=" + orphan
                    + ", path=" + path + ", type=" + type + "]";
        }
    }
}
