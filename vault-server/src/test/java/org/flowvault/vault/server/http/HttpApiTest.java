package org.flowvault.vault.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wire-level behaviour of the HTTP front door. */
class HttpApiTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void sealStatusAnswersRawJsonWithExactContentType() {
        TestVault.Reply r = vault.call("GET", "sys/seal-status", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.json().get("sealed").asBoolean()).isFalse();
        assertThat(r.json().get("t").asInt()).isEqualTo(1);
    }

    @Test
    void missingTokenIsPermissionDenied() {
        TestVault.Reply r = vault.call("GET", "sys/mounts", null, null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    }

    @Test
    void invalidTokenIsPermissionDenied() {
        TestVault.Reply r = vault.call("GET", "sys/mounts", "hvs.nope", null);
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void bearerAuthorizationHeaderIsAccepted() {
        TestVault.Reply r = vault.callWithHeader("GET", "sys/mounts", "Authorization", "Bearer " + vault.rootToken(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("data").has("secret/")).isTrue();
        assertThat(r.json().get("secret/").get("options").get("version").asText()).isEqualTo("2");
    }

    @Test
    void malformedJsonIs400WithoutEchoingTheBody() {
        TestVault.Reply r = vault.call("POST", "sys/policy/x", vault.rootToken(), "{\"policy\": \"s3cr3t-value");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).asText()).startsWith("failed to parse JSON input");
        assertThat(r.body()).doesNotContain("s3cr3t-value");
    }

    @Test
    void nonObjectJsonIs400() {
        TestVault.Reply r = vault.call("POST", "sys/policy/x", vault.rootToken(), "[1,2]");
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void traversalIsRejectedPlainAndPercentEncoded() {
        assertThat(vault.call("GET", "secret/data/../../sys/mounts", vault.rootToken(), null).status()).isEqualTo(400);
        TestVault.Reply encoded = vault.call("GET", "secret/data/%2e%2e/%2e%2e/sys/mounts", vault.rootToken(), null);
        assertThat(encoded.status()).isEqualTo(400);
        assertThat(encoded.json().get("errors").get(0).asText()).contains("..");
    }

    @Test
    void unknownMountIs404WithVaultsRouteMessage() {
        TestVault.Reply r = vault.call("GET", "nothing-here/foo", vault.rootToken(), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("errors").get(0).asText()).contains("no handler for route");
    }

    @Test
    void unsupportedMethodIs405() {
        assertThat(vault.call("OPTIONS", "sys/mounts", vault.rootToken(), null).status()).isIn(405, 404);
    }

    @Test
    void policyWritesAnswer204AndReadBack() {
        TestVault.Reply w = vault.call("PUT", "sys/policies/acl/reader", vault.rootToken(),
                Map.of("policy", "path \"secret/data/*\" { capabilities = [\"read\"] }"));
        assertThat(w.status()).isEqualTo(204);
        TestVault.Reply r = vault.call("GET", "sys/policies/acl/reader", vault.rootToken(), null);
        assertThat(r.json().get("data").get("policy").asText()).contains("secret/data/*");
    }

    @Test
    void healthHonoursQueryOverrides() {
        assertThat(vault.call("GET", "sys/health", null, null).status()).isEqualTo(200);
        assertThat(vault.call("GET", "sys/health?activecode=299", null, null).status()).isEqualTo(299);
        TestVault.Reply bad = vault.call("GET", "sys/health?activecode=abc", null, null);
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void formBodiesAreAccepted() {
        TestVault.Reply w = vault.call("POST", "sys/policies/acl/formpol", vault.rootToken(),
                "policy=path+%22a%2F*%22+%7B+capabilities+%3D+%5B%22read%22%5D+%7D", "application/x-www-form-urlencoded");
        assertThat(w.status()).isEqualTo(204);
    }
}
