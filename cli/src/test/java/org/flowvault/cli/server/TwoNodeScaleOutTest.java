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
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out, shown: two {@code flowvault server} child JVMs on one fresh PostgreSQL schema with one
 * master key and one embedded Vault-API server. Runs started on either node are executed exactly
 * once (the HTTP endpoint each run calls counts its calls); a secret written, or a cache refreshed,
 * through one node is read afresh by the other (its audit records show the KV version it served);
 * a user's token due for renewal is renewed once, not once per node (the platform's audit trail
 * and Vault's own audit log agree); a node killed with SIGKILL while holding runs leaves them to
 * the other node, which recovers them once their lease lapses. Skipped without
 * FLOWVAULT_TEST_POSTGRES_URL.
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

    /** Seconds short of the user token's 72 h TTL at which it is due: it becomes due 20 s after its creation. */
    private static final int RENEWAL_THRESHOLD_SECONDS = 72 * 3600 - 20;

    @Test
    void runsOnEitherNodeRunOnceCachesInvalidateAcrossNodesATokenRenewsOnceAndAKilledNodesRunsAreRecovered(@TempDir Path dir)
            throws Exception {
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
        VaultServer vault = VaultServer.builder().dev().listen("127.0.0.1", 0).start();
        Path vaultAudit = dir.resolve("vault-audit.log");
        vaultCall(vault, "POST", "sys/audit/file", Map.of("type", "file", "options", Map.of("file_path", vaultAudit.toString())));
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

            cachesInvalidateAcrossNodesAndATokenRenewsOnce(vault, vaultAudit, a, b);

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
            vault.close();
        }
    }

    /**
     * One USER_TOKEN configuration with a one-hour cache, so that only an invalidation (never the
     * TTL) makes a node read Vault again; the admin's token becomes due for renewal 20 s after its
     * creation and, once renewed, is not due for another 20 s, while both nodes run a renewal round
     * every 2 s.
     */
    private static void cachesInvalidateAcrossNodesAndATokenRenewsOnce(VaultServer vault, Path vaultAudit, Api a, Api b)
            throws IOException, InterruptedException {
        vaultCall(vault, "PUT", "sys/policies/acl/scale-rw", Map.of("policy",
                "path \"secret/data/*\" { capabilities = [\"create\", \"update\", \"read\"] }"));
        String token = vaultCall(vault, "POST", "auth/token/create", Map.of("ttl", "72h", "renewable", true,
                "policies", List.of("scale-rw"))).path("auth").path("client_token").asText();
        vaultCall(vault, "POST", "secret/data/scale", Map.of("data", Map.of("password", "first-" + UUID.randomUUID())));
        a.send(201, "POST", "vault-configs", Map.of("name", "shared-vault", "url", vault.address(), "cache_ttl", "1h",
                "renewal_threshold", RENEWAL_THRESHOLD_SECONDS));
        b.send(200, "PUT", "vault-configs/shared-vault/token", Map.of("token", token));
        a.send(201, "POST", "projects/scale/connections", Map.of("name", "api", "type", "HTTP",
                "value", "url: https://api.example.com/\npassword: vault.secret(password)\n",
                "vault_secrets", List.of("shared-vault:secret/data/scale")));

        // node 2 caches version 1; node 1 writes version 2: node 2's next resolution serves version 2
        assertThat(previewOnNodeTwo(a, b, 1)).isEqualTo(1);
        assertThat(previewOnNodeTwo(a, b, 2)).as("a cache hit on node 2 serves version 1").isEqualTo(1);
        a.send(200, "POST", "vault-configs/shared-vault/secrets", Map.of("project", "scale", "path", "secret/data/scale",
                "data", Map.of("password", "second-" + UUID.randomUUID())));
        // invalidations travel by NOTIFY: the first preview after the write may still be served from the cache
        int previews = 2;
        while (previewOnNodeTwo(a, b, ++previews) != 2) {
            assertThat(previews).as("node 2 serves node 1's write within 20 previews").isLessThan(20);
        }

        // written behind the platform's back (version 3): a refresh through node 1 reaches node 2's cache
        vaultCall(vault, "POST", "secret/data/scale", Map.of("data", Map.of("password", "third-" + UUID.randomUUID())));
        assertThat(previewOnNodeTwo(a, b, ++previews)).as("node 2 still serves its cached version").isEqualTo(2);
        a.send(200, "POST", "vault-configs/shared-vault/refresh", null);
        while (previewOnNodeTwo(a, b, ++previews) != 3) {
            assertThat(previews).as("node 2 serves version 3 after node 1's refresh").isLessThan(40);
        }

        // the token is due 20 s after its creation; once renewed it is not due for 20 s: one renewal, by one node
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> records(a, "token.renew").size() >= 1);
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> records(a, "token.renew").size() == 1 && renewSelfCalls(vaultAudit) == 1);
        JsonNode renewal = records(a, "token.renew").getFirst();
        assertThat(renewal.path("outcome").asText()).isEqualTo("ok");
        assertThat(renewal.path("node").asText()).isIn("node-1", "node-2");
        assertThat(a.send(200, "GET", "vault-configs/shared-vault/token", null).path("last_renewal_at").isNull())
                .as("the token shows its renewal").isFalse();
    }

    /**
     * Previews the connection on node 2 (its {@code n}-th preview) and returns the KV version it
     * served, from the audit trail once that preview's record is there (records are written behind).
     */
    private static int previewOnNodeTwo(Api a, Api b, int n) throws InterruptedException {
        b.send(200, "GET", "projects/scale/connections/api/preview", null);
        List<JsonNode> mine = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            mine.clear();
            records(a, "connection.preview").stream().filter(r -> r.path("node").asText().equals("node-2")).forEach(mine::add);
            return mine.size() >= n;
        });
        assertThat(mine).as("one audit record per preview").hasSize(n);
        return mine.stream().max(java.util.Comparator.comparingLong(r -> r.path("seq").asLong())).orElseThrow()
                .path("kv_version").asInt();
    }

    private static List<JsonNode> records(Api api, String action) {
        List<JsonNode> out = new ArrayList<>();
        api.send(200, "GET", "audit?action=" + action, null).path("records").forEach(out::add);
        return out;
    }

    /** Renewals Vault answered, from its file audit device. */
    private static long renewSelfCalls(Path vaultAudit) throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(vaultAudit)) {
            JsonNode e = JSON.readTree(line);
            if (e.path("type").asText().equals("response") && e.path("request").path("path").asText().equals("auth/token/renew-self")) {
                n++;
            }
        }
        return n;
    }

    /** A root-token call to the embedded Vault-API server that must succeed. */
    private static JsonNode vaultCall(VaultServer vault, String method, String path, Object body) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                    .header("X-Vault-Token", vault.rootToken()).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("vault %s %s: %s", method, path, r.body()).isLessThan(300);
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Node(Process process, Path out, int port) {
        static Node start(Path dir, String id, String dbUrl, String masterKey, int endpointPort, boolean bootstrap) throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path config = dir.resolve(id + ".yaml");
            Files.writeString(config, "listen: 127.0.0.1:" + port + "\ndatabase: {url: \"" + dbUrl + "\", pool_size: 4}\nnode_id: " + id
                    + "\nvault_url_allow_list: [127.0.0.1]\nrenewal_interval: 2s\n");
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
