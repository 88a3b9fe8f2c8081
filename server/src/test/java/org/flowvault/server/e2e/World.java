package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;

/**
 * One platform behind its REST API (through {@link ApiHarness}) with the run workers started, an
 * admin, a member {@code alice} in a project, a USER_TOKEN vault configuration scoped to the
 * project, and alice's own Vault token (a policy on {@code secret/data/<prefix>/*}) registered
 * over the API. Every secret the test makes is remembered so {@link #assertNoSecretInAnyAnswer()}
 * can search every API answer for it (plain, base64 and URL-encoded).
 */
final class World implements AutoCloseable {
    final ApiHarness h;
    final ApiHarness.Session admin;
    final ApiHarness.Session alice;
    final String project;
    final String config;
    /** Alice's KV v2 area: {@code secret/<prefix>/...}. */
    final String prefix;
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    private World(ApiHarness h) {
        this.h = h;
        h.platform().startBackgroundJobs(Duration.ofHours(1));
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        project = h.project(admin, "e2e");
        h.addMember(admin, project, alice);
        config = ApiHarness.random("vault");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of(
                "name", config, "url", h.vaultAddress(), "scope", List.of(project), "auth_method", "user_token"));
        prefix = ApiHarness.random("team");
        String token = vaultToken(h.kvPolicy(prefix + "/", "create", "read", "update", "list", "delete"));
        registerToken(alice, token);
    }

    static World open(Database.Dialect dialect) {
        return open(dialect, ApiHarness.LOOPBACK_FOR_TEST_PEERS, null);
    }

    /** A world whose tasks may connect where {@code taskEgress} allows (null: the platform's default). */
    static World open(Database.Dialect dialect, org.flowvault.platform.task.Egress taskEgress) {
        return open(dialect, taskEgress, null);
    }

    /** A world whose embedded Vault keeps its storage in files under {@code vaultFiles} (null: in memory). */
    static World open(Database.Dialect dialect, java.nio.file.Path vaultFiles) {
        return open(dialect, ApiHarness.LOOPBACK_FOR_TEST_PEERS, vaultFiles);
    }

    static World open(Database.Dialect dialect, org.flowvault.platform.task.Egress taskEgress, java.nio.file.Path vaultFiles) {
        ApiHarness h = ApiHarness.open(dialect, taskEgress, vaultFiles);
        try {
            return new World(h);
        } catch (RuntimeException | Error e) {
            h.close();
            throw e;
        }
    }

    /** A Vault token (child of root) with {@code policy}; remembered as a secret. */
    String vaultToken(String policy) {
        return secret(h.vaultToken(Duration.ofHours(72), policy));
    }

    void registerToken(ApiHarness.Session who, String token) {
        h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", who.token(), Map.of("token", token));
    }

    /** Remembers {@code value} as a secret that no API answer may show; returns it. */
    String secret(String value) {
        secrets.add(value);
        return value;
    }

    /** A random secret-looking value, remembered. */
    String newSecret(String label) {
        return secret(label + "-" + java.util.UUID.randomUUID());
    }

    /** Writes {@code data} at KV v2 {@code secret/<prefix>/<path>} with the root token; every value is remembered. */
    void vaultSecret(String path, Map<String, ?> data) {
        data.values().forEach(v -> secret(String.valueOf(v)));
        h.vaultSecret(prefix + "/" + path, data);
    }

    /** The attached-secret form {@code config:secret/data/<prefix>/<path>}. */
    String attached(String path) {
        return config + ":secret/data/" + prefix + "/" + path;
    }

    /** Creates a connection in the project as alice. {@code value} is YAML text or a map. */
    void connection(String name, String type, Object value, List<String> vaultSecrets) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("value", value);
        body.put("vault_secrets", vaultSecrets);
        h.expect(201, "POST", "/api/v1/projects/" + project + "/connections", alice.token(), body);
    }

    /** Applies a flow document as alice; returns the answer. */
    ApiHarness.Reply apply(String source) {
        return h.call("POST", "/api/v1/projects/" + project + "/flows", alice.token(), Map.of("source", source));
    }

    void applyOk(String source) {
        ApiHarness.Reply r = apply(source);
        assertThat(r.status()).as("%s", r).isIn(200, 201);
    }

    /** Starts a run as {@code who} (202) and returns its JSON. */
    JsonNode start(ApiHarness.Session who, String flow, Map<String, ?> inputs) {
        return h.expect(202, "POST", "/api/v1/projects/" + project + "/flows/" + flow + "/runs", who.token(),
                Map.of("inputs", inputs)).json();
    }

    /** Long-polls the run until it ends or waits for input (at most two minutes). */
    JsonNode await(ApiHarness.Session who, String runId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode run = h.expect(200, "GET", "/api/v1/runs/" + runId, who.token(), null).json();
        while (!settled(run.path("status").asText()) && System.nanoTime() < deadline) {
            run = h.expect(200, "GET", "/api/v1/runs/" + runId + "/wait?timeout=20", who.token(), null).json();
        }
        assertThat(settled(run.path("status").asText())).as("run settled: %s", run).isTrue();
        return run;
    }

    /** Starts a run as alice and waits for it. */
    JsonNode run(String flow, Map<String, ?> inputs) {
        return await(alice, start(alice, flow, inputs).path("id").asText());
    }

    JsonNode runAs(ApiHarness.Session who, String flow, Map<String, ?> inputs) {
        return await(who, start(who, flow, inputs).path("id").asText());
    }

    /** The run's log lines (masked), one per line. */
    String logs(ApiHarness.Session who, JsonNode run) {
        JsonNode lines = h.expect(200, "GET", "/api/v1/runs/" + run.path("id").asText() + "/logs", who.token(), null).json().path("lines");
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add("[" + l.path("step").asText() + "] " + l.path("line").asText()));
        return String.join("\n", out);
    }

    /**
     * A call whose answer is NOT remembered for {@link #assertNoSecretInAnyAnswer()}: only for the
     * answers that legitimately show a secret to its owner (revealing a run's outputs).
     */
    JsonNode unrecorded(String method, String path, ApiHarness.Session who) {
        try {
            java.net.http.HttpResponse<String> r = HTTP.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(h.api().address() + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + who.token())
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s %s -> %s", method, path, r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean settled(String status) {
        return switch (status) {
            case "succeeded", "failed", "cancelled", "waiting_for_input" -> true;
            default -> false;
        };
    }

    /** Every remembered secret, in every {@linkplain #forms(String) form}, is absent from every API answer so far. */
    void assertNoSecretInAnyAnswer() {
        List<String> bodies = h.bodies();
        assertThat(bodies).isNotEmpty();
        for (String s : secrets) {
            for (String form : forms(s)) {
                for (String body : bodies) {
                    assertThat(body).as("an API answer shows a secret (or its encoded form)").doesNotContain(form);
                }
            }
        }
    }

    /** {@code text} shows none of the remembered secrets in any form. */
    void assertNoSecretIn(String text) {
        for (String s : secrets) {
            for (String form : forms(s)) {
                assertThat(text).as("text shows a secret (or its encoded form)").doesNotContain(form);
            }
        }
    }

    /**
     * The secret as inputs normalise it (upper, lower case, {@code -} and {@code _} swapped) and
     * each of those hex- (both cases), base64- and URL-encoded; and quote-doubled.
     */
    static List<String> forms(String secret) {
        Set<String> shown = new java.util.LinkedHashSet<>();
        for (String c : List.of(secret, secret.toUpperCase(java.util.Locale.ROOT), secret.toLowerCase(java.util.Locale.ROOT))) {
            shown.addAll(List.of(c, c.replace('-', '_'), c.replace('_', '-')));
        }
        Set<String> out = new java.util.LinkedHashSet<>(shown);
        for (String v : shown) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            out.addAll(List.of(Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                    java.util.HexFormat.of().formatHex(bytes), java.util.HexFormat.of().withUpperCase().formatHex(bytes),
                    URLEncoder.encode(v, StandardCharsets.UTF_8)));
        }
        out.addAll(List.of(secret.replace("\"", "\"\""), secret.replace("'", "''")));
        return List.copyOf(out);
    }

    @Override
    public void close() {
        h.close();
    }
}
