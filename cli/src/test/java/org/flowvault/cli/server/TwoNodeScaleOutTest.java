package org.flowvault.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out, shown: two {@code flowvault server} child JVMs on one fresh PostgreSQL schema with one
 * master key. Runs started on either node are executed exactly once (the HTTP endpoint each run
 * calls counts its calls); a node killed with SIGKILL while holding runs leaves them to the other
 * node, which recovers them once their lease lapses. Skipped without FLOWVAULT_TEST_POSTGRES_URL.
 */
class TwoNodeScaleOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FLOW = """
            name: calls
            retry: 1
            inputs:
              kind: string
              n: integer
            steps:
              - id: call
                task: HTTP
                inputs:
                  url: http://127.0.0.1:%d/${{ inputs.kind }}/${{ inputs.n }}
                  timeout_seconds: 120
            """;

    @Test
    void runsOnEitherNodeRunOnceAndAKilledNodesRunsAreRecoveredByTheOther(@TempDir Path dir) throws Exception {
        String base = System.getenv("FLOWVAULT_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(base != null && !base.isBlank(),
                "FLOWVAULT_TEST_POSTGRES_URL is not set: the two-node scale-out test needs PostgreSQL, e.g. "
                        + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String schema = "scale" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String dbUrl = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;

        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        endpoint.createContext("/", ex -> {
            calls.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
            if (ex.getRequestURI().getPath().startsWith("/hold/")) {
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{\"ok\":true}".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        endpoint.start();
        int endpointPort = endpoint.getAddress().getPort();

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String masterKey = Base64.getEncoder().encodeToString(key);
        Node one = Node.start(dir, "node-1", dbUrl, masterKey, endpointPort, true);
        Node two = null;
        try {
            String password = one.awaitAdminPassword();
            two = Node.start(dir, "node-2", dbUrl, masterKey, endpointPort, false);
            two.awaitServing();
            Api a = Api.login(one.url(), password);
            Api b = Api.login(two.url(), password);
            a.send(201, "POST", "projects", Map.of("name", "scale"));
            b.send(201, "POST", "projects/scale/flows", Map.of("source", FLOW.formatted(endpointPort)));

            // quick runs, started alternately on both nodes: each calls its endpoint once
            List<String> quick = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                quick.add((i % 2 == 0 ? a : b).send(202, "POST", "projects/scale/flows/calls/runs",
                        Map.of("inputs", Map.of("kind", "quick", "n", i))).path("id").asText());
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                for (String id : quick) {
                    assertThat(a.send(200, "GET", "runs/" + id, null).path("status").asText()).as("run %s", id).isEqualTo("succeeded");
                }
            });
            for (int i = 0; i < 20; i++) {
                assertThat(calls.get("/quick/" + i)).as("calls of run %d", i).hasValue(1);
                assertThat(b.send(200, "GET", "runs/" + quick.get(i), null).path("attempt").asInt()).isEqualTo(1);
            }

            // held runs: both nodes hold some, node 1 is killed, node 2 recovers node 1's runs
            List<String> held = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                held.add((i % 2 == 0 ? a : b).send(202, "POST", "projects/scale/flows/calls/runs",
                        Map.of("inputs", Map.of("kind", "hold", "n", i))).path("id").asText());
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                List<String> holders = held.stream().map(id -> b.send(200, "GET", "runs/" + id, null))
                        .filter(r -> r.path("status").asText().equals("running")).map(r -> r.path("claimed_by").asText()).toList();
                return holders.contains("node-1") && holders.contains("node-2");
            });
            List<String> heldByOne = held.stream().filter(id -> b.send(200, "GET", "runs/" + id, null).path("claimed_by").asText()
                    .equals("node-1")).toList();
            one.process().destroyForcibly().waitFor();
            release.countDown();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String id : held) {
                    JsonNode run = b.send(200, "GET", "runs/" + id, null);
                    assertThat(run.path("status").asText()).as("run %s: %s", id, run).isEqualTo("succeeded");
                }
            });
            assertThat(heldByOne).isNotEmpty();
            for (int i = 0; i < held.size(); i++) {
                JsonNode run = b.send(200, "GET", "runs/" + held.get(i), null);
                // node 1's runs ran again on node 2 (a second attempt, a second call); node 2's ran once
                int expected = heldByOne.contains(held.get(i)) ? 2 : 1;
                assertThat(run.path("attempt").asInt()).as("attempts of held run %d", i).isEqualTo(expected);
                assertThat(calls.get("/hold/" + i)).as("calls of held run %d", i).hasValue(expected);
            }
        } finally {
            one.process().destroyForcibly();
            if (two != null) {
                two.process().destroyForcibly();
            }
            endpoint.stop(0);
        }
    }

    private record Node(Process process, Path out, int port) {
        static Node start(Path dir, String id, String dbUrl, String masterKey, int endpointPort, boolean bootstrap) throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path config = dir.resolve(id + ".yaml");
            Files.writeString(config, "listen: 127.0.0.1:" + port + "\ndatabase: {url: \"" + dbUrl + "\", pool_size: 4}\nnode_id: " + id + "\n");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.flowvault.cli.Main", "server", "--config", config.toString()));
            if (bootstrap) {
                command.addAll(List.of("--bootstrap-admin", "ops"));
            }
            Path out = dir.resolve(id + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("FLOWVAULT_"));
            pb.environment().put("FLOWVAULT_HOME", dir.resolve("home-" + id).toString());
            pb.environment().put("FLOWVAULT_MASTER_KEY", masterKey);
            pb.environment().put("FLOWVAULT_TASK_EGRESS", "http://127.0.0.1:" + endpointPort);
            return new Node(pb.start(), out, port);
        }

        String url() {
            return "http://127.0.0.1:" + port + "/api/v1/";
        }

        void awaitServing() {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(out).contains("serving"));
        }

        String awaitAdminPassword() throws IOException {
            awaitServing();
            Matcher m = Pattern.compile("Created admin ops with password (\\S+)").matcher(Files.readString(out));
            assertThat(m.find()).as("bootstrap admin printed").isTrue();
            return m.group(1);
        }
    }

    private record Api(String base, String token) {
        static Api login(String base, String password) {
            String token = new Api(base, null).send(200, "POST", "auth/login", Map.of("username", "ops", "password", password))
                    .path("token").asText();
            return new Api(base, token);
        }

        JsonNode send(int expected, String method, String path, Object body) {
            try {
                HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
                if (token != null) {
                    rb.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
                return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
