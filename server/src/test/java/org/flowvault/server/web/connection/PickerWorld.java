package org.flowvault.server.web.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;

/**
 * The world the connection page tests share: project {@link #project} with member {@link #alice},
 * whose own Vault token may list and read only below {@link #teamA} (plus list the mount's top
 * level, so that the sibling {@link #teamB} is listed by Vault and must be filtered out);
 * {@link #carol}, a member without a token; {@link #bob}, a member of another project. Every secret
 * value is recorded in {@link #secrets} so tests can search pages and answers for them.
 */
final class PickerWorld implements AutoCloseable {
    final ApiHarness h;
    final ApiHarness.Session admin;
    final ApiHarness.Session alice;
    final ApiHarness.Session bob;
    final ApiHarness.Session carol;
    final String project;
    final String otherProject;
    final String config;
    final String otherConfig;
    final String teamA;
    final String teamB;
    final String dbPassword;
    final String apiKey;
    final String teamBPassword;
    final List<String> secrets = new ArrayList<>();

    PickerWorld() {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        bob = h.member(admin, "bob");
        carol = h.member(admin, "carol");
        List.of(admin, alice, bob, carol).forEach(s -> secrets.add(s.password()));
        project = h.project(admin, "conn");
        otherProject = h.project(admin, "other");
        h.addMember(admin, project, alice);
        h.addMember(admin, project, carol);
        h.addMember(admin, otherProject, bob);

        config = ApiHarness.random("vault");
        otherConfig = ApiHarness.random("elsewhere");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of(
                "name", config, "url", h.vaultAddress(), "scope", List.of(project), "auth_method", "user_token"));
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of(
                "name", otherConfig, "url", h.vaultAddress(), "scope", List.of(otherProject), "auth_method", "user_token"));

        teamA = ApiHarness.random("teama");
        teamB = ApiHarness.random("teamb");
        dbPassword = secret("db-pw-" + UUID.randomUUID());
        apiKey = secret("api-key-" + UUID.randomUUID());
        teamBPassword = secret("b-pw-" + UUID.randomUUID());
        h.vaultSecret(teamA + "/db", Map.of("username", "app", "password", dbPassword));
        h.vaultSecret(teamA + "/nested/api", Map.of("api_key", apiKey));
        h.vaultSecret(teamB + "/db", Map.of("password", teamBPassword));

        String policy = ApiHarness.random("picker");
        h.vaultPolicy(policy, "path \"secret/metadata/\" { capabilities = [\"list\"] }\n"
                + "path \"secret/metadata/" + teamA + "/*\" { capabilities = [\"list\"] }\n"
                + "path \"secret/data/" + teamA + "/*\" { capabilities = [\"read\"] }\n");
        String aliceToken = secret(h.vaultToken(Duration.ofHours(24), policy));
        h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", alice.token(), Map.of("token", aliceToken));
    }

    private String secret(String s) {
        secrets.add(s);
        return s;
    }

    String browse(String config, String path) {
        return "/api/v1/projects/" + project + "/vault-browse" + (config == null ? "" : "?config=" + config
                + (path == null ? "" : "&path=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        h.close();
    }
}
