package org.flowvault.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.Test;

/** The audit trail over the real REST API: list, filters, paging, export, verify, visibility and used-by. */
class AuditApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordsAreListedFilteredPagedExportedAndVerifiedAndMembersSeeOnlyTheirProjects() throws Exception {
        try (ApiHarness h = ApiHarness.open(Database.Dialect.H2)) {
            ApiHarness.Session admin = h.bootstrapAdmin();
            String project = h.project(admin, "audit");
            String other = h.project(admin, "other");
            ApiHarness.Session alice = h.member(admin, "alice");
            h.addMember(admin, project, alice);
            String config = ApiHarness.random("vc");
            h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of("name", config, "url", h.vaultAddress()));
            String policy = h.kvPolicy("app", "read", "create", "update");
            String token = h.vaultToken(Duration.ofHours(72), policy);
            h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", alice.token(), Map.of("token", token));
            h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", admin.token(), Map.of("token", h.vaultToken(Duration.ofHours(72), policy)));
            String secret = "audit-api-pw-" + ApiHarness.random("s");
            h.vaultSecret("app/db", Map.of("password", secret));
            for (String p : List.of(project, other)) {
                h.expect(201, "POST", "/api/v1/projects/" + p + "/connections", admin.token(), Map.of(
                        "name", "db", "type", "SQL", "value", "{\"password\": \"vault.secret(password)\"}",
                        "vault_secrets", List.of(config + ":secret/data/app/db")));
            }
            for (int i = 0; i < 2; i++) {
                h.expect(200, "GET", "/api/v1/projects/" + project + "/connections/db/preview", alice.token(), null);
            }
            JsonNode key = h.expect(201, "POST", "/api/v1/api-keys", alice.token(), Map.of("name", "audit-key")).json();
            h.expect(200, "GET", "/api/v1/projects/" + project + "/connections/db/preview", key.get("key").asText(), null);
            h.expect(200, "GET", "/api/v1/projects/" + other + "/connections/db/preview", admin.token(), null);
            h.platform().audit().flush(Duration.ofSeconds(10));

            JsonNode mine = h.expect(200, "GET", "/api/v1/audit?action=connection.preview&user=" + alice.username(), alice.token(), null).json();
            // the use through the API key names the key; the session uses name none
            assertThat(mine.get("records")).extracting(r -> r.path("api_key_id").asText(null))
                    .containsExactly(key.get("id").asText(), null, null);
            assertThat(mine.get("records")).hasSize(3).allSatisfy(r -> {
                assertThat(r.get("path").asText()).isEqualTo("secret/data/app/db");
                assertThat(r.get("config").asText()).isEqualTo(config);
                assertThat(r.get("connection").asText()).isEqualTo("db");
                assertThat(r.get("kv_version").asLong()).isEqualTo(1);
            });
            // a member sees none of the other project's records; an admin sees them
            JsonNode aliceAll = h.expect(200, "GET", "/api/v1/audit?limit=1000", alice.token(), null).json();
            assertThat(aliceAll.get("records")).allSatisfy(r -> assertThat(r.path("username").asText()).isNotEqualTo(admin.username()));
            JsonNode adminView = h.expect(200, "GET", "/api/v1/audit?path=" + config + ":secret/data/app/db", admin.token(), null).json();
            assertThat(adminView.get("records")).hasSize(4);

            JsonNode page1 = h.expect(200, "GET", "/api/v1/audit?path=secret/data/app/db&limit=2", admin.token(), null).json();
            assertThat(page1.get("records")).hasSize(2);
            long cursor = page1.get("next_before").asLong();
            JsonNode page2 = h.expect(200, "GET", "/api/v1/audit?path=secret/data/app/db&limit=2&before=" + cursor, admin.token(), null).json();
            assertThat(page2.get("records")).hasSize(2);
            assertThat(page2.at("/records/0/seq").asLong()).isLessThan(cursor);

            ApiHarness.Reply export = h.expect(200, "GET", "/api/v1/audit/export?action=connection.preview", admin.token(), null);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : export.body().split("\n")) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).hasSize(4).extracting(n -> n.get("seq").asLong()).isSorted();

            JsonNode verified = h.expect(200, "GET", "/api/v1/audit/verify", admin.token(), null).json();
            assertThat(verified.get("intact").asBoolean()).isTrue();
            assertThat(h.call("GET", "/api/v1/audit/verify", alice.token(), null).status()).isEqualTo(403);

            // bad filters are 400s naming the parameter, never echoing it
            for (String bad : List.of("since=yesterday-ish", "run=not-a-run", "limit=100000", "action=steal-it", "before=minus-zwei")) {
                ApiHarness.Reply r = h.call("GET", "/api/v1/audit?" + bad, admin.token(), null);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.message()).as(bad).doesNotContain(bad.substring(bad.indexOf('=') + 1));
            }

            h.platform().audit().flush(java.time.Duration.ofSeconds(10));
            String everything = org.flowvault.platform.audit.StoredBlocks.dump(h.platform().database());
            assertThat(everything).doesNotContain(secret, token, key.get("key").asText());
            assertThat(String.join("\n", h.bodies())).doesNotContain(secret, token);
        }
    }

    @Test
    void usedByFollowsConnectionAndFlowChanges() {
        try (ApiHarness h = ApiHarness.open(Database.Dialect.H2)) {
            ApiHarness.Session admin = h.bootstrapAdmin();
            String project = h.project(admin, "usedby");
            String config = ApiHarness.random("vc");
            h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of("name", config, "url", h.vaultAddress()));
            String policy = h.kvPolicy("svc", "read");
            h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", admin.token(), Map.of("token", h.vaultToken(Duration.ofHours(72), policy)));
            h.vaultSecret("svc/api", Map.of("key", "ub-" + ApiHarness.random("k")));
            h.vaultSecret("svc/base", Map.of("region", "eu"));
            String base = "/api/v1/projects/" + project;
            String usedBy = base + "/used-by?path=" + config + ":secret/svc/api";

            JsonNode none = h.expect(200, "GET", usedBy, admin.token(), null).json();
            assertThat(none.get("connections")).isEmpty();
            assertThat(none.get("flows")).isEmpty();
            assertThat(none.has("last_used")).isFalse();

            h.expect(201, "POST", base + "/connections", admin.token(), Map.of("name", "api", "type", "HTTP",
                    "value", "{}", "vault_secrets", List.of(config + ":secret/data/svc/base", config + ":secret/data/svc/api")));
            h.expect(201, "POST", base + "/connections", admin.token(), Map.of("name", "unrelated", "type", "HTTP", "value", "{}"));
            h.expect(201, "POST", base + "/flows", admin.token(), Map.of("source",
                    "name: calls-api\nsteps:\n  - id: call\n    connection: api\n"));
            h.expect(200, "GET", base + "/connections/api/preview", admin.token(), null);
            h.platform().audit().flush(Duration.ofSeconds(10));

            JsonNode used = h.expect(200, "GET", usedBy, admin.token(), null).json();
            assertThat(used.get("connections")).extracting(n -> n.get("name").asText()).containsExactly("api");
            assertThat(used.at("/connections/0/last_used").asText()).isNotEmpty();
            assertThat(used.get("flows")).extracting(n -> n.get("name").asText()).containsExactly("calls-api");
            assertThat(used.get("last_used").asText()).as("found though the path is the record's second").isNotEmpty();
            // one record for the preview, naming both paths
            JsonNode records = h.expect(200, "GET", "/api/v1/audit?path=" + config + ":secret/data/svc/api", admin.token(), null).json();
            assertThat(records.get("records")).hasSize(1);
            assertThat(records.at("/records/0/path").asText()).isEqualTo("secret/data/svc/base");
            assertThat(records.at("/records/0/secrets")).extracting(n -> n.get("config").asText() + ":" + n.get("path").asText())
                    .containsExactly(config + ":secret/data/svc/base", config + ":secret/data/svc/api");

            // detach the secret: neither the connection nor the flow using it references it any more
            h.expect(200, "PUT", base + "/connections/api", admin.token(), Map.of("vault_secrets", List.of()));
            JsonNode after = h.expect(200, "GET", usedBy, admin.token(), null).json();
            assertThat(after.get("connections")).isEmpty();
            assertThat(after.get("flows")).isEmpty();
            assertThat(after.get("last_used").asText()).isNotEmpty(); // the trail still remembers the use

            assertThat(h.call("GET", base + "/used-by", admin.token(), null).status()).isEqualTo(400);
        }
    }
}
