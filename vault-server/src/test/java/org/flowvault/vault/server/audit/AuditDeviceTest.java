package org.flowvault.vault.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file audit device: JSON lines, sensitive strings HMAC'ed, and fail-closed on write errors. */
class AuditDeviceTest {
    @TempDir
    Path dir;

    @Test
    void logsEveryRequestWithSecretsAndTokensHashed() throws Exception {
        try (TestVault vault = TestVault.dev()) {
            Path log = dir.resolve("audit.log");
            assertThat(vault.call("PUT", "sys/audit/file", vault.rootToken(),
                    Map.of("type", "file", "options", Map.of("file_path", log.toString()))).status()).isEqualTo(204);
            vault.call("POST", "secret/data/app", vault.rootToken(), Map.of("data", Map.of("password", "correct-horse-battery")));
            vault.call("GET", "secret/data/app", vault.rootToken(), null);

            List<String> lines = Files.readAllLines(log);
            assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
            String all = String.join("\n", lines);
            assertThat(all).doesNotContain("correct-horse-battery").doesNotContain(vault.rootToken());
            assertThat(all).contains("\"type\":\"request\"").contains("\"type\":\"response\"").contains("secret/data/app");

            String hash = vault.call("POST", "sys/audit-hash/file", vault.rootToken(), Map.of("input", "correct-horse-battery"))
                    .json().get("data").get("hash").asText();
            assertThat(hash).startsWith("hmac-sha256:");
            assertThat(all).contains(hash);

            TestVault.Reply list = vault.call("GET", "sys/audit", vault.rootToken(), null);
            assertThat(list.json().get("data").get("file/").get("type").asText()).isEqualTo("file");
        }
    }

    @Test
    void aDeviceThatCannotWriteFailsTheRequest() throws Exception {
        try (TestVault vault = TestVault.dev()) {
            Path logDir = Files.createDirectory(dir.resolve("logs"));
            Path log = logDir.resolve("audit.log");
            vault.call("PUT", "sys/audit/file", vault.rootToken(), Map.of("type", "file", "options", Map.of("file_path", log.toString())));
            assertThat(vault.call("GET", "sys/mounts", vault.rootToken(), null).status()).isEqualTo(200);

            Files.delete(log);
            Files.delete(logDir); // the log can no longer be reopened

            TestVault.Reply failed = vault.call("POST", "secret/data/blocked", vault.rootToken(), Map.of("data", Map.of("a", "b")));
            assertThat(failed.status()).isEqualTo(500);
            Files.createDirectory(logDir);
            assertThat(vault.call("GET", "secret/data/blocked", vault.rootToken(), null).status())
                    .as("the failed write never reached storage").isEqualTo(404);
        }
    }

    @Test
    void enablingOnAnUnwritablePathIsRejected() {
        try (TestVault vault = TestVault.dev()) {
            TestVault.Reply r = vault.call("PUT", "sys/audit/file", vault.rootToken(),
                    Map.of("type", "file", "options", Map.of("file_path", dir.resolve("missing/dir/audit.log").toString())));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).asText()).contains("unable to open");
        }
    }
}
