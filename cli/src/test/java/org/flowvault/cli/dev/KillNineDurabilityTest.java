package org.flowvault.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowvault dev} killed with SIGKILL right after it acknowledged writes loses none of them:
 * a child JVM serves the API, answers 202 to 30 run starts and 201 to a connection create (the
 * embedded Vault answers a secret write), is killed at once, and a restart on the same data
 * directory still has every run, the connection and the Vault secret. Runs the dead node held are
 * re-queued with a log line naming the lost node, then reach the same state as the others. Last,
 * the data directory is scanned: no H2 trace file, and no secret written through the API in
 * plaintext in any file.
 */
class KillNineDurabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int RUNS = 30;
    /** A sensitive input written to Vault by a VAULT step, then a form that keeps the run waiting. */
    private static final String FLOW = """
            name: durable
            retry: 1
            inputs:
              n: integer
              note: string
              api_token: {type: string, sensitive: true}
            steps:
              - id: store
                task: VAULT
                inputs:
                  vault_config: local
                  command: write
                  path: secret/durable/run-${{ inputs.n }}
                  data:
                    token: ${{ inputs.api_token }}
              - id: confirm
                message:
                  subject: Confirm the stored token
                  fields:
                    - {name: ok, type: string, label: OK}
            """;

    @Test
    void everyAcknowledgedWriteSurvivesKillNineAndNothingSecretIsOnDiskInPlaintext(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path home = dir.resolve("home");
        String marker = "k9secret" + HexFormat.of().formatHex(random(8));
        String visible = "k9visible" + HexFormat.of().formatHex(random(8));
        // the Vault keeps its address across the restart, as with the default 127.0.0.1:8200: queued runs
        // resume before dev points the "local" configuration at a new address
        String vaultListen = "127.0.0.1:" + freePort();

        DevNode first = DevNode.start(data, home, vaultListen, dir.resolve("dev-1.log"));
        List<String> runIds = new ArrayList<>();
        try {
            Api api = Api.of(first);
            api.expect(201, "POST", "projects/demo/flows", Map.of("source", FLOW));
            Vault vault = Vault.of(api, data);
            vault.expect(200, "POST", "secret/data/durable/direct", Map.of("data", Map.of("token", marker + "-direct")));
            // the run starts and the connection create at once, as busy clients send them; the kill follows the last answer
            List<CompletableFuture<JsonNode>> starts = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                starts.add(api.async(202, "POST", "projects/demo/flows/durable/runs",
                        Map.of("inputs", Map.of("n", i, "note", visible, "api_token", marker + "-run-" + i))));
            }
            CompletableFuture<JsonNode> connection = api.async(201, "POST", "projects/demo/connections", Map.of("name", "durable-conn",
                    "type", "HTTP", "value", Map.of("url", "https://api.example.com/v1"), "description", "created right before kill -9"));
            for (CompletableFuture<JsonNode> start : starts) {
                runIds.add(answer(start).path("id").asText());
            }
            answer(connection);
            first.killNine();
        } finally {
            first.stopIfAlive();
        }

        DevNode second = DevNode.start(data, home, vaultListen, dir.resolve("dev-2.log"));
        try {
            Api api = Api.of(second);
            Vault vault = Vault.of(api, data);
            // every acknowledged write is there (counted first, so a failure says how many were lost)
            List<String> missingRuns = runIds.stream().filter(id -> api.status("runs/" + id) == 404).toList();
            int connection = api.status("projects/demo/connections/durable-conn");
            int vaultSecret = vault.status("secret/data/durable/direct");
            assertThat(List.of("runs missing: " + missingRuns.size() + " of " + RUNS, "connection: HTTP " + connection,
                    "Vault secret: HTTP " + vaultSecret))
                    .as("acknowledged writes after kill -9")
                    .containsExactly("runs missing: 0 of " + RUNS, "connection: HTTP 200", "Vault secret: HTTP 200");
            assertThat(api.expect(200, "GET", "projects/demo/connections/durable-conn", null).path("value").asText())
                    .contains("https://api.example.com/v1");
            assertThat(vault.expect(200, "GET", "secret/data/durable/direct", null).at("/data/data/token").asText())
                    .isEqualTo(marker + "-direct");

            // a run the dead node held is recovered once its lease lapses (re-queued, its log names the lost
            // node), so all end waiting for the person's input
            await().atMost(Duration.ofSeconds(55)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String id : runIds) {
                    JsonNode run = api.expect(200, "GET", "runs/" + id, null);
                    assertThat(run.path("status").asText()).as("run %s: %s", id, run).isEqualTo("waiting_for_input");
                }
            });
            for (int i = 0; i < RUNS; i++) {
                JsonNode run = api.expect(200, "GET", "runs/" + runIds.get(i), null);
                assertThat(run.path("inputs").path("api_token").asText()).isEqualTo("****");
                assertThat(run.path("inputs").path("n").asInt()).isEqualTo(i);
                if (run.path("attempt").asInt() > 1) {
                    assertThat(api.expect(200, "GET", "runs/" + runIds.get(i) + "/logs", null).path("lines").toString())
                            .as("run %s was recovered", i).contains("stopped while running").contains("re-queued");
                }
                assertThat(vault.expect(200, "GET", "secret/data/durable/run-" + i, null).at("/data/data/token").asText())
                        .isEqualTo(marker + "-run-" + i);
            }
        } finally {
            second.stop();
        }

        assertNothingSecretOnDisk(data, marker, visible);
    }

    /**
     * No H2 trace file anywhere under {@code data}, and no file holding the secrets' common marker;
     * the runs' visible input is found in the platform's database file, so the scan does see
     * plaintext where there is some.
     */
    private static void assertNothingSecretOnDisk(Path data, String marker, String visible) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("H2 trace files (they can hold bound values)")
                .noneMatch(f -> f.getFileName().toString().endsWith(".trace.db"));
        assertThat(files.stream().filter(f -> contains(read(f), visible.getBytes(StandardCharsets.UTF_8))).map(Path::getFileName))
                .as("files holding the runs' visible input").contains(Path.of("flowvault.mv.db"));
        assertThat(files.stream().filter(f -> contains(read(f), marker.getBytes(StandardCharsets.UTF_8))))
                .as("files holding a secret in plaintext").isEmpty();
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** A {@code flowvault dev} child JVM; serving once it has saved the CLI login. */
    /** The Flowvault REST API, with the saved login's API key; every answer's status is checked. */
    private record Api(URI base, String token, DevNode node) {
        static Api of(DevNode node) throws IOException {
            JsonNode login = JSON.readTree(node.home().resolve("login.json").toFile());
            return new Api(URI.create(login.path("address").asText() + "/api/v1/"), login.path("token").asText(), node);
        }

        JsonNode expect(int status, String method, String path, Object body) {
            return answer(async(status, method, path, body));
        }

        CompletableFuture<JsonNode> async(int status, String method, String path, Object body) {
            return send(base.resolve(path), "Authorization", "Bearer " + token, status, method, body, node);
        }

        int status(String path) {
            return KillNineDurabilityTest.status(base.resolve(path), "Authorization", "Bearer " + token);
        }
    }

    /** The embedded Vault's HTTP API, at the address the platform's {@code local} configuration has, with the root token. */
    private record Vault(URI base, String token, DevNode node) {
        static Vault of(Api api, Path data) throws IOException {
            String url = api.expect(200, "GET", "vault-configs/local", null).path("url").asText();
            String root = JSON.readTree(data.resolve("vault").resolve("dev-keys.json").toFile()).path("root_token").asText();
            return new Vault(URI.create(url.replaceAll("/$", "") + "/v1/"), root, api.node());
        }

        JsonNode expect(int status, String method, String path, Object body) {
            return answer(send(base.resolve(path), "X-Vault-Token", token, status, method, body, node));
        }

        int status(String path) {
            return KillNineDurabilityTest.status(base.resolve(path), "X-Vault-Token", token);
        }
    }

    private static CompletableFuture<JsonNode> send(URI uri, String authHeader, String auth, int status, String method, Object body,
                                                    DevNode node) {
        byte[] json;
        try {
            json = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header(authHeader, auth)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            assertThat(r.statusCode()).as("%s %s answered %s\n--- dev output, %s", method, uri, r.body(), node.diagnosis()).isEqualTo(status);
            try {
                return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static int status(URI uri, String authHeader, String auth) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header(authHeader, auth).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer, or the assertion or I/O error that refused it, unwrapped. */
    private static JsonNode answer(CompletableFuture<JsonNode> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
