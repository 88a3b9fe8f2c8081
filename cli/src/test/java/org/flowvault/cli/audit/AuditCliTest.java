package org.flowvault.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.cli.CliProcess;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowvault audit ...} as a user runs it (a child JVM) against the real server. */
class AuditCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listExportVerifyAndUsedByWorkAndVerifyExitsNonZeroOnATamperedRecord(@TempDir Path home) throws Exception {
        try (ApiHarness h = ApiHarness.open(Database.Dialect.H2)) {
            ApiHarness.Session admin = h.bootstrapAdmin();
            String project = h.project(admin, "cliaudit");
            String config = ApiHarness.random("vc");
            h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of("name", config, "url", h.vaultAddress()));
            String policy = h.kvPolicy("cli", "read");
            h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", admin.token(),
                    Map.of("token", h.vaultToken(Duration.ofHours(72), policy)));
            String secret = "cli-audit-" + ApiHarness.random("s");
            h.vaultSecret("cli/db", Map.of("password", secret));
            h.expect(201, "POST", "/api/v1/projects/" + project + "/connections", admin.token(), Map.of("name", "db", "type", "SQL",
                    "value", "{}", "vault_secrets", List.of(config + ":secret/data/cli/db")));
            h.expect(200, "GET", "/api/v1/projects/" + project + "/connections/db/preview", admin.token(), null);
            h.platform().audit().flush(Duration.ofSeconds(10));
            CliProcess cli = new CliProcess(home, h.api().address(), admin.token(), project);

            CliProcess.Result list = cli.run("audit", "list", "--path", "secret/data/cli/db", "--action", "connection.preview");
            assertThat(list.exit()).as("%s", list).isZero();
            assertThat(list.out()).contains("SEQ", "ACTION", "connection.preview", config + ":secret/data/cli/db", admin.username());
            CliProcess.Result json = cli.run("audit", "list", "--user", admin.username(), "--output", "json");
            assertThat(JSON.readTree(json.out()).get("records").size()).isGreaterThanOrEqualTo(2); // token registration and preview

            CliProcess.Result export = cli.run("audit", "export", "--since", "2000-01-01");
            assertThat(export.exit()).as("%s", export).isZero();
            List<String> lines = export.out().lines().toList();
            assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(JSON.readTree(l).has("seq")).isTrue());

            CliProcess.Result usedBy = cli.run("audit", "used-by", "--path", config + ":secret/cli/db");
            assertThat(usedBy.out()).as("%s", usedBy).contains("connection", "db");

            CliProcess.Result ok = cli.run("audit", "verify");
            assertThat(ok.exit()).as("%s", ok).isZero();
            assertThat(ok.out()).contains("intact");

            long last = h.platform().database().jdbi().withHandle(x -> x.createQuery("SELECT seq FROM audit_chain WHERE id = 'head'")
                    .mapTo(Long.class).one());
            org.flowvault.platform.audit.StoredBlocks.backdate(h.platform().database(), last, 3_600_000_000L); // an hour
            CliProcess.Result broken = cli.run("audit", "verify");
            assertThat(broken.exit()).isEqualTo(AuditCommand.BROKEN);
            assertThat(broken.err()).contains("BROKEN at record " + last);

            CliProcess.Result bad = cli.run("audit", "list", "--since", "last tuesday");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("--since must be an ISO-8601 time");
            assertThat(list.out() + json.out() + export.out() + usedBy.out()).doesNotContain(secret);
            for (String sub : List.of("list", "export", "verify", "used-by")) {
                CliProcess.Result r = cli.run("audit", sub, "--help");
                assertThat(r.exit()).as(sub).isZero();
                assertThat(r.out()).as(sub).contains("Usage:");
            }
        }
    }
}
