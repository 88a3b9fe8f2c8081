package org.flowvault.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowvault server --log-format=json} as an operator runs it (a child JVM): every log line
 * on standard error parses as one JSON object; each API request has an access line with its route
 * template, status, user and request id; the metrics token set by {@code FLOWVAULT_METRICS_TOKEN}
 * guards {@code /metrics}; readiness answers 200. Nothing the process wrote shows the master key,
 * the database password, the metrics token or a session token.
 */
class ServerOperabilityTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLogsParseLineByLineCarryRequestIdsAndShowNoSecret(@TempDir Path dir) throws Exception {
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        String masterKey = Base64.getEncoder().encodeToString(keyBytes);
        String dbPassword = "db-" + UUID.randomUUID();
        String metricsToken = "mt-" + UUID.randomUUID();
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                database: {url: "jdbc:h2:file:%s", user: sa}
                node_id: json-node
                vault_url_allow_list: [vault.example.com]
                """.formatted(dir.resolve("db")));
        Path out = dir.resolve("out.txt");
        // the shipped logging configuration, not the logback-test.xml of the test class path
        String shipped = "-Dlogback.configurationFile=" + Path.of(ServerOperabilityTest.class.getResource("/logback.xml").toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), shipped,
                "-cp", System.getProperty("java.class.path"), "org.flowvault.cli.Main",
                "server", "--config", config.toString(), "--bootstrap-admin", "ops", "--log-format=json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("FLOWVAULT_"));
        pb.environment().putAll(Map.of("FLOWVAULT_HOME", dir.resolve("home").toString(), "FLOWVAULT_MASTER_KEY", masterKey,
                "FLOWVAULT_DATABASE_PASSWORD", dbPassword, "FLOWVAULT_METRICS_TOKEN", metricsToken));
        Process server = pb.start();
        String session;
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(out).contains("serving"));
            String printed = Files.readString(out);
            Matcher address = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)").matcher(printed);
            assertThat(address.find()).as(printed).isTrue();
            String base = address.group(1);
            assertThat(printed).contains("==> Metrics: " + base + "/metrics (bearer metrics token)");
            Matcher pw = Pattern.compile("Created admin ops with password (\\S+)").matcher(printed);
            assertThat(pw.find()).isTrue();

            HttpResponse<String> login = send(base, "POST", "/api/v1/auth/login", null,
                    "{\"username\":\"ops\",\"password\":\"" + pw.group(1) + "\"}");
            assertThat(login.statusCode()).isEqualTo(200);
            session = JSON.readTree(login.body()).path("token").asText();
            assertThat(send(base, "GET", "/api/v1/projects/nope-" + UUID.randomUUID() + "/connections", session, null).statusCode())
                    .isEqualTo(404);
            assertThat(send(base, "GET", "/metrics", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = send(base, "GET", "/metrics", metricsToken, null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("flowvault_resolutions_total{outcome=\"success\"}", "hikaricp_connections_max");
            assertThat(send(base, "GET", "/api/v1/ready", null, null).statusCode()).isEqualTo(200);
            // the access line of the last request is written after its answer: wait for it
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("GET /api/v1/ready 200"));
        } finally {
            server.destroy();
            server.waitFor();
        }

        String written = Files.readString(out);
        List<JsonNode> logs = new ArrayList<>();
        for (String line : written.split("\n")) {
            if (line.isBlank() || line.startsWith("==>")) {
                continue; // the banner on standard output
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a log line that is not JSON: " + line);
            }
            assertThat(node.isObject()).as("a log line that is not one JSON object: %s", line).isTrue();
            assertThat(node.has("ts") && node.has("level") && node.has("logger") && node.has("message")).as(line).isTrue();
            logs.add(node);
        }
        List<JsonNode> access = logs.stream().filter(l -> l.path("logger").asText().equals("org.flowvault.access")).toList();
        assertThat(access).extracting(l -> l.path("message").asText()).anySatisfy(m -> assertThat(m)
                .startsWith("GET /api/v1/projects/{project}/connections 404 ").endsWith("user=ops"));
        assertThat(access).extracting(l -> l.path("message").asText()).anySatisfy(m -> assertThat(m).startsWith("GET /metrics 401 "));
        assertThat(access).allSatisfy(l -> assertThat(l.path("request").asText()).matches("[0-9a-f-]{36}"));
        assertThat(access).extracting(l -> l.path("message").asText()).noneSatisfy(m -> assertThat(m).contains("nope-"));
        String hex = HexFormat.of().formatHex(keyBytes);
        for (String secret : List.of(masterKey, hex, dbPassword, metricsToken, session)) {
            assertThat(written).as("the process output shows a secret").doesNotContainIgnoringCase(secret);
            assertThat(written).doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static HttpResponse<String> send(String base, String method, String path, String bearer, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
