package org.flowvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.platform.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of the served OpenAPI document, walked as a hostile client would: as an admin, as a
 * member and without a credential; with hostile path and query parameters ({@code ..}, U+202E,
 * NUL, invalid UTF-8, 300 characters and more); and with hostile bodies (10,000 levels of JSON,
 * non-objects, invalid UTF-8, trailing data, repeated and unknown fields, and every documented
 * field given every wrong type, traversal, bidirectional and control characters, 300 characters
 * and 3 MB). No answer may be a 5xx, show a stack trace or show SQL; an unknown field and deep
 * JSON are refused naming what is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
    private static final Set<String> WITH_BODY = Set.of("post", "put", "patch");
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> INTERNALS = List.of("Exception", "at org.", "\tat ", "SELECT ", "INSERT ", "UPDATE ",
            "DELETE FROM", "jdbc:", "SQLState", "org.h2", "org.postgresql", "statement:");
    /** Path and query values, already percent-encoded as a client would put them in the URL. */
    private static final List<String> HOSTILE_PARAMS = List.of("..", "%2e%2e", "a%2F..%2Fb", "%E2%80%AEevil", "nul%00byte", "%FF%FE",
            "a%20b", "%25", "-1", "99999999999999999999", "x".repeat(300), "x".repeat(10_000));
    private static final String THREE_MB = "x".repeat(3_000_000);

    private ApiHarness h;
    private String admin;
    private String member;
    private String memberName;
    private String project;
    private String config;
    private String connection;
    private String flow;
    private String run;
    private JsonNode doc;
    private final List<String> problems = new ArrayList<>();
    private int calls;

    @BeforeAll
    void setUp() {
        h = ApiHarness.open(Database.Dialect.H2);
        ApiHarness.Session adminSession = h.bootstrapAdmin();
        ApiHarness.Session alice = h.member(adminSession, "alice");
        memberName = alice.username();
        // API keys, not sessions: the walk calls logout and changes passwords, which must not end its credentials
        admin = h.expect(201, "POST", "/api/v1/api-keys", adminSession.token(), Map.of("name", "walk")).json().get("key").asText();
        member = h.expect(201, "POST", "/api/v1/api-keys", alice.token(), Map.of("name", "walk")).json().get("key").asText();
        project = h.project(adminSession, "walk");
        h.addMember(adminSession, project, alice);
        config = ApiHarness.random("walk");
        h.expect(201, "POST", "/api/v1/vault-configs", admin, Map.of("name", config, "url", h.vaultAddress(), "scope", List.of(project)));
        h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", member,
                Map.of("token", h.vaultToken(Duration.ofHours(72), h.kvPolicy("walk/", "read", "create", "update"))));
        connection = ApiHarness.random("conn");
        h.expect(201, "POST", "/api/v1/projects/" + project + "/connections", member, Map.of("name", connection, "type", "HTTP",
                "value", Map.of("url", "http://127.0.0.1:1/")));
        flow = ApiHarness.random("flow");
        h.expect(201, "POST", "/api/v1/projects/" + project + "/flows", member, Map.of("source", flowSource(flow)));
        run = h.expect(202, "POST", "/api/v1/projects/" + project + "/flows/" + flow + "/runs", member, Map.of("inputs", Map.of()))
                .json().get("id").asText();
        doc = h.expect(200, "GET", "/api/openapi.json", null, null).json();
    }

    @AfterAll
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private static String flowSource(String name) {
        return "name: " + name + "\ninputs: {note: {type: string, required: false}}\nsteps:\n  - {id: a, task: HTTP, inputs: {url: \"http://127.0.0.1:1/\"}}\n";
    }

    @Test
    void noRouteAnswersHostileInputWithA5xxAStackTraceOrSql() {
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                operations++;
                walk(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue(), path.getValue());
            }
        }
        assertThat(operations).as("operations in the document").isGreaterThan(40);
        assertThat(calls).as("hostile requests sent").isGreaterThan(3000);
        assertThat(problems).as("answers to hostile requests (%d sent)", calls).isEmpty();
    }

    private void walk(String method, String template, JsonNode operation, JsonNode pathItem) {
        String real = realPath(template);
        boolean destructive = method.equals("DELETE");
        // hostile path parameters, one at a time, the others real
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            for (String value : HOSTILE_PARAMS) {
                String path = realPath(template.substring(0, m.start())) + value + realPath(template.substring(m.end()));
                for (String caller : callers()) {
                    send(method, path, caller, WITH_BODY.contains(method.toLowerCase(Locale.ROOT)) ? "{}".getBytes() : null);
                }
            }
        }
        // hostile query parameters
        for (String query : queryParams(operation, pathItem)) {
            for (String value : HOSTILE_PARAMS) {
                if (!destructive) {
                    send(method, real + "?" + query + "=" + value, admin, null);
                    send(method, real + "?" + query + "=" + value, member, null);
                }
            }
        }
        if (!WITH_BODY.contains(method.toLowerCase(Locale.ROOT))) {
            return;
        }
        // hostile bodies, as every caller
        for (String caller : callers()) {
            for (byte[] body : genericBodies()) {
                send(method, real, caller, body);
            }
        }
        checkRefusal(method, real, "{\"no_such_field\": 1}", "unknown field 'no_such_field'");
        checkRefusal(method, real, "[".repeat(10_000), "nests deeper than 64 levels");
        checkRefusal(method, real, "{\"a\":".repeat(10_000), "nests deeper than 64 levels");
        // every documented field with every hostile value, on top of a body that is otherwise fine
        for (String field : fields(operation)) {
            for (Object value : hostileValues()) {
                for (String caller : List.of(admin, member)) {
                    if (value == THREE_MB && caller.equals(member)) {
                        continue; // the largest values once per field, as the admin, who reaches every handler
                    }
                    ObjectNode body = base(method, template);
                    put(body, field, value);
                    send(method, real, caller, bytes(body));
                }
            }
        }
    }

    private List<String> callers() {
        List<String> out = new ArrayList<>();
        out.add(admin);
        out.add(member);
        out.add(null);
        return out;
    }

    /** An unknown field and deep JSON are refused with 400 naming the problem, before any permission check. */
    private void checkRefusal(String method, String path, String body, String expected) {
        for (String caller : List.of(admin, member)) {
            Answer a = send(method, path, caller, body.getBytes(StandardCharsets.UTF_8));
            if (a.status() != 400 || !a.body().contains(expected)) {
                problems.add(method + " " + path + " with " + abbreviate(body) + ": expected 400 saying \"" + expected + "\", got "
                        + a.status() + " " + abbreviate(a.body()));
            }
        }
    }

    private List<byte[]> genericBodies() {
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of("", "   ", "null", "[]", "1", "\"text\"", "true", "{", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1, \"a\": 2}",
                "[".repeat(10_000), "{\"a\":".repeat(10_000), "{\"" + "k".repeat(300) + "\": 1}", "{\"" + "k\u202E".repeat(10) + "\": 1}",
                "{\"stray\": \"" + THREE_MB + "\"}", "not json at all", "{\"a\": 1e999999}", "{\"a\": " + "9".repeat(5000) + "}")) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        out.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        out.add(new byte[] {(byte) 0xc3, (byte) 0x28});
        return out;
    }

    private static List<Object> hostileValues() {
        return List.of(1, -1, 1.5, true, List.of(), Map.of(), nullValue(), List.of(1, List.of(2)), Map.of("nested", Map.of("x", 1)),
                "", " ", "..", "a/../b", "../../etc/passwd", "p\u202Eevil", "nul\u0000byte", "tab\tand\nnewline", "x".repeat(300),
                THREE_MB, "' OR 1=1 --", "${{ inputs.note }}", "vault://secret/data/../../sys/seal", "vault.secret(", "%00", "é\uD83D\uDE00");
    }

    private static final Object NULL = new Object();

    private static Object nullValue() {
        return NULL;
    }

    private static void put(ObjectNode body, String field, Object value) {
        ObjectNode target = body;
        String name = field;
        int dot = field.indexOf('.');
        if (dot > 0) {
            JsonNode inner = body.get(field.substring(0, dot));
            target = inner instanceof ObjectNode o ? o : body.putObject(field.substring(0, dot));
            name = field.substring(dot + 1);
        }
        if (value == NULL) {
            target.putNull(name);
        } else {
            target.set(name, ApiHarness.JSON.valueToTree(value));
        }
    }

    /** A body the route accepts (fresh names each time), so that hostile values reach its deepest checks and the database. */
    private ObjectNode base(String method, String template) {
        Map<String, Supplier<Map<String, Object>>> bases = new LinkedHashMap<>();
        bases.put("POST /api/v1/auth/login", () -> Map.of("username", memberName, "password", "wrong-password"));
        bases.put("POST /api/v1/api-keys", () -> Map.of("name", "k"));
        bases.put("POST /api/v1/users", () -> Map.of("username", ApiHarness.random("u"), "role", "member", "password", "long-enough-pw"));
        bases.put("POST /api/v1/projects", () -> Map.of("name", ApiHarness.random("p")));
        bases.put("POST /api/v1/projects/{project}/members", () -> Map.of("username", memberName));
        bases.put("POST /api/v1/vault-configs", () -> Map.of("name", ApiHarness.random("c"), "url", h.vaultAddress()));
        bases.put("PUT /api/v1/vault-configs/{name}/token", () -> Map.of("token", "hvs.not-a-token"));
        bases.put("POST /api/v1/vault-configs/{name}/secrets", () -> Map.of("project", project, "path", "secret/data/walk/x",
                "data", Map.of("k", "v")));
        bases.put("POST /api/v1/projects/{project}/connections", () -> Map.of("name", ApiHarness.random("c"), "type", "HTTP",
                "value", Map.of("url", "http://127.0.0.1:1/"), "vault_secrets", List.of(), "description", "d"));
        bases.put("POST /api/v1/projects/{project}/flows", () -> Map.of("source", flowSource(ApiHarness.random("f"))));
        bases.put("POST /api/v1/projects/{project}/flows/{name}/runs", () -> Map.of("inputs", Map.of("note", "n")));
        bases.put("POST /api/v1/runs/{id}/input", () -> Map.of("values", Map.of()));
        Supplier<Map<String, Object>> s = bases.get(method + " " + template);
        return ApiHarness.JSON.valueToTree(s == null ? Map.of() : s.get());
    }

    /** The documented request fields of an operation, nested ones as {@code outer.inner}. */
    private List<String> fields(JsonNode operation) {
        JsonNode schema = resolve(operation.path("requestBody").path("content").path("application/json").path("schema"));
        List<String> out = new ArrayList<>();
        schema.path("properties").properties().forEach(p -> {
            out.add(p.getKey());
            resolve(p.getValue()).path("properties").properties().forEach(inner -> out.add(p.getKey() + "." + inner.getKey()));
        });
        return out;
    }

    private List<String> queryParams(JsonNode operation, JsonNode pathItem) {
        List<String> out = new ArrayList<>();
        for (JsonNode params : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            params.forEach(p -> {
                JsonNode r = resolve(p);
                if ("query".equals(r.path("in").asText())) {
                    out.add(r.path("name").asText());
                }
            });
        }
        return out;
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    /** The template with real values: the walk's project, the configuration, connection or flow the route names, a run. */
    private String realPath(String template) {
        String name = template.startsWith("/api/v1/vault-configs") ? config : template.contains("/flows") ? flow : connection;
        return template.replace("{project}", project).replace("{name}", name).replace("{username}", memberName)
                .replace("{version}", "1").replace("{id}", template.startsWith("/api/v1/runs") ? run : "00000000-0000-0000-0000-000000000000");
    }

    private record Answer(int status, String body) {
    }

    private Answer send(String method, String path, String bearer, byte[] body) {
        calls++;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.api().address() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        String what = method + " " + abbreviate(path) + (bearer == null ? " (no credential)" : bearer.equals(admin) ? " (admin)" : " (member)")
                + (body == null ? "" : " with " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        Answer a;
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            a = new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(what + " -> no answer: " + e.getMessage());
            return new Answer(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (a.status() >= 500) {
            problems.add(what + " -> " + a.status() + " " + abbreviate(a.body()));
        } else if (a.body().contains("(incident ")) {
            // the database refused a value no check caught: a 400 all the same, but a missing check
            problems.add(what + " -> " + a.status() + " was refused by the database, not by a check: " + abbreviate(a.body()));
        }
        for (String internal : INTERNALS) {
            if (a.body().contains(internal)) {
                problems.add(what + " -> " + a.status() + " shows \"" + internal.strip() + "\": " + abbreviate(a.body()));
            }
        }
        return a;
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return ApiHarness.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() > 160 ? one.substring(0, 160) + "...(" + one.length() + " chars)" : one;
    }
}
