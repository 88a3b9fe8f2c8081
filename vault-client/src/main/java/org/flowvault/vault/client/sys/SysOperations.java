package org.flowvault.vault.client.sys;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.ApiPaths;
import org.flowvault.vault.client.internal.ClientJson;
import org.flowvault.vault.client.internal.VaultCalls;

/**
 * The system backend ({@code sys/}): health and seal state (no token needed), initialization,
 * unsealing and sealing, secrets engine mounts and their tuning, auth methods, and ACL policies.
 * Seal-related calls always go to the root namespace; mounts and policies to the client's. Obtain
 * it from {@link org.flowvault.vault.client.core.VaultClient#sys()}. Immutable and thread-safe.
 *
 * <p>The values its calls take and return are nested here ({@link Health}, {@link InitResult}, {@link MountInfo}, {@link MountRequest}, {@link MountTune}, {@link SealStatus}): immutable, and
 * meaningful only with these calls.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * <p>Errors: a call Vault refuses or cannot answer throws a {@link org.flowvault.vault.client.VaultException}
 * subclass (each method names the ones it expects); a malformed argument throws
 * {@link IllegalArgumentException} before any request. Messages never carry a secret.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system">System backend API</a>
 */
public final class SysOperations {
    private static final String HEALTH = "sys/health?standbycode=200&sealedcode=200&uninitcode=200"
            + "&drsecondarycode=200&performancestandbycode=200";

    private final VaultCalls calls;
    private final VaultCalls root;

    static {
        Access.operations(SysOperations.class, (calls, mount) -> new SysOperations(calls));
    }

    /** Made by {@link org.flowvault.vault.client.core.VaultClient} only (through {@link Access}). */
    SysOperations(VaultCalls calls) {
        this.calls = calls;
        this.root = calls.withNamespace("");
    }

    /**
     * The server's health, without a token. Answers for a sealed, uninitialized or standby server
     * too (the state is in the result, not an exception).
     *
     * @throws VaultException.Unavailable when the server cannot be reached
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/health">sys/health</a>
     */
    public Health health() {
        return Health.from(root.sendWithoutToken("GET", HEALTH, null));
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/seal-status">sys/seal-status</a> */
    public SealStatus sealStatus() {
        return SealStatus.from(root.sendWithoutToken("GET", "sys/seal-status", null));
    }

    /** Whether the server was initialized. @see <a href="https://developer.hashicorp.com/vault/api-docs/system/init#read-initialization-status">sys/init</a> */
    public boolean initialized() {
        return ClientJson.bool(root.sendWithoutToken("GET", "sys/init", null), "initialized");
    }

    /**
     * Initializes a new server, splitting the unseal key into {@code shares} shares of which
     * {@code threshold} unseal it. The result is the only copy of the shares and root token.
     *
     * @throws VaultException.InvalidRequest when the server is already initialized or the numbers are invalid
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/init#start-initialization">sys/init</a>
     */
    public InitResult initialize(int shares, int threshold) {
        if (shares < 1 || threshold < 1 || threshold > shares) {
            throw new IllegalArgumentException("need 1 <= threshold <= shares, got threshold " + threshold + " of " + shares + " shares");
        }
        return InitResult.from(root.sendWithoutToken("PUT", "sys/init", Map.of("secret_shares", shares, "secret_threshold", threshold)));
    }

    /**
     * Submits one unseal key share (hex or base64).
     *
     * @return the seal state after it: still sealed until {@code threshold} shares were given
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/unseal">sys/unseal</a>
     */
    public SealStatus unseal(String keyShare) {
        if (keyShare == null || keyShare.isBlank()) {
            throw new IllegalArgumentException("keyShare must not be empty");
        }
        return SealStatus.from(root.sendWithoutToken("PUT", "sys/unseal", Map.of("key", keyShare)));
    }

    /** Submits shares until the server is unsealed or they run out; returns the final state. */
    public SealStatus unseal(List<String> keyShares) {
        if (keyShares.isEmpty()) {
            throw new IllegalArgumentException("keyShares must not be empty");
        }
        SealStatus status = null;
        for (String share : keyShares) {
            status = unseal(share);
            if (!status.sealed()) {
                break;
            }
        }
        return status;
    }

    /** Discards the shares submitted so far. */
    public SealStatus resetUnseal() {
        return SealStatus.from(root.sendWithoutToken("PUT", "sys/unseal", Map.of("reset", true)));
    }

    /**
     * Seals the server (needs a root or sudo token); it serves nothing until unsealed.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/seal">sys/seal</a>
     */
    public void seal() {
        root.send("PUT", "sys/seal", null);
    }

    /**
     * The mounted secrets engines by path, without the trailing slash ({@code "secret"}).
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#list-mounted-secrets-engines">List mounted secrets engines</a>
     */
    public Map<String, MountInfo> mounts() {
        return mountTable(calls.get("sys/mounts"));
    }

    /**
     * Mounts a secrets engine at {@code path}.
     *
     * @throws VaultException.InvalidRequest when the path is taken or the type unknown
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#enable-secrets-engine">Enable secrets engine</a>
     */
    public void enableMount(String path, MountRequest request) {
        calls.send("POST", "sys/mounts/" + ApiPaths.mount(path), Objects.requireNonNull(request, "request").body());
    }

    /**
     * Unmounts the engine at {@code path}, deleting all its data.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#disable-secrets-engine">Disable secrets engine</a>
     */
    public void disableMount(String path) {
        calls.send("DELETE", "sys/mounts/" + ApiPaths.mount(path), null);
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#read-mount-configuration">Read mount configuration</a> */
    public MountTune mountTune(String path) {
        return MountTune.from(calls.get("sys/mounts/" + ApiPaths.mount(path) + "/tune").get("data"));
    }

    /** Changes the settings made in {@code tune}. @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#tune-mount-configuration">Tune mount configuration</a> */
    public void tuneMount(String path, MountTune tune) {
        calls.send("POST", "sys/mounts/" + ApiPaths.mount(path) + "/tune", Objects.requireNonNull(tune, "tune").body());
    }

    /**
     * The enabled auth methods by path, without the trailing slash ({@code "token"}, {@code "approle"}).
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/auth#list-auth-methods">List auth methods</a>
     */
    public Map<String, MountInfo> authMethods() {
        return mountTable(calls.get("sys/auth"));
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/auth#enable-auth-method">Enable auth method</a> */
    public void enableAuth(String path, MountRequest request) {
        calls.send("POST", "sys/auth/" + ApiPaths.mount(path), Objects.requireNonNull(request, "request").body());
    }

    /** @see <a href="https://developer.hashicorp.com/vault/api-docs/system/auth#disable-auth-method">Disable auth method</a> */
    public void disableAuth(String path) {
        calls.send("DELETE", "sys/auth/" + ApiPaths.mount(path), null);
    }

    private static Map<String, MountInfo> mountTable(JsonNode answer) {
        // Vault puts the table under "data" and, for old clients, at the top level too.
        JsonNode table = answer.has("data") && answer.get("data").isObject() ? answer.get("data") : answer;
        Map<String, MountInfo> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("/") && e.getValue().isObject()) {
                out.put(e.getKey().substring(0, e.getKey().length() - 1), MountInfo.from(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The ACL policy names. @see <a href="https://developer.hashicorp.com/vault/api-docs/system/policies#list-acl-policies">List ACL policies</a> */
    public List<String> policies() {
        return ClientJson.strings(calls.send("LIST", "sys/policies/acl", null).path("data").get("keys"));
    }

    /** The policy's HCL (or JSON) text, or empty when there is no such policy. */
    public Optional<String> readPolicy(String name) {
        try {
            return Optional.ofNullable(ClientJson.text(calls.get("sys/policies/acl/" + policyName(name)).get("data"), "policy"));
        } catch (VaultException.NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Creates or replaces a policy.
     *
     * @throws VaultException.InvalidRequest when the policy does not parse (Vault's message says where)
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/policies#create-update-acl-policy">Create/update ACL policy</a>
     */
    public void writePolicy(String name, String policy) {
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException("policy must not be empty");
        }
        calls.send("PUT", "sys/policies/acl/" + policyName(name), Map.of("policy", policy));
    }

    /** Deletes a policy; deleting a missing one is not an error. */
    public void deletePolicy(String name) {
        calls.send("DELETE", "sys/policies/acl/" + policyName(name), null);
    }

    private static String policyName(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("policy name must be non-empty and without '/', got \"" + name + "\"");
        }
        return name;
    }

    @Override
    public String toString() {
        return "SysOperations";
    }

    /**
     * A server's health as {@code sys/health} reports it.
     *
     * @param initialized        whether the server was initialized
     * @param sealed             whether it is sealed
     * @param standby            whether it is an HA standby
     * @param performanceStandby whether it is a performance standby (Enterprise)
     * @param version            the Vault version it reports
     * @param clusterName        the cluster name; null while sealed or uninitialized
     * @param clusterId          the cluster id; null while sealed or uninitialized
     * @param serverTime         the server's clock
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/health">sys/health</a>
     */
    public record Health(boolean initialized, boolean sealed, boolean standby, boolean performanceStandby, String version,
                         String clusterName, String clusterId, Instant serverTime) {

        static Health from(JsonNode b) {
            long t = ClientJson.longValue(b, "server_time_utc");
            return new Health(ClientJson.bool(b, "initialized"), ClientJson.bool(b, "sealed"), ClientJson.bool(b, "standby"),
                    ClientJson.bool(b, "performance_standby"), ClientJson.text(b, "version"), ClientJson.text(b, "cluster_name"),
                    ClientJson.text(b, "cluster_id"), t == 0 ? null : Instant.ofEpochSecond(t));
        }

        /** Initialized, unsealed and active: ready to serve secrets. */
        public boolean active() {
            return initialized && !sealed && !standby;
        }
    }

    /**
     * What initializing Vault returns once and never again: the unseal key shares and the initial
     * root token. Immutable; {@link #toString()} prints only the type name.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/init#start-initialization">sys/init</a>
     */
    public static final class InitResult {
        private final List<String> keys;
        private final List<String> keysBase64;
        private final VaultToken rootToken;

        private InitResult(List<String> keys, List<String> keysBase64, VaultToken rootToken) {
            this.keys = keys;
            this.keysBase64 = keysBase64;
            this.rootToken = rootToken;
        }

        static InitResult from(JsonNode b) {
            return new InitResult(ClientJson.strings(b.get("keys")), ClientJson.strings(b.get("keys_base64")), VaultToken.of(ClientJson.text(b, "root_token")));
        }

        /** The unseal key shares, hex-encoded. */
        public List<String> keys() {
            return keys;
        }

        /** The same shares, base64-encoded. */
        public List<String> keysBase64() {
            return keysBase64;
        }

        public VaultToken rootToken() {
            return rootToken;
        }

        @Override
        public String toString() {
            return "InitResult";
        }
    }

    /**
     * One mounted secrets engine or auth method, as {@code sys/mounts} and {@code sys/auth} list it.
     *
     * @param type            the engine type ("kv", "approle"...)
     * @param description     its description, possibly empty
     * @param accessor        the mount accessor
     * @param options         engine options, such as {"version": "2"} for KV v2
     * @param defaultLeaseTtl the mount's default lease TTL; zero means the system default
     * @param maxLeaseTtl     the mount's max lease TTL; zero means the system default
     * @param local           whether it is local to this cluster (not replicated)
     * @param sealWrap        whether seal wrapping is on
     */
    public record MountInfo(String type, String description, String accessor, Map<String, String> options,
                            Duration defaultLeaseTtl, Duration maxLeaseTtl, boolean local, boolean sealWrap) {
        public MountInfo {
            options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
            description = description == null ? "" : description;
        }

        static MountInfo from(JsonNode m) {
            JsonNode config = m.get("config");
            return new MountInfo(ClientJson.text(m, "type"), ClientJson.text(m, "description"), ClientJson.text(m, "accessor"),
                    ClientJson.stringMap(m.get("options")), ClientJson.duration(config, "default_lease_ttl"), ClientJson.duration(config, "max_lease_ttl"),
                    ClientJson.bool(m, "local"), ClientJson.bool(m, "seal_wrap"));
        }
    }

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
    public static final class MountRequest {
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
                config.put("default_lease_ttl", ClientJson.seconds(Objects.requireNonNull(ttl, "ttl")));
                return this;
            }

            public Builder maxLeaseTtl(Duration ttl) {
                config.put("max_lease_ttl", ClientJson.seconds(Objects.requireNonNull(ttl, "ttl")));
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

    /**
     * A mount's tunable settings. Read from Vault, every setting is present; built to tune, only the
     * settings made are sent and the others stay as they are. Immutable.
     *
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/mounts#tune-mount-configuration">Tune mount configuration</a>
     */
    public static final class MountTune {
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
            String visibility = ClientJson.text(d, "listing_visibility");
            return new MountTune(ClientJson.duration(d, "default_lease_ttl"), ClientJson.duration(d, "max_lease_ttl"),
                    d.has("description") ? d.get("description").asText() : null, visibility == null ? "" : visibility,
                    ClientJson.stringMap(d.get("options")));
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
                b.put("default_lease_ttl", ClientJson.seconds(defaultLeaseTtl));
            }
            if (maxLeaseTtl != null) {
                b.put("max_lease_ttl", ClientJson.seconds(maxLeaseTtl));
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

    /**
     * The seal state, as {@code sys/seal-status} and {@code sys/unseal} report it.
     *
     * @param type        the seal type, such as "shamir"
     * @param initialized whether the server was initialized
     * @param sealed      whether it is sealed
     * @param threshold   key shares needed to unseal
     * @param shares      key shares in all
     * @param progress    shares submitted toward the current unseal
     * @param nonce       the current unseal attempt's nonce
     * @param version     the Vault version
     * @param clusterName the cluster name; null while sealed
     * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/seal-status">sys/seal-status</a>
     */
    public record SealStatus(String type, boolean initialized, boolean sealed, int threshold, int shares, int progress,
                             String nonce, String version, String clusterName) {

        static SealStatus from(JsonNode b) {
            return new SealStatus(ClientJson.text(b, "type"), ClientJson.bool(b, "initialized"), ClientJson.bool(b, "sealed"),
                    (int) ClientJson.longValue(b, "t"), (int) ClientJson.longValue(b, "n"), (int) ClientJson.longValue(b, "progress"),
                    ClientJson.text(b, "nonce"), ClientJson.text(b, "version"), ClientJson.text(b, "cluster_name"));
        }
    }
}
