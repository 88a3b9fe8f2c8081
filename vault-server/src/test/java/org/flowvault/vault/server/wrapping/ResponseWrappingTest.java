package org.flowvault.vault.server.wrapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** X-Vault-Wrap-TTL replaces a response by a single-use wrapping token. */
class ResponseWrappingTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static TestVault.Reply wrapped(String method, String path, Object body) {
        return vault.callWithHeaders(method, path, body, Map.of("X-Vault-Token", vault.rootToken(), "X-Vault-Wrap-TTL", "60s"));
    }

    @Test
    void aWrappedTokenCreationHidesTheTokenUntilUnwrappedOnce() {
        TestVault.Reply r = wrapped("POST", "auth/token/create", Map.of("policies", "default"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.get("auth").isNull()).isTrue();
        JsonNode info = json.get("wrap_info");
        assertThat(info.get("ttl").asInt()).isEqualTo(60);
        assertThat(info.get("creation_path").asText()).isEqualTo("auth/token/create");
        assertThat(info.get("wrapped_accessor").asText()).isNotEmpty();
        String wrappingToken = info.get("token").asText();

        TestVault.Reply lookup = vault.call("POST", "sys/wrapping/lookup", null, Map.of("token", wrappingToken));
        assertThat(lookup.json().get("data").get("creation_ttl").asInt()).isEqualTo(60);

        TestVault.Reply unwrapped = vault.call("POST", "sys/wrapping/unwrap", wrappingToken, Map.of());
        assertThat(unwrapped.status()).isEqualTo(200);
        String child = unwrapped.json().get("auth").get("client_token").asText();
        assertThat(vault.call("GET", "auth/token/lookup-self", child, null).status()).isEqualTo(200);

        TestVault.Reply again = vault.call("POST", "sys/wrapping/unwrap", wrappingToken, Map.of());
        assertThat(again.status()).isEqualTo(400);
    }

    @Test
    void arbitraryDataCanBeWrappedAndUnwrapped() {
        TestVault.Reply r = wrapped("POST", "sys/wrapping/wrap", Map.of("secret", "s3cr3t"));
        assertThat(r.body()).doesNotContain("s3cr3t");
        String wrappingToken = r.json().get("wrap_info").get("token").asText();
        TestVault.Reply unwrapped = vault.call("POST", "sys/wrapping/unwrap", null, Map.of("token", wrappingToken));
        assertThat(unwrapped.json().get("data").get("secret").asText()).isEqualTo("s3cr3t");
    }

    @Test
    void aJsonBodySentAsAFormIsReadAsJsonLikeVaultDoes() {
        TestVault.Reply r = vault.call("POST", "secret/data/form-json", vault.rootToken(), "{\"data\":{\"a\":\"b\"}}",
                "application/x-www-form-urlencoded");
        assertThat(r.status()).isEqualTo(200);
    }
}
