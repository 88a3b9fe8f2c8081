package org.flowvault.vault.server.sys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Version;
import org.flowvault.vault.server.core.ApiReply;
import org.flowvault.vault.server.core.ApiRequest;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.SealApi;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.seal.SealException;
import org.flowvault.vault.server.seal.SealManager;

/**
 * The sys endpoints that answer without a token and while sealed: init, unseal, seal-status,
 * health and leader. Their bodies are raw JSON, not Vault's usual envelope.
 */
public final class SealEndpoints implements SealApi {
    private final Core core;

    private final OperatorKeyEndpoints operatorKeys;

    public SealEndpoints(Core core) {
        this.operatorKeys = new OperatorKeyEndpoints(core);
        this.core = core;
    }

    @Override
    public ApiReply handle(ApiRequest api) {
        try {
            return switch (api.path()) {
                case "sys/init" -> init(api);
                case "sys/unseal" -> unseal(api);
                case "sys/seal-status" -> get(api, () -> new ApiReply(200, status()));
                case "sys/health" -> health(api);
                case "sys/leader" -> get(api, () -> new ApiReply(200, leader()));
                default -> throw VaultError.unsupportedPath();
            };
        } catch (SealException e) {
            return ApiReply.error(VaultError.badRequest(e.getMessage()));
        } catch (VaultError e) {
            return ApiReply.error(e);
        }
    }

    private static ApiReply get(ApiRequest api, java.util.function.Supplier<ApiReply> reply) {
        if (!api.method().equals("GET") && !api.method().equals("HEAD")) {
            throw VaultError.unsupportedOperation();
        }
        return reply.get();
    }

    private ApiReply init(ApiRequest api) {
        if (api.method().equals("GET")) {
            return new ApiReply(200, Map.of("initialized", core.seal().initialized()));
        }
        if (!api.method().equals("PUT") && !api.method().equals("POST")) {
            throw VaultError.unsupportedOperation();
        }
        Map<String, Object> d = api.data();
        if (present(d.get("pgp_keys")) || present(d.get("root_token_pgp_key"))) {
            throw VaultError.badRequest("PGP-encrypted key shares are not supported by the Flowvault server; omit pgp_keys and root_token_pgp_key");
        }
        int shares = intField(d, "secret_shares");
        int threshold = intField(d, "secret_threshold");
        Core.InitResult result = core.initialize(shares, threshold, null, false);
        List<String> hex = new ArrayList<>();
        List<String> b64 = new ArrayList<>();
        for (byte[] k : result.keys()) {
            hex.add(HexFormat.of().formatHex(k));
            b64.add(Base64.getEncoder().encodeToString(k));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keys", hex);
        body.put("keys_base64", b64);
        body.put("root_token", result.rootToken());
        return new ApiReply(200, body);
    }

    /** Clients send empty PGP fields routinely; only real values ask for PGP encryption. */
    static boolean present(Object v) {
        return v != null && !"".equals(v) && !(v instanceof java.util.Collection<?> c && c.isEmpty());
    }

    static int intField(Map<String, Object> d, String name) {
        Object v = d.get(name);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        if (v instanceof String s && s.matches("\\d+")) {
            return Integer.parseInt(s);
        }
        throw VaultError.badRequest("error converting input for field \"" + name + "\": expected an integer");
    }

    private ApiReply unseal(ApiRequest api) {
        if (!api.method().equals("PUT") && !api.method().equals("POST")) {
            throw VaultError.unsupportedOperation();
        }
        if (!core.seal().initialized()) {
            throw VaultError.badRequest("Vault is not initialized");
        }
        Map<String, Object> d = api.data();
        boolean reset = Boolean.TRUE.equals(d.get("reset")) || "true".equals(d.get("reset"));
        if (reset) {
            core.seal().reset();
            return new ApiReply(200, status());
        }
        Object key = d.get("key");
        if (!(key instanceof String k) || k.isEmpty()) {
            throw VaultError.badRequest("'key' must be specified in request body as JSON, or 'reset' set to true");
        }
        byte[] share = decodeKey(k.trim());
        core.unseal(share);
        return new ApiReply(200, status());
    }

    static byte[] decodeKey(String k) {
        if (k.matches("(?i)[0-9a-f]+") && k.length() % 2 == 0) {
            return HexFormat.of().parseHex(k);
        }
        try {
            return Base64.getDecoder().decode(k);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("'key' must be a valid hex or base64 string");
        }
    }

    /** The seal-status body, also answered by unseal. */
    public Map<String, Object> status() {
        SealManager seal = core.seal();
        boolean initialized = seal.initialized();
        SealManager.SealConfig cfg = seal.config();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "shamir");
        s.put("initialized", initialized);
        s.put("sealed", seal.sealed());
        s.put("t", cfg.threshold());
        s.put("n", cfg.shares());
        s.put("progress", seal.progress());
        s.put("nonce", seal.nonce());
        s.put("version", Version.VAULT_API);
        s.put("build_date", Version.BUILD_DATE);
        s.put("migration", false);
        if (initialized && !seal.sealed()) {
            s.put("cluster_name", core.clusterName());
            s.put("cluster_id", core.clusterId());
        }
        s.put("recovery_seal", false);
        s.put("storage_type", core.options().storageType());
        return s;
    }

    private ApiReply health(ApiRequest api) {
        if (!api.method().equals("GET") && !api.method().equals("HEAD")) {
            throw VaultError.unsupportedOperation();
        }
        Map<String, String> q = api.query();
        boolean initialized = core.seal().initialized();
        boolean sealed = core.sealed();
        int status;
        if (!initialized) {
            status = code(q, "uninitcode", 501);
        } else if (sealed) {
            status = code(q, "sealedcode", 503);
        } else {
            status = code(q, "activecode", 200);
        }
        code(q, "standbycode", 429);
        code(q, "drsecondarycode", 472);
        code(q, "performancestandbycode", 473);
        code(q, "removedcode", 530);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("initialized", initialized);
        body.put("sealed", sealed);
        body.put("standby", false);
        body.put("performance_standby", false);
        body.put("replication_performance_mode", "disabled");
        body.put("replication_dr_mode", "disabled");
        body.put("server_time_utc", core.clock().instant().getEpochSecond());
        body.put("version", Version.VAULT_API);
        body.put("enterprise", false);
        if (initialized && !sealed) {
            body.put("cluster_name", core.clusterName());
            body.put("cluster_id", core.clusterId());
        }
        body.put("echo_duration_ms", 0);
        body.put("clock_skew_ms", 0);
        body.put("replication_primary_canary_age_ms", 0);
        body.put("removed_from_cluster", false);
        return new ApiReply(status, body);
    }

    private static int code(Map<String, String> q, String name, int fallback) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int c = Integer.parseInt(v);
            if (c < 100 || c > 999) {
                throw new NumberFormatException();
            }
            return c;
        } catch (NumberFormatException e) {
            throw VaultError.badRequest("unable to parse " + name + ": " + v + " is not a valid HTTP status code");
        }
    }

    private Map<String, Object> leader() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ha_enabled", false);
        body.put("is_self", false);
        body.put("active_time", Instant.EPOCH.toString());
        body.put("leader_address", "");
        body.put("leader_cluster_address", "");
        body.put("performance_standby", false);
        body.put("performance_standby_last_remote_wal", 0);
        return body;
    }

    @Override
    public java.util.Set<String> operatorKeyPaths() {
        return OperatorKeyEndpoints.PATHS;
    }

    @Override
    public ApiReply handleOperatorKeys(ApiRequest api) {
        return operatorKeys.handle(api);
    }
}
