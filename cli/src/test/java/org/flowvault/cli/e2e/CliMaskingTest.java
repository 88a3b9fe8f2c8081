package org.flowvault.cli.e2e;

import org.flowvault.cli.CliProcess;
import org.flowvault.platform.task.Egress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flowvault.cli.logging.MaskingPatternLayoutEncoder;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestH2Server;
import org.flowvault.platform.vaultconfig.UrlAllowList;
import org.flowvault.server.ApiServer;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI shows a flow's password masked: a real platform (embedded Vault-API server, H2, the
 * REST API) runs a flow whose HTTP peer echoes the password and whose SQL step fails quoting it;
 * {@code flowvault run --wait}, {@code logs}, {@code runs} and {@code flow show}, each run as a
 * child JVM with {@code FLOWVAULT_HOME/ADDR/TOKEN/PROJECT} set (the CLI reads its environment),
 * print nothing secret on stdout or stderr — also when a Vault secret is rejected by an input that
 * upper-cases, lower-cases or dash-normalises it.
 */
class CliMaskingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static VaultServer vault;
    private static Database db;
    private static Platform platform;
    private static ApiServer api;
    private static HttpServer echo;
    private static String token;
    private static String project;
    private static String password;
    private static String vaultToken;
    /** A Vault secret that inputs normalise (upper, lower case, dashes) before rejecting it. */
    private static String normalised;
    /** Flow name → the input that normalises and rejects {@link #normalised}, e.g. "HTTP input \"method\"". */
    private static final Map<String, String> NORMALISING_FLOWS = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        password = "cli p@ss/" + UUID.randomUUID() + "+'\"";
        vault = VaultServer.builder().dev().listen("127.0.0.1", 0).start();
        db = Database.open("jdbc:h2:mem:cli" + rnd() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        platform = Platform.builder().database(db).masterKey(MasterKey.generate())
                .vaultUrlAllowList(UrlAllowList.of(List.of("127.0.0.1")))
                .taskEgress(Egress.of(List.of("127.0.0.1"))).build();
        platform.startBackgroundJobs(Duration.ofHours(1));
        api = ApiServer.start(platform, "127.0.0.1", 0);
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", ex -> {
            try (ex) {
                String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
                String decoded = auth.startsWith("Basic ") ? new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8) : "";
                byte[] body = JSON.writeValueAsBytes(Map.of("authorization", auth, "credentials", decoded));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        echo.start();

        String admin = "admin-" + rnd();
        String adminPassword = platform.users().bootstrapAdmin(admin).orElseThrow();
        token = api("POST", "/api/v1/auth/login", null, Map.of("username", admin, "password", adminPassword)).path("token").asText();
        project = "cli-" + rnd();
        api("POST", "/api/v1/projects", token, Map.of("name", project));
        String config = "vault-" + rnd();
        api("POST", "/api/v1/vault-configs", token, Map.of("name", config, "url", vault.address(), "scope", List.of(project)));
        String prefix = "cli-" + rnd();
        vault("PUT", "sys/policies/acl/" + prefix, Map.of("policy", "path \"secret/data/" + prefix + "/*\" { capabilities = [\"read\"] }\n"
                + "path \"sys/internal/ui/mounts/*\" { capabilities = [\"read\"] }\n"));
        vaultToken = vault("POST", "auth/token/create", Map.of("policies", List.of(prefix), "ttl", "72h"))
                .path("auth").path("client_token").asText();
        api("PUT", "/api/v1/vault-configs/" + config + "/token", token, Map.of("token", vaultToken));
        vault("POST", "secret/data/" + prefix + "/echo", Map.of("data", Map.of("password", password)));
        String attached = config + ":secret/data/" + prefix + "/echo";
        api("POST", "/api/v1/projects/" + project + "/connections", token, Map.of("name", "echo", "type", "HTTP",
                "value", Map.of("url", "http://127.0.0.1:" + echo.getAddress().getPort() + "/echo", "auth", "basic",
                        "username", "svc", "password", "vault.secret(password)"), "vault_secrets", List.of(attached)));
        api("POST", "/api/v1/projects/" + project + "/connections", token, Map.of("name", "db", "type", "SQL",
                "value", Map.of("url", TestH2Server.shared().newDatabase("sa", password), "user", "sa",
                        "params", List.of("vault.secret(password)")), "vault_secrets", List.of(attached)));
        api("POST", "/api/v1/projects/" + project + "/flows", token, Map.of("source", """
                name: echo
                inputs:
                  api_password: {type: string}
                steps:
                  - {id: call, connection: echo}
                  - {id: q, connection: db, inputs: {execute: "SELECT ? AS p"}}
                outputs:
                  body: ${{ steps.call.outputs.body }}
                  credentials: ${{ steps.call.outputs.json.credentials }}
                  selected: ${{ steps.q.outputs.rows }}
                  input: ${{ inputs.api_password }}
                """));
        normalised = "Cli-Secret-Value-1-" + rnd();
        vault("POST", "secret/data/" + prefix + "/normalised", Map.of("data", Map.of("value", normalised)));
        String nowhere = "http://127.0.0.1:1/never-called";
        normalisingFlow("http-method", "HTTP", "method", Map.of("url", nowhere, "method", "vault.secret(value)"), config, prefix);
        normalisingFlow("sql-dialect", "SQL", "dialect", Map.of("dialect", "vault.secret(value)", "host", "127.0.0.1", "database", "db"),
                config, prefix);
        normalisingFlow("http-auth", "HTTP", "auth", Map.of("url", nowhere, "auth", "vault.secret(value)"), config, prefix);
        normalisingFlow("vault-command", "VAULT", "command", Map.of("command", "vault.secret(value)", "path", "secret/x"), config, prefix);
        normalisingFlow("git-command", "GIT", "command", Map.of("command", "vault.secret(value)",
                "repository_url", "https://127.0.0.1:1/team/app.git"), config, prefix);
        api("POST", "/api/v1/projects/" + project + "/flows", token, Map.of("source", """
                name: broken
                steps:
                  - {id: cast, connection: db, inputs: {execute: "SELECT CAST(? AS INTEGER) AS n"}}
                """));
    }

    /** A connection of {@code type} whose {@code field} is the normalised Vault secret, and a flow {@code name} using it. */
    private static void normalisingFlow(String name, String type, String field, Map<String, Object> value, String config, String prefix)
            throws Exception {
        api("POST", "/api/v1/projects/" + project + "/connections", token, Map.of("name", name, "type", type, "value", value,
                "vault_secrets", List.of(config + ":secret/data/" + prefix + "/normalised")));
        api("POST", "/api/v1/projects/" + project + "/flows", token, Map.of("source", """
                name: %s
                steps:
                  - {id: call, connection: %s}
                """.formatted(name, name)));
        NORMALISING_FLOWS.put(name, type + " input \"" + field + "\"");
    }

    @AfterAll
    static void stop() {
        if (echo != null) {
            echo.stop(0);
        }
        if (api != null) {
            api.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (db != null) {
            db.close();
        }
        if (vault != null) {
            vault.close();
        }
    }

    @Test
    void runWaitLogsAndRunsPrintThePasswordMasked(@TempDir Path home) throws Exception {
        String inputSecret = "input-secret-" + UUID.randomUUID();

        CliProcess.Result run = cli(home, "run", "echo", "--wait", "--input", "api_password=" + inputSecret);

        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(run.out()).contains("SUCCEEDED", "****");
        String id = latestRun("echo");
        CliProcess.Result logs = cli(home, "logs", id);
        assertThat(logs.exit()).as("%s", logs).isZero();
        assertThat(logs.out()).isNotBlank();
        CliProcess.Result runs = cli(home, "runs");
        assertThat(runs.out()).contains(id);
        CliProcess.Result show = cli(home, "flow", "show", "echo");
        assertThat(show.out()).contains("name: echo");
        for (CliProcess.Result c : List.of(run, logs, runs, show)) {
            assertNoSecret(c.out() + c.err(), password, inputSecret, "svc:" + password, vaultToken);
        }
    }

    @Test
    void aFailedRunsErrorQuotingThePasswordIsPrintedMasked(@TempDir Path home) throws Exception {
        CliProcess.Result run = cli(home, "run", "broken", "--wait");

        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        assertThat(run.out()).contains("FAILED", "SQLState", "****");
        CliProcess.Result logs = cli(home, "logs", latestRun("broken"));
        assertThat(logs.out()).contains("****");
        for (CliProcess.Result c : List.of(run, logs)) {
            assertNoSecret(c.out() + c.err(), password, vaultToken);
        }
    }

    /**
     * Finding 2 of issue 9 through the CLI: a Vault secret that an input upper-cases, lower-cases or
     * dash-normalises and then rejects is printed in no form by {@code run --wait} or {@code logs},
     * and the in-process platform's own log lines (through the shipped masking encoder, every level
     * of our code) show none either.
     */
    @Test
    void aSecretRejectedByANormalisingInputIsPrintedInNoForm(@TempDir Path home) throws Exception {
        ByteArrayOutputStream processLog = new ByteArrayOutputStream();
        ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.OutputStreamAppender<>();
        appender.setContext(context);
        MaskingPatternLayoutEncoder encoder = new MaskingPatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger %msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        appender.setOutputStream(processLog);
        appender.start();
        ch.qos.logback.classic.Logger own = context.getLogger("org.flowvault");
        ch.qos.logback.classic.Level level = own.getLevel();
        own.setLevel(ch.qos.logback.classic.Level.TRACE);
        own.addAppender(appender);
        StringBuilder printed = new StringBuilder();
        try {
            for (Map.Entry<String, String> flow : NORMALISING_FLOWS.entrySet()) {
                CliProcess.Result run = cli(home, "run", flow.getKey(), "--wait");

                assertThat(run.exit()).as("%s", run).isEqualTo(1);
                assertThat(run.out()).contains("FAILED", flow.getValue());
                CliProcess.Result logs = cli(home, "logs", latestRun(flow.getKey()));
                assertThat(logs.out()).contains(flow.getValue());
                printed.append(run.out()).append(run.err()).append(logs.out()).append(logs.err());
            }
        } finally {
            own.detachAppender(appender);
            own.setLevel(level);
            appender.stop();
        }
        assertNoFormOf(normalised, printed.toString());
        assertNoFormOf(normalised, processLog.toString(StandardCharsets.UTF_8));
    }

    /** {@code text} shows {@code secret} neither as is nor upper, lower, dash-swapped, nor hex, base64 or URL-encoded. */
    private static void assertNoFormOf(String secret, String text) {
        for (String c : List.of(secret, secret.toUpperCase(java.util.Locale.ROOT), secret.toLowerCase(java.util.Locale.ROOT))) {
            for (String v : List.of(c, c.replace('-', '_'))) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                for (String form : List.of(v, java.util.HexFormat.of().formatHex(b), Base64.getEncoder().encodeToString(b),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(b), URLEncoder.encode(v, StandardCharsets.UTF_8))) {
                    assertThat(text).as("output shows the secret as %s", form).doesNotContainIgnoringCase(form);
                }
            }
        }
    }

    private static void assertNoSecret(String text, String... secrets) {
        for (String s : secrets) {
            for (String form : List.of(s, Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)),
                    URLEncoder.encode(s, StandardCharsets.UTF_8), s.replace("\"", "\"\""), s.replace("'", "''"), s.replace("\"", "\\\""))) {
                assertThat(text).as("CLI output shows a secret (or an encoded form)").doesNotContain(form);
            }
        }
    }

    /** Runs {@code flowvault ARGS} in a child JVM with the CLI's environment set. */
    private static CliProcess.Result cli(Path home, String... args) throws IOException, InterruptedException {
        return new CliProcess(home, api.address(), token, project).run(args);
    }

    private static String latestRun(String flow) throws Exception {
        for (JsonNode r : api("GET", "/api/v1/projects/" + project + "/runs", token, null).path("runs")) {
            if (r.path("flow").asText().equals(flow)) {
                return r.path("id").asText();
            }
        }
        throw new AssertionError("no run of " + flow);
    }

    private static JsonNode api(String method, String path, String bearer, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.address() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s -> %s", method, path, r.body()).isLessThan(300);
        return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private static JsonNode vault(String method, String path, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                .header("X-Vault-Token", vault.rootToken())
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("vault %s %s -> %s", method, path, r.body()).isLessThan(300);
        return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private static String rnd() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
