package org.flowvault.vault.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;

/**
 * Raw set-up calls for auth methods on a {@link TestVault}, made with the root token and checked
 * (a failed set-up fails the test with Vault's answer). Random names keep tests apart. Public so
 * that the session tests share it.
 */
public final class TestAuth {
    private TestAuth() {
    }

    /** A random name with a readable prefix. */
    public static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Calls Vault as root and fails unless the answer is 2xx; the JSON body or null. */
    public static JsonNode root(TestVault vault, String method, String path, Object body) {
        TestVault.Reply r = vault.call(method, path, vault.rootToken(), body);
        if (r.status() >= 300) {
            throw new AssertionError("set-up call " + method + " " + path + " answered " + r.status() + ": " + r.body());
        }
        return r.body().isEmpty() ? null : r.json();
    }

    /** Enables an auth method of {@code type} at a random mount and returns the mount. */
    public static String enable(TestVault vault, String type) {
        String mount = name(type);
        enable(vault, type, mount);
        return mount;
    }

    public static void enable(TestVault vault, String type, String mount) {
        root(vault, "POST", "sys/auth/" + mount, Map.of("type", type));
    }

    /** Role id and secret id of an AppRole role. */
    public record AppRole(String mount, String role, String roleId, String secretId) {
    }

    /** Creates an AppRole role with {@code params} (token_ttl...), its role id and one secret id. */
    public static AppRole appRole(TestVault vault, String mount, String role, Map<String, ?> params) {
        root(vault, "POST", "auth/" + mount + "/role/" + role, params);
        String roleId = root(vault, "GET", "auth/" + mount + "/role/" + role + "/role-id", null).at("/data/role_id").asText();
        String secretId = root(vault, "POST", "auth/" + mount + "/role/" + role + "/secret-id", Map.of()).at("/data/secret_id").asText();
        return new AppRole(mount, role, roleId, secretId);
    }

    /** Creates a userpass user with {@code params} (token_ttl, token_policies...). */
    public static void user(TestVault vault, String mount, String user, String password, Map<String, ?> params) {
        Map<String, Object> body = new LinkedHashMap<>(params);
        body.put("password", password);
        root(vault, "POST", "auth/" + mount + "/users/" + user, body);
    }

    /** A token created by root with {@code params} (ttl, explicit_max_ttl, policies, renewable...). */
    public static String token(TestVault vault, Map<String, ?> params) {
        return root(vault, "POST", "auth/token/create", params).at("/auth/client_token").asText();
    }

    /** Whether Vault still knows {@code token} (lookup with root). */
    public static boolean alive(TestVault vault, String token) {
        return vault.call("POST", "auth/token/lookup", vault.rootToken(), Map.of("token", token)).status() == 200;
    }

    /** The remaining TTL in seconds of {@code token}, as Vault sees it. */
    public static long ttl(TestVault vault, String token) {
        return root(vault, "POST", "auth/token/lookup", Map.of("token", token)).at("/data/ttl").asLong();
    }
}
