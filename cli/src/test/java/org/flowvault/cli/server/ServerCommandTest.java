package org.flowvault.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowvault server} as an operator starts it: a child JVM configured by a YAML file and
 * FLOWVAULT_* variables, on an H2 file database, with a bootstrap admin whose password is printed
 * once and works for a login; bad configuration fails with a message naming the fix.
 */
class ServerCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aNodeStartsFromYamlAndEnvironmentAndItsBootstrapAdminCanLogIn(@TempDir Path dir) throws Exception {
        int port = freePort();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:%d
                database: {url: "jdbc:h2:file:%s", user: sa}
                vault_url_allow_list: [vault.example.com]
                node_id: test-node
                """.formatted(port, dir.resolve("db")));
        Path out = dir.resolve("out.txt");
        Process server = start(dir, out, List.of("server", "--config", config.toString(), "--bootstrap-admin", "ops"),
                Base64.getEncoder().encodeToString(key));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(out).contains("serving"));
            String printed = Files.readString(out);
            assertThat(printed).contains("test-node").contains("http://127.0.0.1:" + port).contains("H2");
            assertThat(printed).contains("==> Tasks may connect to: any public host; private networks, loopback");
            Matcher m = Pattern.compile("Created admin ops with password (\\S+)").matcher(printed);
            assertThat(m.find()).as("bootstrap admin printed: %s", printed).isTrue();

            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ops\",\"password\":\"" + m.group(1) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("\"token\":\"fvs_");

            // the allow-list from the file is in force: a loopback Vault is refused with the fix named
            String token = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> create = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/vault-configs"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"url\":\"http://127.0.0.1:8200\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(create.statusCode()).isEqualTo(400);
            assertThat(create.body()).contains("allow-list").contains("vault.example.com");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void withoutAMasterKeyTheServerRefusesToStartAndSaysHowToMakeOne(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, "database: {url: \"jdbc:h2:file:" + dir.resolve("db") + "\"}\n");
        Path out = dir.resolve("out.txt");
        Process server = start(dir, out, List.of("server", "--config", config.toString()), null);
        assertThat(server.waitFor()).isEqualTo(2);
        assertThat(Files.readString(out)).contains("no master key").contains("FLOWVAULT_MASTER_KEY").contains("/dev/urandom");
    }

    @Test
    void anUnreachableDatabaseIsOneLineOfErrorWithoutAStackTraceOrThePassword(@TempDir Path dir) throws Exception {
        int closed = freePort();
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, "database: {url: \"jdbc:postgresql://127.0.0.1:" + closed + "/flowvault?connectTimeout=2\", user: fv}\n");
        Path out = dir.resolve("out.txt");
        Process server = start(dir, out, List.of("server", "--config", config.toString()), newKey(),
                Map.of("FLOWVAULT_DATABASE_PASSWORD", "db-pw-7f3a9c"));
        assertThat(server.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out);
        assertThat(server.exitValue()).as(printed).isEqualTo(1);
        assertThat(printed).as(printed).contains("Error: flowvault server failed: ").doesNotContain("\tat ").doesNotContain("db-pw-7f3a9c");
    }

    @Test
    void taskEgressFromTheEnvironmentOverridesTheFileAndIsAnnounced(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:%d
                database: {url: "jdbc:h2:file:%s", user: sa}
                task_egress: [from-file.example.com]
                """.formatted(port, dir.resolve("db")));
        Path out = dir.resolve("out.txt");
        Process server = start(dir, out, List.of("server", "--config", config.toString()), newKey(),
                Map.of("FLOWVAULT_TASK_EGRESS", "api.example.com, 10.0.0.0/8,https://git.example.com"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(out).contains("Tasks may connect to"));
            assertThat(Files.readString(out)).contains("==> Tasks may connect to: api.example.com, 10.0.0.0/8, https://git.example.com; "
                    + "internal addresses").doesNotContain("from-file.example.com");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void aBadTaskEgressEntryStopsTheServerNamingItsPositionAndTheFix(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, """
                database: {url: "jdbc:h2:file:%s", user: sa}
                task_egress: [api.example.com, "0177.0.0.1", "secret-looking_entry"]
                """.formatted(dir.resolve("db")));
        Path out = dir.resolve("out.txt");
        Process server = start(dir, out, List.of("server", "--config", config.toString()), newKey());
        assertThat(server.waitFor()).isEqualTo(2);
        assertThat(Files.readString(out)).contains("Error: task_egress entry 2 is not a host").contains("fix or remove it")
                .contains("task_egress of the configuration").doesNotContain("0177.0.0.1").doesNotContain("serving");
        assertThat(dir.resolve("db.mv.db")).as("refused before opening the database").doesNotExist();

        Files.writeString(config, "database: {url: \"jdbc:h2:file:" + dir.resolve("db") + "\", user: sa}\ntask_egress: \"*\"\n");
        server = start(dir, out, List.of("server", "--config", config.toString()), newKey());
        assertThat(server.waitFor()).isEqualTo(2);
        assertThat(Files.readString(out)).contains("task_egress must be a list");

        server = start(dir, out, List.of("server", "--config", config.toString()), newKey(), Map.of("FLOWVAULT_TASK_EGRESS", "ok.example.com,,http://"));
        assertThat(server.waitFor()).isEqualTo(2);
        assertThat(Files.readString(out)).contains("Error: task_egress entry 3 is not a host").contains("(in FLOWVAULT_TASK_EGRESS)");
    }

    @Test
    void theSqlDriversOfTheConfigurationAreTheOnlyOnesFlowsMayUse(@TempDir Path dir) throws Exception {
        int port = freePort();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path config = dir.resolve("flowvault.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:%d
                database: {url: "jdbc:h2:file:%s", user: sa}
                sql: {drivers: [postgresql]}
                """.formatted(port, dir.resolve("db")));
        Path out = dir.resolve("out.txt");
        Process server = start(dir, out, List.of("server", "--config", config.toString(), "--bootstrap-admin", "ops"),
                Base64.getEncoder().encodeToString(key));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(out).contains("serving"));
            Matcher m = Pattern.compile("Created admin ops with password (\\S+)").matcher(Files.readString(out));
            assertThat(m.find()).isTrue();
            String base = "http://127.0.0.1:" + port + "/api/v1";
            String token = post(base + "/auth/login", null, "{\"username\":\"ops\",\"password\":\"" + m.group(1) + "\"}")
                    .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            post(base + "/projects", token, "{\"name\":\"p\"}");
            post(base + "/projects/p/flows", token, "{\"source\":\"name: q\\nsteps:\\n  - {id: q, task: SQL, inputs: "
                    + "{url: 'jdbc:mariadb://db.example.com:3306/x', execute: 'SELECT 1'}}\\n\"}");
            String run = post(base + "/projects/p/flows/q/runs", token, "{\"inputs\":{}}");
            String id = run.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            String done = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id + "/wait?timeout=30"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(done).contains("\"status\":\"failed\"").contains("SQL driver allow-list (sql.drivers) has postgresql");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static String post(String url, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", url, r.body()).isBetween(200, 299);
        return r.body();
    }


    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Process start(Path dir, Path out, List<String> args, String masterKey) throws IOException {
        return start(dir, out, args, masterKey, Map.of());
    }

    private static Process start(Path dir, Path out, List<String> args, String masterKey, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.flowvault.cli.Main"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("FLOWVAULT_"));
        pb.environment().put("FLOWVAULT_HOME", dir.resolve("home").toString());
        if (masterKey != null) {
            pb.environment().put("FLOWVAULT_MASTER_KEY", masterKey);
        }
        pb.environment().putAll(env);
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
