package org.flowvault.server;

import org.flowvault.platform.task.Egress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestClock;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.vaultconfig.UrlAllowList;
import org.flowvault.vault.server.VaultServer;

/**
 * The server module's test harness: the embedded Vault-API server, a fresh database (H2 or a new
 * PostgreSQL schema), a {@link Platform} whose Vault allow-list is {@code 127.0.0.1}, and the
 * {@link ApiServer} on a free loopback port — all on one {@link TestClock} that tests move by hand.
 * Calls go over real HTTP; every answer body is remembered so a test can search them all for
 * leaked secrets.
 *
 * <pre>{@code
 * try (ApiHarness h = ApiHarness.open(Database.Dialect.H2)) {
 *     ApiHarness.Session admin = h.bootstrapAdmin();
 *     ApiHarness.Session alice = h.member(admin);
 *     ApiHarness.Reply r = h.call("GET", "/api/v1/me", alice.token(), null);
 * }
 * }</pre>
 *
 * <p>Not thread-safe for setup; {@link #call} may be used from several threads.
 */
public final class ApiHarness implements AutoCloseable {
    /** The test peers (HTTP, git, databases) listen on loopback, which tasks may not reach by default. */
    public static final Egress LOOPBACK_FOR_TEST_PEERS = Egress.of(List.of("127.0.0.1", "localhost"));

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestClock clock;
    private final VaultServer vault;
    private final Database db;
    private final Platform platform;
    private final ApiServer api;
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    /** Every log event of the process while this harness is open (the platform's, the API's, Vault's). */
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
            new ch.qos.logback.core.read.ListAppender<>();

    private ApiHarness(TestClock clock, VaultServer vault, Database db, Egress taskEgress) {
        logs.setContext((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory());
        logs.start();
        rootLogger().addAppender(logs);
        // every level of our own code is captured (not printed): a secret must not reach even a TRACE line
        ch.qos.logback.classic.Logger own = ownLogger();
        own.setLevel(ch.qos.logback.classic.Level.TRACE);
        own.setAdditive(false);
        own.addAppender(logs);
        this.clock = clock;
        this.vault = vault;
        this.db = db;
        Platform.Builder builder = Platform.builder().database(db).masterKey(MasterKey.generate()).clock(clock)
                .vaultUrlAllowList(UrlAllowList.of(List.of("127.0.0.1")))
                .metrics(org.flowvault.server.metrics.PrometheusMetrics.create()); // as the CLI wires it
        this.platform = (taskEgress == null ? builder : builder.taskEgress(taskEgress)).build();
        this.api = ApiServer.start(platform, "127.0.0.1", 0);
    }

    /**
     * Starts everything on a database of {@code dialect}; PostgreSQL skips the calling test when
     * {@code FLOWVAULT_TEST_POSTGRES_URL} is unset (before anything is started).
     */
    public static ApiHarness open(Database.Dialect dialect) {
        return open(dialect, LOOPBACK_FOR_TEST_PEERS, null);
    }

    /** As {@link #open(Database.Dialect)}, with {@code taskEgress} (null: the platform's own default, as in production). */
    public static ApiHarness open(Database.Dialect dialect, Egress taskEgress) {
        return open(dialect, taskEgress, null);
    }

    /**
     * As {@link #open(Database.Dialect)}, with the embedded Vault keeping its storage in files under
     * {@code vaultFiles} as {@code flowvault dev} does (null: in memory).
     */
    public static ApiHarness open(Database.Dialect dialect, java.nio.file.Path vaultFiles) {
        return open(dialect, LOOPBACK_FOR_TEST_PEERS, vaultFiles);
    }

    /** Starts everything with {@code taskEgress} (null: the platform's default) and Vault storage in {@code vaultFiles} (null: memory). */
    public static ApiHarness open(Database.Dialect dialect, Egress taskEgress, java.nio.file.Path vaultFiles) {
        Database db = TestDatabases.open(dialect);
        TestClock clock = TestClock.startingNow();
        VaultServer.Builder builder = vaultFiles == null ? VaultServer.builder().dev() : VaultServer.builder().devPersistent(vaultFiles);
        VaultServer vault = builder.clock(clock).listen("127.0.0.1", 0).start();
        try {
            return new ApiHarness(clock, vault, db, taskEgress);
        } catch (RuntimeException e) {
            vault.close();
            db.close();
            throw e;
        }
    }

    public TestClock clock() {
        return clock;
    }

    public Platform platform() {
        return platform;
    }

    public ApiServer api() {
        return api;
    }

    /** The embedded Vault-API server's address, e.g. {@code http://127.0.0.1:41234}. */
    public String vaultAddress() {
        return vault.address();
    }

    public String vaultRootToken() {
        return vault.rootToken();
    }

    /** A random name with a readable prefix, for isolation. */
    public static String random(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------------------------------------------------------------- HTTP

    /** An answer of the API: status and body; {@link #json()} parses it. */
    public record Reply(String method, String path, int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + method + " " + path + " -> " + status + "): " + body, e);
            }
        }

        /** The error reason of an error answer ({@code NOT_FOUND}...), or null. */
        public String reason() {
            JsonNode e = json().path("error");
            return e.isMissingNode() ? null : e.path("reason").asText(null);
        }

        /** The error message of an error answer, or null. */
        public String message() {
            JsonNode e = json().path("error");
            return e.isMissingNode() ? null : e.path("message").asText(null);
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + body;
        }
    }

    /**
     * Calls the API. {@code body} is sent as is when a {@link String} (so tests can send malformed
     * JSON), as JSON otherwise; null sends none. {@code bearer} null sends no Authorization header.
     */
    public Reply call(String method, String path, String bearer, Object body) {
        try {
            String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.address() + path)).timeout(Duration.ofSeconds(60))
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            if (payload != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(method, path, r.statusCode(), r.body());
            bodies.add(r.body());
            replies.add(reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls the API and requires {@code status}; returns the answer. */
    public Reply expect(int status, String method, String path, String bearer, Object body) {
        Reply r = call(method, path, bearer, body);
        if (r.status() != status) {
            throw new AssertionError("expected " + status + " from " + r);
        }
        return r;
    }

    /** Every answer body seen so far (login answers and one-time key displays included). */
    public List<String> bodies() {
        return new ArrayList<>(bodies);
    }

    /** Every answer seen so far. */
    public List<Reply> replies() {
        return new ArrayList<>(replies);
    }

    /** Every log line written while this harness was open: formatted message, arguments and exception text. */
    public List<String> logLines() {
        List<String> out = new ArrayList<>();
        synchronized (logs) { // the appender appends under its own lock (AppenderBase.doAppend), not the list's
            for (ch.qos.logback.classic.spi.ILoggingEvent e : logs.list) {
                StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
                for (var p = e.getThrowableProxy(); p != null; p = p.getCause()) {
                    b.append(" | ").append(p.getClassName()).append(": ").append(p.getMessage());
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static ch.qos.logback.classic.Logger ownLogger() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.flowvault");
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    // ---------------------------------------------------------------- platform users

    /** A logged-in user: name, password and session token. {@code toString} hides the secrets. */
    public record Session(String username, String password, String token) {
        @Override
        public String toString() {
            return "Session[" + username + "]";
        }
    }

    /** Creates the first admin (the dev-mode bootstrap; the database must have no user) and logs in. */
    public Session bootstrapAdmin() {
        String name = random("admin");
        String password = platform.users().bootstrapAdmin(name)
                .orElseThrow(() -> new IllegalStateException("the database already has users: bootstrap an admin first"));
        return login(name, password);
    }

    /** Logs in over HTTP ({@code POST /api/v1/auth/login}). */
    public Session login(String username, String password) {
        Reply r = expect(200, "POST", "/api/v1/auth/login", null, Map.of("username", username, "password", password));
        return new Session(username, password, r.json().get("token").asText());
    }

    /** Creates a user with a random name and password through the API (as {@code admin}) and logs them in. */
    public Session user(Session admin, String namePrefix, String role) {
        String name = random(namePrefix);
        String password = "pw-" + UUID.randomUUID();
        expect(201, "POST", "/api/v1/users", admin.token(), Map.of("username", name, "password", password, "role", role));
        return login(name, password);
    }

    public Session member(Session admin, String namePrefix) {
        return user(admin, namePrefix, "member");
    }

    /** Creates a project with a random name; returns its name. */
    public String project(Session admin, String prefix) {
        String name = random(prefix);
        expect(201, "POST", "/api/v1/projects", admin.token(), Map.of("name", name));
        return name;
    }

    public void addMember(Session admin, String project, Session user) {
        expect(204, "POST", "/api/v1/projects/" + project + "/members", admin.token(), Map.of("username", user.username()));
    }

    // ---------------------------------------------------------------- Vault (root token, straight to the embedded server)

    /** A root call to the embedded Vault-API server that must succeed; its JSON answer, or null when empty. */
    public JsonNode vaultRoot(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path)).timeout(Duration.ofSeconds(30))
                    .header("X-Vault-Token", vault.rootToken())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("vault " + method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes an ACL policy. */
    public void vaultPolicy(String name, String hcl) {
        vaultRoot("PUT", "sys/policies/acl/" + name, Map.of("policy", hcl));
    }

    /** A policy granting {@code capabilities} on KV v2 {@code secret/data/<prefix>*} and the mount lookup; returns its name. */
    public String kvPolicy(String prefix, String... capabilities) {
        String name = random("kv");
        String caps = String.join("\", \"", capabilities);
        vaultPolicy(name, "path \"secret/data/" + prefix + "*\" { capabilities = [\"" + caps + "\"] }\n"
                + "path \"sys/internal/ui/mounts/*\" { capabilities = [\"read\"] }\n");
        return name;
    }

    /** A renewable token (child of root) with {@code ttl} and {@code policies}. */
    public String vaultToken(Duration ttl, String... policies) {
        Map<String, Object> body = new HashMap<>();
        body.put("ttl", ttl.toSeconds() + "s");
        body.put("renewable", true);
        body.put("policies", policies.length == 0 ? List.of("default") : List.of(policies));
        return vaultRoot("POST", "auth/token/create", body).get("auth").get("client_token").asText();
    }

    /** Writes a KV v2 secret at {@code secret/<path>}. */
    public void vaultSecret(String path, Map<String, ?> data) {
        vaultRoot("POST", "secret/data/" + path, Map.of("data", data));
    }

    /** AppRole credentials: the role id and the (secret) secret id. */
    public record AppRole(String roleId, String secretId) {
        @Override
        public String toString() {
            return "AppRole[" + roleId + "]";
        }
    }

    /** Enables AppRole at {@code approle/} (once) and creates a role with {@code policy}. */
    public AppRole appRole(String policy) {
        JsonNode auths = vaultRoot("GET", "sys/auth", null);
        if (!auths.toString().contains("approle/")) {
            vaultRoot("POST", "sys/auth/approle", Map.of("type", "approle"));
        }
        String role = random("role");
        vaultRoot("POST", "auth/approle/role/" + role, Map.of("token_policies", policy, "token_ttl", "1h"));
        String roleId = vaultRoot("GET", "auth/approle/role/" + role + "/role-id", null).get("data").get("role_id").asText();
        String secretId = vaultRoot("POST", "auth/approle/role/" + role + "/secret-id", Map.of()).get("data").get("secret_id").asText();
        return new AppRole(roleId, secretId);
    }

    @Override
    public void close() {
        rootLogger().detachAppender(logs);
        ch.qos.logback.classic.Logger own = ownLogger();
        own.detachAppender(logs);
        own.setLevel(null);
        own.setAdditive(true);
        Objects.requireNonNull(api).close();
        platform.close();
        db.close();
        vault.close();
    }
}
