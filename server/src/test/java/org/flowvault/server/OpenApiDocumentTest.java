package org.flowvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.platform.db.Database;
import org.flowvault.server.http.Api;
import org.flowvault.server.openapi.OpenApiRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document describes exactly the routes the server registers, is structurally sound
 * (operations with responses, every path parameter declared, every {@code $ref} resolvable), and is
 * served at {@code /api/openapi.json} without a credential.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    /** The fields OpenAPI 3.1 allows in an operation object. */
    private static final Set<String> OPERATION_FIELDS = Set.of("tags", "summary", "description", "externalDocs", "operationId",
            "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers");
    private ApiHarness h;
    private JsonNode doc;
    private String adminKey;

    @BeforeAll
    void setUp() {
        h = ApiHarness.open(Database.Dialect.H2);
        doc = OpenApiRoutes.document();
    }

    @AfterAll
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    /** An admin's API key, not a session: the tests call logout, which must not end the credential. */
    private String adminKey() {
        if (adminKey == null) {
            String session = h.bootstrapAdmin().token();
            adminKey = h.expect(201, "POST", "/api/v1/api-keys", session, Map.of("name", "openapi")).json().get("key").asText();
        }
        return adminKey;
    }

    private static Set<String> operations(JsonNode document) {
        Set<String> out = new TreeSet<>();
        document.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return out;
    }

    @Test
    void theDocumentDescribesExactlyTheRegisteredRoutes() {
        Set<String> registered = new TreeSet<>();
        h.api().routes().forEach(r -> registered.add(r.method() + " " + r.path()));
        assertThat(registered).as("the server registers routes").hasSizeGreaterThan(30);
        assertThat(h.api().routes()).as("no route registered twice").doesNotHaveDuplicates();
        Set<String> documented = operations(doc);
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> phantom = new TreeSet<>(documented);
        phantom.removeAll(registered);
        assertThat(undocumented).as("registered but not in openapi.yaml").isEmpty();
        assertThat(phantom).as("in openapi.yaml but not registered").isEmpty();
    }

    @Test
    void everyDocumentedRouteIsAnsweredByTheServer() {
        // a route the document lists but the server lacks would answer "no such API route"
        String admin = adminKey();
        for (String op : operations(doc)) {
            String[] mp = op.split(" ", 2);
            String path = PARAM.matcher(mp[1]).replaceAll("x-missing");
            ApiHarness.Reply r = h.call(mp[0], path, admin, mp[0].equals("GET") || mp[0].equals("DELETE") ? null : Map.of());
            assertThat(r.status()).as(r.toString()).isLessThan(500);
            if (r.status() == 404) {
                assertThat(r.message()).as(r.toString()).doesNotContain("no such API route");
            }
        }
    }

    @Test
    void everyRequestFieldTheDocumentListsIsTakenAndNoOtherIs() {
        // the body checks are read from the document itself: a listed field is never "unknown", an unlisted one always is
        String admin = adminKey();
        int checked = 0;
        for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : p.getValue().properties()) {
                if (!Set.of("post", "put", "patch").contains(op.getKey())) {
                    continue;
                }
                String method = op.getKey().toUpperCase(Locale.ROOT);
                String path = PARAM.matcher(p.getKey()).replaceAll("x-missing");
                JsonNode schema = resolve(op.getValue().path("requestBody").path("content").path("application/json").path("schema"));
                for (Map.Entry<String, JsonNode> field : schema.path("properties").properties()) {
                    Map<String, Object> body = new java.util.HashMap<>();
                    body.put(field.getKey(), null);
                    ApiHarness.Reply r = h.call(method, path, admin, body);
                    assertThat(r.body()).as(r.toString()).doesNotContain("unknown field");
                    checked++;
                }
                ApiHarness.Reply stray = h.call(method, path, admin, Map.of("not_in_the_document", 1));
                assertThat(stray.status()).as(stray.toString()).isEqualTo(400);
                assertThat(stray.message()).as(stray.toString()).contains("unknown field 'not_in_the_document'");
            }
        }
        assertThat(checked).as("documented request fields").isGreaterThan(30);
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    @Test
    void theDocumentIsStructurallySound() {
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/info/title").asText()).isNotBlank();
        assertThat(doc.at("/info/version").asText()).isNotBlank();
        List<String> problems = new ArrayList<>();
        doc.get("paths").properties().forEach(p -> {
            String path = p.getKey();
            if (!path.startsWith("/api/")) {
                problems.add(path + ": not below /api/");
            }
            Set<String> templated = new TreeSet<>();
            Matcher m = PARAM.matcher(path);
            while (m.find()) {
                templated.add(m.group(1));
            }
            Set<String> pathLevel = declaredPathParams(p.getValue().get("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> it = p.getValue().properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> op = it.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                if (!METHODS.contains(op.getKey())) {
                    problems.add(path + ": unknown key " + op.getKey());
                    continue;
                }
                String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path;
                JsonNode responses = op.getValue().get("responses");
                if (responses == null || !responses.isObject() || responses.isEmpty()) {
                    problems.add(where + ": no responses");
                } else {
                    responses.properties().forEach(r -> {
                        if (!r.getKey().matches("[1-5]\\d\\d|default")) {
                            problems.add(where + ": response code " + r.getKey());
                        }
                        if (!r.getValue().has("description") && !r.getValue().has("$ref")) {
                            problems.add(where + ": response " + r.getKey() + " has no description");
                        }
                    });
                }
                if (!op.getValue().has("summary")) {
                    problems.add(where + ": no summary");
                }
                // a comma in an unquoted flow-style summary silently splits it into bogus keys
                op.getValue().fieldNames().forEachRemaining(k -> {
                    if (!OPERATION_FIELDS.contains(k)) {
                        problems.add(where + ": not an operation field: " + k);
                    }
                });
                Set<String> declared = new TreeSet<>(pathLevel);
                declared.addAll(declaredPathParams(op.getValue().get("parameters")));
                if (!declared.equals(templated)) {
                    problems.add(where + ": path parameters " + templated + " but declared " + declared);
                }
            }
        });
        collectRefs(doc, problems);
        assertThat(problems).isEmpty();
    }

    private Set<String> declaredPathParams(JsonNode params) {
        Set<String> out = new TreeSet<>();
        if (params == null) {
            return out;
        }
        for (JsonNode p : params) {
            JsonNode resolved = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
            if ("path".equals(resolved.path("in").asText()) && resolved.path("required").asBoolean()) {
                out.add(resolved.path("name").asText());
            }
        }
        return out;
    }

    /** Every {@code $ref} must point at an existing node of this document. */
    private void collectRefs(JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String r = ref.asText();
                if (!r.startsWith("#/") || doc.at(r.substring(1)).isMissingNode()) {
                    problems.add("unresolvable $ref " + r);
                }
            }
            node.properties().forEach(e -> collectRefs(e.getValue(), problems));
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, problems));
        }
    }

    @Test
    void theDocumentIsServedAsJsonWithoutACredential() {
        ApiHarness.Reply r = h.call("GET", "/api/openapi.json", null, null);
        assertThat(r.status()).isEqualTo(200);
        ObjectNode served = (ObjectNode) r.json().deepCopy();
        served.remove("servers");
        assertThat(served).isEqualTo(doc);
        assertThat(operations(r.json())).contains("GET /api/openapi.json", "POST /api/v1/projects/{project}/connections/{name}/resolve");
    }

    @Test
    void theServedDocumentPassesAnIndependentValidatorWithoutAMessage() {
        String served = h.call("GET", "/api/openapi.json", null, null).body();
        ParseOptions strict = new ParseOptions();
        strict.setResolve(true);
        strict.setValidateInternalRefs(true);

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served, null, strict);

        assertThat(parsed.getMessages()).as("swagger-parser's errors and warnings").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).hasSameSizeAs(doc.get("paths").properties());
        assertThat(parsed.getOpenAPI().getServers()).singleElement().extracting(Server::getUrl).isEqualTo(h.api().address());
    }

    @Test
    void theServersEntryIsTheAddressTheClientReached() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String port = String.valueOf(h.api().port());
        // the same listener reached by another name, and through a TLS-terminating load balancer
        for (Map.Entry<String, String> c : Map.of(
                "localhost:" + port, "http://localhost:" + port,
                "api.example.com|https", "https://api.example.com",
                "bad host/with?junk", h.api().address()).entrySet()) {
            String[] hostProto = c.getKey().split("\\|");
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(h.api().address() + "/api/openapi.json"));
            if (hostProto.length == 2) {
                req.header("X-Forwarded-Host", hostProto[0]).header("X-Forwarded-Proto", hostProto[1]);
            } else if (!c.getKey().startsWith("bad")) {
                req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/openapi.json"));
            } else {
                req.header("X-Forwarded-Host", hostProto[0]);
            }
            HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(Api.JSON.readTree(r.body()).at("/servers/0/url").asText()).as(c.getKey()).isEqualTo(c.getValue());
        }
    }

    @Test
    void theApiReferencePageAndItsFilesAreServedFromTheJarUnderAStrictContentSecurityPolicy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(h.api().address() + "/api/docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-eval").doesNotContainPattern("script-src[^;]*unsafe-inline");
        // no inline script and nothing from another origin: every script is a served file
        Matcher scripts = Pattern.compile("<script([^>]*)>([^<]*)</script>").matcher(page.body());
        List<String> sources = new ArrayList<>();
        while (scripts.find()) {
            assertThat(scripts.group(2)).as("inline script").isBlank();
            sources.add(scripts.group(1).replaceAll(".*src=\"([^\"]+)\".*", "$1"));
        }
        Matcher links = Pattern.compile("href=\"([^\"]+)\"").matcher(page.body());
        while (links.find()) {
            sources.add(links.group(1));
        }
        assertThat(sources).contains("/api/docs/docs-init.js", "/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui.css")
                .allSatisfy(src -> assertThat(src).startsWith("/api/"));
        for (String src : sources) {
            HttpResponse<byte[]> file = client.send(HttpRequest.newBuilder(URI.create(h.api().address() + src)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).as(src).isEqualTo(200);
            assertThat(file.body().length).as(src).isGreaterThan(src.endsWith("bundle.js") ? 100_000 : 20);
        }
        String init = client.send(HttpRequest.newBuilder(URI.create(h.api().address() + "/api/docs/docs-init.js")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(init).contains("url: \"/api/openapi.json\"", "validatorUrl: null").doesNotContain("http://", "https://");
    }

    @Test
    void theApiReferenceServesOnlyItsOwnFiles() {
        for (String path : List.of("/api/docs/index.css", "/api/docs/..%2F..%2Fopenapi.yaml", "/api/docs/pom.properties",
                "/api/docs/%2E%2E%2Fmaster.key")) {
            ApiHarness.Reply r = h.call("GET", path, null, null);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("webjars").doesNotContain("Exception");
        }
    }
}
