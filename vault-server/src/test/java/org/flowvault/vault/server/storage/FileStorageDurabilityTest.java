package org.flowvault.vault.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file storage promise, tested the hard way: a server in a child JVM acknowledges writes, is
 * killed with SIGKILL mid-stream, and a fresh process on the same directory (after unsealing)
 * serves every acknowledged write. The directory never holds a secret or token in plaintext.
 */
class FileStorageDurabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillDashNineAndStorageHoldsNoPlaintext() throws Exception {
        Path config = dir.resolve("vault.hcl");
        Files.writeString(config, "storage \"file\" { path = \"" + dir.resolve("data") + "\" }\n"
                + "listener \"tcp\" { address = \"127.0.0.1:0\"\n tls_disable = true }\n");

        Process first = start(config);
        String addr = "http://127.0.0.1:" + port(first);
        JsonNode init = call(addr, "PUT", "sys/init", null, Map.of("secret_shares", 3, "secret_threshold", 2)).body;
        List<String> keys = new ArrayList<>();
        init.get("keys").forEach(k -> keys.add(k.asText()));
        String root = init.get("root_token").asText();
        unseal(addr, keys);
        assertThat(call(addr, "POST", "sys/mounts/secret", root, Map.of("type", "kv", "options", Map.of("version", "2"))).status)
                .isEqualTo(204);
        Reply firstWrite = call(addr, "POST", "secret/data/durable/first", root, Map.of("data", Map.of("value", "x")));
        assertThat(firstWrite.status).as(String.valueOf(firstWrite.body)).isEqualTo(200);

        ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100_000; i++) {
                try {
                    Reply r = call(addr, "POST", "secret/data/durable/k" + i, root,
                            Map.of("data", Map.of("value", "plaintext-marker-" + i)));
                    if (r.status == 200) {
                        acknowledged.add(i);
                    }
                } catch (IOException | InterruptedException e) {
                    return; // the server died under us: stop writing
                }
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 40 || !writer.isAlive());
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40);
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
        writer.join();

        Process second = start(config);
        try {
            String addr2 = "http://127.0.0.1:" + port(second);
            assertThat(call(addr2, "GET", "sys/seal-status", null, null).body.get("sealed").asBoolean()).isTrue();
            assertThat(call(addr2, "GET", "secret/data/durable/k0", root, null).status).isEqualTo(503);
            unseal(addr2, keys);
            for (int i : acknowledged) {
                Reply r = call(addr2, "GET", "secret/data/durable/k" + i, root, null);
                assertThat(r.status).as("acknowledged write k%d", i).isEqualTo(200);
                assertThat(r.body.get("data").get("data").get("value").asText()).isEqualTo("plaintext-marker-" + i);
            }
        } finally {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain("plaintext-marker").doesNotContain(root);
                assertThat(f.toString()).doesNotContain(root).doesNotContain("durable");
            }
        }
    }

    private static Process start(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(), config.toString())
                .redirectErrorStream(true).start();
    }

    private static int port(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("LISTENING ")) {
                Thread.ofVirtual().start(() -> drain(out));
                return Integer.parseInt(line.substring(10).trim());
            }
        }
        throw new IllegalStateException("server process exited before listening");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe from filling
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    private static void unseal(String addr, List<String> keys) throws Exception {
        call(addr, "PUT", "sys/unseal", null, Map.of("key", keys.get(0)));
        JsonNode s = call(addr, "PUT", "sys/unseal", null, Map.of("key", keys.get(2))).body;
        assertThat(s.get("sealed").asBoolean()).isFalse();
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply call(String addr, String method, String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(addr + "/v1/" + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }
}
