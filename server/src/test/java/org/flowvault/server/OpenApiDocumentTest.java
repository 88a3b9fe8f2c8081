package org.flowvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
        assertThat(r.json()).isEqualTo(doc);
        assertThat(operations(r.json())).contains("GET /api/openapi.json", "POST /api/v1/projects/{project}/connections/{name}/resolve");
    }
}
