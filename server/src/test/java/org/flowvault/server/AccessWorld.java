package org.flowvault.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The people, projects, Vault policies, configurations and connections of the access-control
 * matrix, set up over the real API on an {@link ApiHarness}:
 *
 * <ul>
 *   <li>users: an admin, members alice (project A), bob (project B) and carol (A and B), and
 *       {@code anon} (no credential);</li>
 *   <li>Vault: secrets {@code secret/<teamA>/x} and {@code secret/<teamB>/y}; alice's token may read
 *       and write below teamA only, bob's below teamB only, carol's token has only the default
 *       policy; an AppRole that may only read below teamB;</li>
 *   <li>configurations: {@code platform-wide} (users' tokens, every project), {@code only-a} (users'
 *       tokens, project A), {@code approle-b} (the AppRole, project B), {@code spare} (users'
 *       tokens, every project, used by no connection);</li>
 *   <li>registered tokens: alice for platform-wide and only-a, bob and carol for platform-wide; the
 *       admin none;</li>
 *   <li>connections: A/conn-a (platform-wide, teamA), A/conn-a-only (only-a, teamA),
 *       B/conn-b (platform-wide, teamB), B/conn-b-approle (approle-b, teamB).</li>
 * </ul>
 *
 * Logical names in the matrix ({@code A}, {@code B}, {@code team-a}...) map to random real ones;
 * any other name (e.g. {@code nope}) maps to one that does not exist.
 */
final class AccessWorld {
    static final List<String> USERS = List.of("admin", "alice", "bob", "carol", "anon");

    final ApiHarness h;
    final ApiHarness.Session admin;
    final ApiHarness.Session alice;
    final ApiHarness.Session bob;
    final ApiHarness.Session carol;
    final String projectA;
    final String projectB;
    final String teamA = ApiHarness.random("team-a");
    final String teamB = ApiHarness.random("team-b");
    /** Every value that must never appear in an answer: Vault tokens, the AppRole's ids, secret values. */
    final List<String> secrets = new ArrayList<>();
    private final String missing = ApiHarness.random("missing");
    private final ApiHarness.AppRole role;
    /** The Vault policy that reads and writes below teamA. */
    final String policyA;

    AccessWorld(ApiHarness h) {
        this.h = h;
        secrets.add(h.vaultRootToken());
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        bob = h.member(admin, "bob");
        carol = h.member(admin, "carol");
        projectA = h.project(admin, "a");
        projectB = h.project(admin, "b");
        h.addMember(admin, projectA, alice);
        h.addMember(admin, projectB, bob);
        h.addMember(admin, projectA, carol);
        h.addMember(admin, projectB, carol);

        h.vaultSecret(teamA + "/x", secretValues("a"));
        h.vaultSecret(teamB + "/y", secretValues("b"));
        policyA = h.kvPolicy(teamA + "/", "read", "create", "update");
        String policyB = h.kvPolicy(teamB + "/", "read", "create", "update");
        String aliceToken = vaultToken(policyA);
        String bobToken = vaultToken(policyB);
        String carolToken = vaultToken("default");
        role = h.appRole(h.kvPolicy(teamB + "/", "read"));
        secrets.add(role.secretId());
        secrets.add(role.roleId()); // credentials are write-only: not even the role id comes back

        config(Map.of("name", "platform-wide", "scope", "platform"));
        config(Map.of("name", "only-a", "scope", List.of(projectA)));
        config(Map.of("name", "approle-b", "scope", List.of(projectB), "auth_method", "approle", "auth_mount", "approle",
                "credentials", Map.of("role_id", role.roleId(), "secret_id", role.secretId())));
        config(Map.of("name", "spare", "scope", "platform"));

        register(alice, "platform-wide", aliceToken);
        register(alice, "only-a", aliceToken);
        register(bob, "platform-wide", bobToken);
        register(carol, "platform-wide", carolToken);

        connection(projectA, "conn-a", "platform-wide:secret/" + teamA + "/x", "db-a");
        connection(projectA, "conn-a-only", "only-a:secret/" + teamA + "/x", "db-a");
        connection(projectB, "conn-b", "platform-wide:secret/" + teamB + "/y", "db-b");
        connection(projectB, "conn-b-approle", "approle-b:secret/" + teamB + "/y", "db-b");

        // a member of A trying to read B's secrets through B's AppRole configuration, both ways
        h.expect(201, "POST", "/api/v1/projects/" + projectA + "/connections", alice.token(), Map.of(
                "name", "steal-attached", "type", "SQL", "vault_secrets", List.of("approle-b:secret/" + teamB + "/y")));
        h.expect(201, "POST", "/api/v1/projects/" + projectA + "/connections", alice.token(), Map.of(
                "name", "steal-ref", "type", "SQL", "value", Map.of("password", "vault.secret(approle-b:secret/" + teamB + "/y.password)")));
    }

    private Map<String, Object> secretValues(String team) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("username", "user-" + team + "-" + UUID.randomUUID());
        v.put("password", "password-" + team + "-" + UUID.randomUUID());
        v.values().forEach(x -> secrets.add((String) x));
        return v;
    }

    private String vaultToken(String policy) {
        String t = h.vaultToken(Duration.ofHours(72), policy);
        secrets.add(t);
        return t;
    }

    /** A fresh Vault token with the default policy (its value is recorded as a secret). */
    String freshToken() {
        return vaultToken("default");
    }

    /** A fresh Vault token that may read and write below teamA (its value is recorded as a secret). */
    String teamAToken() {
        return vaultToken(policyA);
    }

    private void config(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("url", h.vaultAddress());
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), body);
    }

    private void register(ApiHarness.Session who, String config, String token) {
        h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", who.token(), Map.of("token", token));
    }

    private void connection(String project, String name, String secret, String host) {
        h.expect(201, "POST", "/api/v1/projects/" + project + "/connections", admin.token(), Map.of(
                "name", name, "type", "SQL", "vault_secrets", List.of(secret),
                "value", "host: " + host + "\nuser: vault.secret(username)\npassword: vault.secret(password)\n"));
    }

    /** The bearer credential of a user of the matrix; null for {@code anon}. */
    String bearer(String user) {
        return switch (user) {
            case "admin" -> admin.token();
            case "alice" -> alice.token();
            case "bob" -> bob.token();
            case "carol" -> carol.token();
            case "anon" -> null;
            default -> throw new IllegalArgumentException("no user " + user + " in the matrix");
        };
    }

    String project(String logical) {
        return switch (logical) {
            case "A" -> projectA;
            case "B" -> projectB;
            default -> missing;
        };
    }

    String configName(String logical) {
        return switch (logical) {
            case "platform-wide", "only-a", "approle-b", "spare" -> logical;
            default -> missing;
        };
    }

    String team(String logical) {
        return switch (logical) {
            case "team-a" -> teamA;
            case "team-b" -> teamB;
            default -> missing;
        };
    }

    /**
     * Performs {@code action} on {@code target} (see {@link AccessGrids}) as {@code user} over HTTP.
     */
    ApiHarness.Reply perform(String action, String target, String user) {
        String bearer = bearer(user);
        String[] t = target.split("/");
        String configs = "/api/v1/vault-configs/";
        return switch (action) {
            case "list-connections" -> h.call("GET", "/api/v1/projects/" + project(t[0]) + "/connections", bearer, null);
            case "get-connection" -> h.call("GET", connection(t), bearer, null);
            case "resolve" -> h.call("POST", connection(t) + "/resolve", bearer, Map.of("overrides", Map.of("timeout", 5)));
            case "preview" -> h.call("GET", connection(t) + "/preview", bearer, null);
            case "refresh-connection" -> h.call("POST", connection(t) + "/refresh", bearer, null);
            case "get-config" -> h.call("GET", configs + configName(t[0]), bearer, null);
            case "test-config" -> h.call("POST", configs + configName(t[0]) + "/test", bearer, null);
            case "refresh-config" -> h.call("POST", configs + configName(t[0]) + "/refresh", bearer, null);
            case "own-token" -> h.call("GET", configs + configName(t[0]) + "/token", bearer, null);
            case "all-tokens" -> h.call("GET", configs + configName(t[0]) + "/tokens", bearer, null);
            case "register-bogus-token" -> h.call("PUT", configs + configName(t[0]) + "/token", bearer,
                    Map.of("token", "hvs.bogus" + UUID.randomUUID().toString().replace("-", "")));
            case "register-token" -> h.call("PUT", configs + configName(t[0]) + "/token", bearer, Map.of("token", freshToken()));
            case "create-config" -> h.call("POST", "/api/v1/vault-configs", bearer, Map.of(
                    "name", ApiHarness.random("new"), "url", h.vaultAddress(), "scope", List.of(projectA)));
            case "update-config" -> h.call("PATCH", configs + configName(t[0]), bearer, Map.of("cache_ttl", "1h"));
            case "toggle-auto-renew" -> h.call("PATCH", configs + configName(t[0]), bearer, Map.of("auto_renew", false));
            case "delete-config" -> h.call("DELETE", configs + (t[0].equals("throwaway") ? throwaway() : configName(t[0])), bearer, null);
            case "set-credentials" -> h.call("PUT", configs + configName(t[0]) + "/credentials", bearer,
                    Map.of("role_id", role.roleId(), "secret_id", role.secretId()));
            case "clear-credentials" -> h.call("DELETE", configs + (t[0].equals("throwaway") ? throwaway() : configName(t[0]))
                    + "/credentials", bearer, null);
            case "remove-token" -> h.call("DELETE", configs + configName(t[0]) + "/token", bearer, null);
            case "list-members" -> h.call("GET", "/api/v1/projects/" + project(t[0]) + "/members", bearer, null);
            case "add-member" -> h.call("POST", "/api/v1/projects/" + project(t[0]) + "/members", bearer,
                    Map.of("username", carol.username()));
            case "create-project" -> h.call("POST", "/api/v1/projects", bearer, Map.of("name", ApiHarness.random("p")));
            case "list-users" -> h.call("GET", "/api/v1/users", bearer, null);
            case "get-user" -> h.call("GET", "/api/v1/users/" + session(t[0]).username(), bearer, null);
            case "set-password" -> h.call("PATCH", "/api/v1/users/" + session(t[0]).username(), bearer,
                    Map.of("password", "pw-" + UUID.randomUUID()));
            case "set-role" -> h.call("PATCH", "/api/v1/users/" + session(t[0]).username(), bearer, Map.of("role", "member"));
            case "write-secret" -> h.call("POST", configs + configName(t[0]) + "/secrets", bearer, Map.of(
                    "project", project(t[1]), "path", "secret/" + team(t[2]) + "/" + ApiHarness.random("w"),
                    "data", Map.of("k", written())));
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
    }

    private ApiHarness.Session session(String user) {
        return switch (user) {
            case "admin" -> admin;
            case "alice" -> alice;
            case "bob" -> bob;
            case "carol" -> carol;
            default -> throw new IllegalArgumentException("no user " + user + " in the matrix");
        };
    }

    private String connection(String[] t) {
        return "/api/v1/projects/" + project(t[0]) + "/connections/" + t[1];
    }

    private String throwaway() {
        String name = ApiHarness.random("doomed");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of("name", name, "url", h.vaultAddress()));
        return name;
    }

    private String written() {
        String v = "written-" + UUID.randomUUID();
        secrets.add(v);
        return v;
    }
}
