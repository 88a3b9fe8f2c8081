package org.flowvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deleting users, projects and configurations that still have sessions, keys, tokens, memberships
 * and connections: a clean answer (never a 500), and what was deleted stops working at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeletionTest {
    private ApiHarness h;
    private ApiHarness.Session admin;

    @BeforeAll
    void setUp() {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
    }

    @AfterAll
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private String config(Object scope) {
        String name = ApiHarness.random("cfg");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of("name", name, "url", h.vaultAddress(), "scope", scope));
        return name;
    }

    @Test
    void aDeletedUserCanNoLongerUseTheirSessionKeysOrToken() {
        String project = h.project(admin, "p");
        ApiHarness.Session dora = h.member(admin, "dora");
        h.addMember(admin, project, dora);
        String cfg = config("platform");
        h.expect(200, "PUT", "/api/v1/vault-configs/" + cfg + "/token", dora.token(),
                Map.of("token", h.vaultToken(Duration.ofHours(1), "default")));
        String key = h.expect(201, "POST", "/api/v1/api-keys", dora.token(), Map.of("name", "k")).json().get("key").asText();

        h.expect(204, "DELETE", "/api/v1/users/" + dora.username(), admin.token(), null);
        assertThat(h.call("GET", "/api/v1/me", dora.token(), null).status()).isEqualTo(401);
        assertThat(h.call("GET", "/api/v1/me", key, null).status()).isEqualTo(401);
        JsonNode tokens = h.expect(200, "GET", "/api/v1/vault-configs/" + cfg + "/tokens", admin.token(), null).json();
        assertThat(tokens.get("tokens")).isEmpty();
        JsonNode members = h.expect(200, "GET", "/api/v1/projects/" + project + "/members", admin.token(), null).json();
        assertThat(members.get("members")).isEmpty();
        assertThat(h.call("GET", "/api/v1/users/" + dora.username(), admin.token(), null).status()).isEqualTo(404);
    }

    @Test
    void aDeletedConfigurationTakesItsTokensAlongAndConnectionsNamingItSayWhatIsMissing() {
        String project = h.project(admin, "p");
        ApiHarness.Session eve = h.member(admin, "eve");
        h.addMember(admin, project, eve);
        String cfg = config("platform");
        h.expect(200, "PUT", "/api/v1/vault-configs/" + cfg + "/token", eve.token(),
                Map.of("token", h.vaultToken(Duration.ofHours(1), "default")));
        h.expect(201, "POST", "/api/v1/projects/" + project + "/connections", eve.token(),
                Map.of("name", "c", "type", "SQL", "vault_secrets", List.of(cfg + ":secret/x")));

        h.expect(204, "DELETE", "/api/v1/vault-configs/" + cfg, admin.token(), null);
        assertThat(h.call("GET", "/api/v1/vault-configs/" + cfg + "/token", eve.token(), null).status()).isEqualTo(404);
        ApiHarness.Reply r = h.call("POST", "/api/v1/projects/" + project + "/connections/c/resolve", eve.token(), Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.message()).contains(cfg, "secret/x");
        // a new configuration of the same name does not inherit the old one's tokens
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of("name", cfg, "url", h.vaultAddress()));
        assertThat(h.call("GET", "/api/v1/vault-configs/" + cfg + "/token", eve.token(), null).status()).isEqualTo(404);
    }

    @Test
    void aDeletedProjectTakesItsConnectionsAlong() {
        String project = h.project(admin, "p");
        UUID id = projectId(project);
        String valueSecret = "typed-in-" + UUID.randomUUID();
        h.expect(201, "POST", "/api/v1/projects/" + project + "/connections", admin.token(),
                Map.of("name", "c", "type", "SQL", "value", Map.of("password", valueSecret)));

        h.expect(204, "DELETE", "/api/v1/projects/" + project, admin.token(), null);
        assertThat(h.call("GET", "/api/v1/projects/" + project + "/connections", admin.token(), null).status()).isEqualTo(404);
        // the connection's value may hold what a user typed in (a password): it must not outlive the project
        long left = h.platform().database().jdbi().withHandle(hd -> hd.createQuery(
                "SELECT count(*) FROM connections WHERE project_id = :p").bind("p", id).mapTo(Long.class).one());
        assertThat(left).as("connections of the deleted project left in the database").isZero();
    }

    @Test
    void aConfigurationWhoseOnlyProjectWasDeletedStaysEditableByAdmins() {
        String project = h.project(admin, "p");
        String cfg = config(List.of(project));
        h.expect(204, "DELETE", "/api/v1/projects/" + project, admin.token(), null);

        JsonNode view = h.expect(200, "GET", "/api/v1/vault-configs/" + cfg, admin.token(), null).json();
        assertThat(view.get("scope").isArray() && view.get("scope").isEmpty()).as("scope %s", view.get("scope")).isTrue();
        h.expect(200, "PATCH", "/api/v1/vault-configs/" + cfg, admin.token(), Map.of("cache_ttl", 60));
        JsonNode widened = h.expect(200, "PATCH", "/api/v1/vault-configs/" + cfg, admin.token(), Map.of("scope", "platform")).json();
        assertThat(widened.get("scope").asText()).isEqualTo("platform");
    }

    private UUID projectId(String name) {
        for (JsonNode p : h.expect(200, "GET", "/api/v1/projects", admin.token(), null).json().get("projects")) {
            if (p.get("name").asText().equals(name)) {
                return UUID.fromString(p.get("id").asText());
            }
        }
        throw new AssertionError("no project " + name);
    }
}
