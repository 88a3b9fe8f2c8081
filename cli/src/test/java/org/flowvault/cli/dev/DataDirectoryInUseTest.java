package org.flowvault.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowvault.cli.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second {@code flowvault dev} on a data directory in use stops at once with a message naming
 * the process that holds it and how to run a second one: exit 1, no stack trace, and the first
 * one keeps serving.
 */
class DataDirectoryInUseTest {

    @Test
    void aSecondDevOnADataDirectoryInUseSaysWhoHoldsItWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        DevNode first = DevNode.start(data, dir.resolve("home-1"), "127.0.0.1:0", dir.resolve("dev-1.log"));
        try {
            Path home = Files.createDirectories(dir.resolve("home-2"));
            CliProcess.Result second = new CliProcess(home, "http://127.0.0.1:9", "unused", null)
                    .run("dev", "--data", data.toString(), "--listen", "127.0.0.1:0", "--vault-listen", "127.0.0.1:0", "--once");

            assertThat(second.exit()).as("%s", second).isEqualTo(1);
            assertThat(second.err()).as("%s", second)
                    .contains("the data directory " + data.toAbsolutePath().normalize() + " is in use by another 'flowvault dev'")
                    .contains("(process " + first.process().pid() + ")")
                    .contains("--data DIR")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(second.out()).doesNotContain("Flowvault dev is running");
            assertThat(Files.exists(home.resolve("login.json"))).as("the second dev saved no login").isFalse();

            assertThat(first.process().isAlive()).as("the first dev still runs: %s", first.output()).isTrue();
            String address = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(first.home().resolve("login.json").toFile()).path("address").asText();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(address + "/api/v1/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            first.stop();
        }
    }
}
