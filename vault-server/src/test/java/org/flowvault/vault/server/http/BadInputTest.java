package org.flowvault.vault.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets Vault's status and a clear message: never a 500, never a stack trace. */
class BadInputTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.of(VaultServer.builder().dev().maxRequestBytes(64 * 1024));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static void assertCleanError(TestVault.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.json().has("errors")).isTrue();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"data\":{\"blob\":\"" + "x".repeat(70 * 1024) + "\"}}";
        TestVault.Reply r = vault.call("POST", "secret/data/big", vault.rootToken(), big);
        assertCleanError(r, 413);
    }

    @Test
    void aClientStillSendingAnOversizedBodyGetsThe413EveryTime() {
        // the server answers before reading the body; closing with the body unread used to reset
        // the connection now and then, so the client saw no answer at all
        String big = "{\"data\":{\"blob\":\"" + "x".repeat(200 * 1024) + "\"}}";
        for (int i = 0; i < 200; i++) {
            assertCleanError(vault.call("PUT", "secret/data/big-" + i, vault.rootToken(), big), 413);
        }
    }

    @Test
    void wrongTypesNameTheFieldAndNotTheValue() {
        TestVault.Reply r = vault.call("POST", "auth/token/create", vault.rootToken(), Map.of("num_uses", "hunter2-secretish"));
        assertCleanError(r, 400);
        assertThat(r.json().get("errors").get(0).asText()).contains("num_uses").doesNotContain("hunter2");
        TestVault.Reply kv = vault.call("POST", "secret/data/typed", vault.rootToken(), Map.of("data", "not-an-object-s3cr3t"));
        assertCleanError(kv, 400);
        assertThat(kv.body()).doesNotContain("s3cr3t");
        TestVault.Reply ttl = vault.call("POST", "sys/mounts/typed-" + System.nanoTime(), vault.rootToken(),
                Map.of("type", "kv", "config", Map.of("default_lease_ttl", List.of(1, 2))));
        assertCleanError(ttl, 400);
    }

    @Test
    void unknownPathsInsideAMountAre404AndUnsupportedOperationsAre405() {
        assertCleanError(vault.call("GET", "auth/token/no-such-endpoint", vault.rootToken(), null), 404);
        assertCleanError(vault.call("DELETE", "sys/seal-status", null, null), 405);
        assertCleanError(vault.call("PATCH", "sys/mounts", vault.rootToken(), "{}", "application/merge-patch+json"), 405);
    }

    @Test
    void patchWithoutMergePatchContentTypeIs415() {
        vault.call("POST", "secret/data/patchme", vault.rootToken(), Map.of("data", Map.of("a", "1")));
        TestVault.Reply r = vault.call("PATCH", "secret/data/patchme", vault.rootToken(), Map.of("data", Map.of("a", "2")));
        assertCleanError(r, 415);
        TestVault.Reply ok = vault.call("PATCH", "secret/data/patchme", vault.rootToken(), Map.of("data", Map.of("a", "2")),
                "application/merge-patch+json");
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void refusedRequestsWithBodiesLeaveTheConnectionUsable() {
        // Each refusal comes before the body is needed; the body is still read, so a client that
        // reuses the connection for its next request gets an answer (not an empty read).
        for (int i = 0; i < 20; i++) {
            assertCleanError(vault.call("PATCH", "secret/data/reuse", vault.rootToken(), Map.of("data", Map.of("a", "1"))), 415);
            assertCleanError(vault.call("POST", "secret/data/%2e%2e/x", vault.rootToken(), Map.of("data", Map.of("a", "1"))), 400);
            assertThat(vault.call("GET", "sys/seal-status", null, null).status()).isEqualTo(200);
        }
    }

    @Test
    void traversalAndEncodedSlashesCannotEscapeAMount() {
        assertCleanError(vault.call("GET", "secret/data/%2e%2e/%2e%2e/sys/seal-status", vault.rootToken(), null), 400);
        assertCleanError(vault.call("GET", "secret/data/a/%2E%2E/b", vault.rootToken(), null), 400);
        assertCleanError(vault.call("GET", "secret/data/a//b", vault.rootToken(), null), 400);
        assertCleanError(vault.call("GET", "secret/data/a%00b", vault.rootToken(), null), 400);
    }

    @Test
    void missingAndInvalidTokensAre403() {
        assertCleanError(vault.call("GET", "secret/data/x", null, null), 403);
        assertCleanError(vault.call("GET", "secret/data/x", "hvs.invalid", null), 403);
        assertCleanError(vault.callWithHeader("GET", "secret/data/x", "Authorization", "Bearer hvs.invalid", null), 403);
    }

    @Test
    void invalidInitParametersAndUnsealKeysAre400() {
        try (TestVault fresh = TestVault.of(VaultServer.builder())) {
            assertCleanError(fresh.call("PUT", "sys/unseal", null, Map.of("key", "abcd")), 400); // not initialized
            assertCleanError(fresh.call("PUT", "sys/init", null, Map.of("secret_shares", "many", "secret_threshold", 1)), 400);
            TestVault.Reply threshold = fresh.call("PUT", "sys/init", null, Map.of("secret_shares", 2, "secret_threshold", 3));
            assertCleanError(threshold, 400);
            assertThat(threshold.json().get("errors").get(0).asText()).contains("threshold");
            assertThat(fresh.call("PUT", "sys/init", null, Map.of("secret_shares", 3, "secret_threshold", 2)).status()).isEqualTo(200);
            assertCleanError(fresh.call("PUT", "sys/unseal", null, Map.of("key", "%%%not-a-key%%%")), 400);
            assertCleanError(fresh.call("PUT", "sys/unseal", null, Map.of()), 400);
            assertCleanError(fresh.call("PUT", "sys/init", null, Map.of("secret_shares", 1, "secret_threshold", 1)), 400);
            assertCleanError(fresh.call("GET", "secret/data/x", "any", null), 503);
        }
    }

    @Test
    void malformedJsonNeverEchoesTheBody() {
        TestVault.Reply r = vault.call("POST", "secret/data/x", vault.rootToken(), "{\"data\": {\"password\": \"leaky-value\"");
        assertCleanError(r, 400);
        assertThat(r.body()).doesNotContain("leaky-value");
    }

    @Test
    void deeplyNestedJsonIsA400InVaultsShape() {
        assertCleanError(vault.call("POST", "secret/data/deep", vault.rootToken(), "[".repeat(10_000)), 400);
        for (String body : List.of("{\"data\":" + "{\"a\":".repeat(10_000), "{\"data\": {\"a\": " + "[".repeat(301) + "]".repeat(301) + "}}")) {
            TestVault.Reply r = vault.call("POST", "secret/data/deep", vault.rootToken(), body);
            assertCleanError(r, 400);
            assertThat(r.json().get("errors").get(0).asText()).contains("nesting depth of 300");
        }
        TestVault.Reply fits = vault.call("POST", "secret/data/deep", vault.rootToken(),
                "{\"data\": {\"a\": " + "[".repeat(200) + "]".repeat(200) + "}}");
        assertThat(fits.status()).as(fits.body()).isEqualTo(200);
    }

    @Test
    void pathSegmentsAndPathsTooLongForStorageAre400BeforeAnyBackendSeesThem() {
        TestVault.Reply segment = vault.call("POST", "secret/data/" + "s".repeat(300), vault.rootToken(), Map.of("data", Map.of("a", "1")));
        assertCleanError(segment, 400);
        assertThat(segment.json().get("errors").get(0).asText()).isEqualTo("invalid path: a path segment is 300 bytes long; the limit is 128 bytes");
        TestVault.Reply unicode = vault.call("GET", "secret/data/" + "%C3%A9".repeat(65), vault.rootToken(), null);
        assertCleanError(unicode, 400);
        String deep = String.join("/", java.util.Collections.nCopies(300, "abcd"));
        TestVault.Reply path = vault.call("GET", "secret/data/" + deep, vault.rootToken(), null);
        assertCleanError(path, 400);
        assertThat(path.json().get("errors").get(0).asText()).contains("the limit is 1024 bytes");
        assertThat(vault.call("POST", "secret/data/" + "s".repeat(128), vault.rootToken(), Map.of("data", Map.of("a", "1"))).status())
                .isEqualTo(200);
    }

    @Test
    void onFileStorageALongSegmentIsA400NotAnIoFailure(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (TestVault files = TestVault.of(VaultServer.builder().devPersistent(dir))) {
            TestVault.Reply r = files.call("POST", "secret/data/" + "s".repeat(300), files.rootToken(), Map.of("data", Map.of("a", "1")));
            assertCleanError(r, 400);
            assertThat(r.json().get("errors").get(0).asText()).contains("segment", "128 bytes");
            TestVault.Reply policy = files.call("PUT", "sys/policies/acl/" + "p".repeat(250), files.rootToken(), Map.of("policy", ""));
            assertCleanError(policy, 400);
            // the longest segment and a deep 1024-byte path both fit the file storage, encrypted names and all
            TestVault.Reply fits = files.call("POST", "secret/data/" + "s".repeat(128), files.rootToken(), Map.of("data", Map.of("a", "1")));
            assertThat(fits.status()).as(fits.body()).isEqualTo(200);
            String deep = String.join("/", java.util.Collections.nCopies(31, "s".repeat(31))) + "/" + "t".repeat(20);
            assertThat(("secret/data/" + deep).length()).isEqualTo(1024);
            TestVault.Reply deepFits = files.call("POST", "secret/data/" + deep, files.rootToken(), Map.of("data", Map.of("a", "1")));
            assertThat(deepFits.status()).as(deepFits.body()).isEqualTo(200);
            TestVault.Reply many = files.call("POST", "secret/data/" + String.join("/", java.util.Collections.nCopies(400, "s")),
                    files.rootToken(), Map.of("data", Map.of("a", "1")));
            assertCleanError(many, 400);
            assertThat(many.json().get("errors").get(0).asText()).contains("fewer or shorter path segments");
        }
    }
}
