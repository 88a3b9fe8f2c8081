package org.flowvault.vault.server.sys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sys/mounts/PATH/tune and sys/auth/PATH/tune over HTTP: Vault's TTL rules and what a read answers. */
class MountTuneTest {
    private final TestVault vault = TestVault.dev();
    private final String root = vault.rootToken();

    @AfterEach
    void close() {
        vault.close();
    }

    private JsonNode read(String path) {
        TestVault.Reply r = vault.call("GET", path, root, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("data");
    }

    private TestVault.Reply tune(String path, Map<String, Object> body) {
        return vault.call("POST", path, root, body);
    }

    @Test
    void ttlsTakeGoDurationsOrSecondsAndReadBackAsIntegers() {
        assertThat(tune("sys/mounts/secret/tune", Map.of("default_lease_ttl", "1h", "max_lease_ttl", 7200)).status()).isEqualTo(204);
        JsonNode t = read("sys/mounts/secret/tune");
        assertThat(t.get("default_lease_ttl").isInt()).isTrue();
        assertThat(t.get("default_lease_ttl").asLong()).isEqualTo(3600);
        assertThat(t.get("max_lease_ttl").asLong()).isEqualTo(7200);
        assertThat(t.get("force_no_cache").asBoolean()).isFalse();
        assertThat(t.get("options").get("version").asText()).isEqualTo("2");
        assertThat(t.has("token_type")).isFalse();
        assertThat(t.has("description")).isTrue();
        // The mount listing shows the same numbers.
        assertThat(read("sys/mounts").at("/secret~1/config/default_lease_ttl").asLong()).isEqualTo(3600);

        // Empty or absent fields keep their value; a string of seconds is seconds.
        assertThat(tune("sys/mounts/secret/tune", Map.of("default_lease_ttl", "", "max_lease_ttl", "10800")).status()).isEqualTo(204);
        JsonNode kept = read("sys/mounts/secret/tune");
        assertThat(kept.get("default_lease_ttl").asLong()).isEqualTo(3600);
        assertThat(kept.get("max_lease_ttl").asLong()).isEqualTo(10800);
    }

    @Test
    void systemResetsATtlToTheSystemDefault() {
        JsonNode before = read("sys/mounts/secret/tune");
        tune("sys/mounts/secret/tune", Map.of("default_lease_ttl", "30m", "max_lease_ttl", "2h"));
        assertThat(read("sys/mounts/secret/tune").get("max_lease_ttl").asLong()).isEqualTo(7200);
        assertThat(tune("sys/mounts/secret/tune", Map.of("default_lease_ttl", "system", "max_lease_ttl", "system")).status()).isEqualTo(204);
        JsonNode after = read("sys/mounts/secret/tune");
        assertThat(after.get("default_lease_ttl").asLong()).isEqualTo(before.get("default_lease_ttl").asLong());
        assertThat(after.get("max_lease_ttl").asLong()).isEqualTo(before.get("max_lease_ttl").asLong());
        assertThat(read("sys/mounts").at("/secret~1/config/max_lease_ttl").asLong()).isZero();
    }

    @Test
    void maxBelowDefaultIsRefusedWithVaultsMessage() {
        TestVault.Reply r = tune("sys/mounts/secret/tune", Map.of("default_lease_ttl", "2h", "max_lease_ttl", "1h"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0").asText()).isEqualTo("backend max lease TTL of 3600 would be less than backend default lease TTL of 7200");
        tune("sys/mounts/secret/tune", Map.of("max_lease_ttl", "1h"));
        assertThat(tune("sys/mounts/secret/tune", Map.of("default_lease_ttl", "90m")).status()).isEqualTo(400);
        // Only when both are set: a default with the max left to the system is fine.
        assertThat(tune("sys/mounts/secret/tune", Map.of("max_lease_ttl", "system", "default_lease_ttl", "90m")).status()).isEqualTo(204);
    }

    @Test
    void authTuneAnswersTokenTypeAndRefusesItOnTheTokenMount() {
        vault.call("POST", "sys/auth/userpass", root, Map.of("type", "userpass"));
        JsonNode fresh = read("sys/auth/userpass/tune");
        assertThat(fresh.get("token_type").asText()).isEqualTo("default-service");
        assertThat(tune("sys/auth/userpass/tune", Map.of("token_type", "service", "default_lease_ttl", 600,
                "description", "people")).status()).isEqualTo(204);
        JsonNode t = read("sys/auth/userpass/tune");
        assertThat(t.get("token_type").asText()).isEqualTo("service");
        assertThat(t.get("default_lease_ttl").asLong()).isEqualTo(600);
        assertThat(t.get("description").asText()).isEqualTo("people");
        assertThat(read("sys/auth/token/tune").get("token_type").asText()).isEqualTo("default-service");

        TestVault.Reply onToken = tune("sys/auth/token/tune", Map.of("token_type", "service"));
        assertThat(onToken.status()).isEqualTo(400);
        assertThat(onToken.json().at("/errors/0").asText()).isEqualTo("'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
        assertThat(tune("sys/mounts/secret/tune", Map.of("token_type", "service")).json().at("/errors/0").asText())
                .isEqualTo("'token_type' can only be modified on auth mounts");
    }

    @Test
    void auditKeysAndHeaderListsRoundTripAndAppearOnlyOnceSet() {
        assertThat(read("sys/mounts/secret/tune").has("audit_non_hmac_request_keys")).isFalse();
        tune("sys/mounts/secret/tune", Map.of("audit_non_hmac_request_keys", "user,ticket",
                "audit_non_hmac_response_keys", List.of("ticket"), "passthrough_request_headers", List.of("X-Trace"),
                "allowed_response_headers", "X-Served-By", "listing_visibility", "unauth"));
        JsonNode t = read("sys/mounts/secret/tune");
        assertThat(t.get("audit_non_hmac_request_keys")).hasSize(2);
        assertThat(t.at("/audit_non_hmac_response_keys/0").asText()).isEqualTo("ticket");
        assertThat(t.at("/passthrough_request_headers/0").asText()).isEqualTo("X-Trace");
        assertThat(t.at("/allowed_response_headers/0").asText()).isEqualTo("X-Served-By");
        assertThat(t.get("listing_visibility").asText()).isEqualTo("unauth");
    }

    @Test
    void badValuesGetClearErrorsThatDoNotEchoThem() {
        TestVault.Reply duration = tune("sys/mounts/secret/tune", Map.of("default_lease_ttl", "forever<x>"));
        assertThat(duration.status()).isEqualTo(400);
        assertThat(duration.json().at("/errors/0").asText()).startsWith("default_lease_ttl is not a valid duration").doesNotContain("forever");
        TestVault.Reply visibility = tune("sys/mounts/secret/tune", Map.of("listing_visibility", "public<x>"));
        assertThat(visibility.status()).isEqualTo(400);
        assertThat(visibility.body()).contains("listing_visibility").doesNotContain("public");
        assertThat(tune("sys/auth/nope/tune", Map.of("default_lease_ttl", "1h")).status()).isEqualTo(400);
        assertThat(tune("sys/mounts/secret/tune", Map.of("max_lease_ttl", "-5s")).status()).isEqualTo(400);
    }
}
