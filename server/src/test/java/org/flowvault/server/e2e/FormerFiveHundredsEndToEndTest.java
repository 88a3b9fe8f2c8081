package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each input that once made the server answer 500 (or 502 after retries), sent as a hostile
 * member or a stranger would send it, against a platform whose embedded Vault keeps its storage in
 * files as {@code flowvault dev} does. Every one is now a 4xx that says what is wrong and what the
 * limit is, and no answer or run error carries a stack trace or the platform's SQL.
 */
class FormerFiveHundredsEndToEndTest {
    @TempDir
    static Path vaultFiles;
    private static World w;
    private static HttpServer peer;
    private static String peerUrl;

    @BeforeAll
    static void start() throws IOException {
        w = World.open(Database.Dialect.H2, vaultFiles);
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/bytes/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/bytes/".length()));
            byte[] body = "y".repeat(n).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        peer.start();
        peerUrl = "http://127.0.0.1:" + peer.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.stop(0);
        }
        w.close();
    }

    private static void assertClean(ApiHarness.Reply r, int status, String... fragments) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.reason()).as("%s", r).isEqualTo("INVALID");
        assertThat(r.message()).as("%s", r).contains(fragments).doesNotContain("null");
        assertNoInternals(r.body());
    }

    private static void assertNoInternals(String text) {
        assertThat(text).doesNotContain("Exception", "at org.", "SELECT", "INSERT", "UPDATE ", "jdbc:", "SQLState",
                "run_steps", "statement");
    }

    @Test
    void tenThousandLevelsOfJsonAreA400OnAnyRouteEvenWithoutACredential() {
        String arrays = "[".repeat(10_000);
        String objects = "{\"a\":".repeat(10_000);
        assertClean(w.h.call("POST", "/api/v1/auth/login", null, arrays), 400, "nest", "64");
        assertClean(w.h.call("POST", "/api/v1/auth/login", null, objects), 400, "nest", "64");
        assertClean(w.h.call("POST", "/api/v1/projects", w.admin.token(), objects), 400, "nest", "64");
        assertClean(w.h.call("POST", "/api/v1/projects/" + w.project + "/connections", w.alice.token(),
                "{\"name\": \"deep\", \"type\": \"SQL\", \"value\": " + objects), 400, "nest", "64");
        assertClean(w.h.call("POST", "/api/v1/runs/" + UUID.randomUUID() + "/input", w.alice.token(), arrays), 400, "nest");
    }

    @Test
    void aVaultReferenceThatClimbsOutOfItsMountIsRefusedWhenSaved() {
        String connections = "/api/v1/projects/" + w.project + "/connections";
        for (String reference : List.of("vault://secret/data/../../sys/seal", "vault://" + w.config + ":secret/data/./x/key",
                // inside vault.secret(...) a "." separates the key, so a ".." segment is written escaped
                "vault.secret(" + w.config + ":secret/data/\\.\\./\\.\\./sys/seal.key)", "vault.secret(:secret/data/a/\\.\\./b.key)")) {
            ApiHarness.Reply r = w.h.call("POST", connections, w.alice.token(), Map.of("name", ApiHarness.random("climb"),
                    "type", "SQL", "value", Map.of("password", reference)));
            assertClean(r, 400, "field \"password\"", "\"..\"");
        }
        String name = ApiHarness.random("later");
        w.connection(name, "SQL", Map.of("host", "db"), List.of());
        assertClean(w.h.call("PUT", connections + "/" + name, w.alice.token(),
                Map.of("value", "password: vault://secret/data/../../sys/seal\n")), 400, "\"..\"");
    }

    @Test
    void aVaultReferenceThatClimbsOutOfItsMountStoredBeforeTheRuleIsRefusedWhenResolved() {
        String name = ApiHarness.random("stored");
        w.connection(name, "SQL", Map.of("host", "db"), List.of());
        // as a row written by an older version that accepted the reference
        w.h.platform().database().jdbi().useHandle(h -> h.createUpdate("UPDATE connections SET value_text = :v WHERE name = :n")
                .bind("v", "{\"password\": \"vault://secret/data/../../sys/seal\"}").bind("n", name).execute());
        String connection = "/api/v1/projects/" + w.project + "/connections/" + name;

        assertClean(w.h.call("POST", connection + "/resolve", w.alice.token(), Map.of()), 400, name, "\"password\"", "\"..\"");
        assertClean(w.h.call("GET", connection + "/preview", w.alice.token(), null), 400, "\"..\"");
        assertThat(w.h.call("GET", "/api/v1/projects/" + w.project + "/connections", w.alice.token(), null).status())
                .as("the project's connections are still listed").isEqualTo(200);
    }

    @Test
    void aPathSegmentTooLongForTheVaultsStorageIsA400FromVaultAndThroughThePlatform() throws Exception {
        String segment = "s".repeat(300);
        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(w.h.vaultAddress() + "/v1/secret/data/" + w.prefix + "/" + segment))
                .header("X-Vault-Token", w.h.vaultRootToken()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": {\"k\": \"v\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(400);
        assertThat(direct.body()).startsWith("{\"errors\":[").contains("segment", "128 bytes");
        assertNoInternals(direct.body());

        long before = System.nanoTime();
        ApiHarness.Reply write = w.h.call("POST", "/api/v1/vault-configs/" + w.config + "/secrets", w.alice.token(),
                Map.of("project", w.project, "path", "secret/data/" + w.prefix + "/" + segment, "data", Map.of("k", "v")));
        assertClean(write, 400, "path", "segment", "128 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("refused at once, not after retries").isLessThan(Duration.ofSeconds(5));

        ApiHarness.Reply attach = w.h.call("POST", "/api/v1/projects/" + w.project + "/connections", w.alice.token(),
                Map.of("name", ApiHarness.random("long"), "type", "SQL", "vault_secrets", List.of(w.attached(segment))));
        assertClean(attach, 400, "vault_secrets", "segment", "128 bytes");
        ApiHarness.Reply reference = w.h.call("POST", "/api/v1/projects/" + w.project + "/connections", w.alice.token(),
                Map.of("name", ApiHarness.random("long"), "type", "SQL", "value", Map.of("password", "vault://secret/data/" + segment + "/k")));
        assertClean(reference, 400, "field \"password\"", "segment", "128 bytes");
    }

    @Test
    void runInputsOverTheLimitAreRefusedNamingTheLimit() {
        String flow = ApiHarness.random("big-in");
        w.applyOk("name: " + flow + "\ninputs: {blob: string, more: string}\nsteps:\n  - {id: a, task: HTTP, inputs: {url: \""
                + peerUrl + "/bytes/1\"}}\n");
        String runs = "/api/v1/projects/" + w.project + "/flows/" + flow + "/runs";
        assertClean(w.h.call("POST", runs, w.alice.token(), Map.of("inputs", Map.of("blob", "x".repeat(3_000_000)))),
                400, "string longer than 1 MiB");
        assertClean(w.h.call("POST", runs, w.alice.token(), Map.of("inputs", Map.of("blob", "x".repeat(400_000), "more", "y".repeat(400_000)))),
                400, "run inputs are 781.3 KiB", "the limit is 512 KiB");
    }

    @Test
    void stepOutputsOverTheLimitFailTheRunNamingTheStepAndTheLimitNeverTheSql() {
        String flow = ApiHarness.random("big-out");
        w.applyOk("name: " + flow + "\nsteps:\n  - {id: fetch, task: HTTP, inputs: {url: \"" + peerUrl + "/bytes/700000\"}}\n");
        JsonNode run = w.run(flow, Map.of());
        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("step 'fetch'", "outputs", "512 KiB");
        assertNoInternals(run.path("error").asText());
        assertNoInternals(w.logs(w.alice, run));
    }

    @Test
    void flowOutputsOverTheLimitFailTheRunNamingTheLimitNeverTheSql() {
        String flow = ApiHarness.random("big-result");
        w.applyOk("name: " + flow + "\nsteps:\n  - {id: fetch, task: HTTP, inputs: {url: \"" + peerUrl + "/bytes/200000\"}}\n"
                + "outputs:\n  a: ${{ steps.fetch.outputs.body }}\n  b: ${{ steps.fetch.outputs.body }}\n  c: ${{ steps.fetch.outputs.body }}\n");
        JsonNode run = w.run(flow, Map.of());
        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("the flow's outputs", "512 KiB");
        assertNoInternals(run.path("error").asText());
    }
}
