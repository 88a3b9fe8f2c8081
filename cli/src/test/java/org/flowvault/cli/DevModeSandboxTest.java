package org.flowvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.platform.db.TestH2Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowvault dev} attacked as issue 9 reported, by a flow author with the dev login, in a
 * child JVM exactly as a user starts it: the platform's own H2 file, the embedded Vault's key
 * file read through the demo database, Java functions defined through it, a loopback database
 * other than the demo; then an SQL error binding the demo password, after which no file of the
 * data directory holds it and no H2 trace file exists. A second start moves the demo database to
 * a new port and the demo still works.
 */
class DevModeSandboxTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFlowReachesOnlyTheDemoDatabaseAndLeavesNoSecretOnDisk(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path out = dir.resolve("out.txt");
        Process dev = start(dir, out, List.of());
        String demoUrl;
        String password;
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(out).contains("Press Ctrl-C") || !dev.isAlive());
            String banner = Files.readString(out);
            assertThat(banner).contains("result: OK").containsPattern("Tasks may reach: the demo database 127\\.0\\.0\\.1:\\d+ only; add more with --task-egress");
            String api = find(banner, "Flowvault API: (\\S+)");
            String vault = find(banner, "Vault API: +(\\S+)");
            String rootToken = find(banner, "Vault root token: (\\S+)");
            demoUrl = find(banner, "url += (\\S+)");
            String key = JSON.readTree(Files.readString(dir.resolve("home").resolve("login.json"))).path("token").asText();
            password = JSON.readTree(call("GET", vault + "/v1/secret/data/demo/db", "X-Vault-Token", rootToken, null))
                    .path("data").path("data").path("password").asText();
            assertThat(password).isNotBlank();
            JsonNode devKeys = JSON.readTree(Files.readString(data.resolve("vault").resolve("dev-keys.json")));
            List<String> keyValues = new ArrayList<>();
            devKeys.forEach(v -> keyValues.add(v.asText()));
            keyValues.add(rootToken);

            // 1. the platform's own database, opened as a file by name
            JsonNode own = run(api, key, "own", "{id: q, task: SQL, inputs: {url: " + JSON.writeValueAsString("jdbc:h2:file:"
                    + data.toAbsolutePath().normalize().resolve("flowvault") + ";IFEXISTS=TRUE") + ", user: sa, execute: 'SELECT username FROM users'}}");
            assertThat(own.path("status").asText()).as("%s", own).isEqualTo("failed");
            assertThat(own.path("error").asText()).contains("jdbc:h2:tcp://host:port/name");

            // 2. the embedded Vault's keys, read through the demo database (the allowed address)
            String keysFile = data.toAbsolutePath().normalize().resolve("vault").resolve("dev-keys.json").toString();
            for (String sql : List.of("SELECT FILE_READ('" + keysFile + "', NULL) AS k", "SELECT * FROM CSVREAD('" + keysFile + "')",
                    "CREATE ALIAS GETP FOR 'java.lang.System.getProperty(java.lang.String)'")) {
                JsonNode r = run(api, key, "probe", "{id: q, connection: demo-db, inputs: {execute: " + JSON.writeValueAsString(sql) + "}}");
                assertThat(r.path("status").asText()).as("%s: %s", sql, r).isEqualTo("failed");
                keyValues.forEach(v -> assertThat(r.toString()).doesNotContain(v));
            }

            // 3. any other loopback database: not on dev mode's egress list
            JsonNode other = run(api, key, "other", "{id: q, task: SQL, inputs: {url: 'jdbc:postgresql://127.0.0.1:5432/test', "
                    + "user: postgres, execute: 'SELECT 1'}}");
            assertThat(other.path("error").asText()).as("%s", other).contains("egress allow-list");

            // 4. an SQL error binding the demo password: the run's error is masked, the database traces nothing
            call("POST", api + "/api/v1/projects/demo/connections", "Authorization", "Bearer " + key, Map.of("name", "leak", "type", "SQL",
                    "value", Map.of("url", demoUrl, "user", "vault.secret(username)", "password", "vault.secret(password)",
                            "params", List.of("vault.secret(password)")), "vault_secrets", List.of("local:secret/demo/db")));
            JsonNode leak = run(api, key, "leak", "{id: q, connection: leak, inputs: {execute: 'SELECT CAST(? AS INT) AS n FROM books'}}");
            assertThat(leak.path("status").asText()).as("%s", leak).isEqualTo("failed");
            assertThat(leak.path("error").asText()).contains("SQLState").doesNotContain(password);

            // the demo port answers on loopback only
            Optional<InetAddress> lan = lanAddress();
            if (lan.isPresent()) {
                int port = Integer.parseInt(find(demoUrl, ":(\\d+)/"));
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(lan.get(), port), 2000);
                    throw new AssertionError("the demo database accepted a connection on " + lan.get());
                } catch (IOException expected) {
                    // refused: bound to 127.0.0.1
                }
            }
        } finally {
            dev.destroy();
            dev.waitFor();
        }
        DataDirScan.assertNoFileContains(data, password);

        // a second start: a new port, the connection follows, the demo still works
        Path again = dir.resolve("again.txt");
        Process second = start(dir, again, List.of("--once"));
        assertThat(second.waitFor()).as(Files.readString(again)).isZero();
        String banner = Files.readString(again);
        assertThat(banner).contains("result: OK");
        assertThat(find(banner, "url += (\\S+)")).startsWith("jdbc:h2:tcp://127.0.0.1:").isNotEqualTo(demoUrl);
        DataDirScan.assertNoFileContains(data, password);
    }

    @Test
    void aBadTaskEgressEntryIsRefusedAtStartWithTheFix(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Process dev = start(dir, out, List.of("--once", "--task-egress", "db.example.com,not a host"));
        assertThat(dev.waitFor()).isEqualTo(2);
        assertThat(Files.readString(out)).contains("--task-egress entry 2 is not a host");
    }

    @Test
    void aRemoteH2ServerCannotMakeTheServerConstructAClass(@TempDir Path dir) throws Exception {
        // a database whose JAVA_OBJECT_SERIALIZER names a class: H2's client constructs it while connecting
        String url = TestH2Server.shared().newDatabase();
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url, "sa", "");
             java.sql.Statement s = admin.createStatement()) {
            s.execute("SET JAVA_OBJECT_SERIALIZER '" + ConstructedMarker.class.getName() + "'");
        }
        Path out = dir.resolve("out.txt");
        Process dev = start(dir, out, List.of("--task-egress", "h2://127.0.0.1:" + TestH2Server.shared().port()));
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(out).contains("Press Ctrl-C") || !dev.isAlive());
            String banner = Files.readString(out);
            assertThat(banner).containsPattern("Tasks may reach: the demo database 127\\.0\\.0\\.1:\\d+ and h2://127\\.0\\.0\\.1:\\d+");
            String key = JSON.readTree(Files.readString(dir.resolve("home").resolve("login.json"))).path("token").asText();
            JsonNode r = run(find(banner, "Flowvault API: (\\S+)"), key, "remote", "{id: q, task: SQL, inputs: {url: '" + url
                    + "', user: sa, execute: 'SELECT 1'}}");
            assertThat(r.path("status").asText()).as("%s", r).isEqualTo("failed");
            assertThat(dir.resolve(ConstructedMarker.FILE)).as("the class the database named was constructed").doesNotExist();
        } finally {
            dev.destroy();
            dev.waitFor();
        }
    }

    /** Leaves a file in the working directory when constructed. */
    public static final class ConstructedMarker {
        static final String FILE = "constructed-by-h2";

        public ConstructedMarker() throws IOException {
            Files.writeString(Path.of(System.getProperty("user.dir"), FILE), "constructed");
        }
    }

    private static Process start(Path dir, Path out, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.flowvault.cli.Main", "dev", "--data", dir.resolve("data").toString(),
                "--listen", "127.0.0.1:0", "--vault-listen", "127.0.0.1:0"));
        command.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("FLOWVAULT_"));
        pb.environment().put("FLOWVAULT_HOME", dir.resolve("home").toString());
        return pb.start();
    }

    /** Applies a one-step flow named {@code name} in project demo, runs it and waits for it to end. */
    private static JsonNode run(String api, String key, String name, String step) throws Exception {
        call("POST", api + "/api/v1/projects/demo/flows", "Authorization", "Bearer " + key,
                Map.of("source", "name: " + name + "\nsteps:\n  - " + step + "\noutputs:\n  rows: ${{ steps.q.outputs.rows }}\n"));
        JsonNode run = JSON.readTree(call("POST", api + "/api/v1/projects/demo/flows/" + name + "/runs", "Authorization", "Bearer " + key,
                Map.of("inputs", Map.of())));
        for (int i = 0; i < 10 && !run.path("status").asText().matches("succeeded|failed|cancelled"); i++) {
            run = JSON.readTree(call("GET", api + "/api/v1/runs/" + run.path("id").asText() + "/wait?timeout=20", "Authorization",
                    "Bearer " + key, null));
        }
        return run;
    }

    private static String call(String method, String url, String header, String value, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header(header, value).timeout(Duration.ofSeconds(60));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s -> %s", method, url, r.body()).isBetween(200, 299);
        return r.body();
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }

    private static Optional<InetAddress> lanAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
