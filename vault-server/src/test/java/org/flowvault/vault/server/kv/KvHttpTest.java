package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KV v2 on the wire: the dev server's secret/ mount, through real HTTP. */
class KvHttpTest {
    private static TestVault vault;
    private final String name = "kv-http-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private TestVault.Reply call(String method, String path, String body) {
        return vault.call(method, path, vault.rootToken(), body);
    }

    @Test
    void writeAndReadTravelInVaultsEnvelope() {
        TestVault.Reply w = call("PUT", "secret/data/" + name, """
                {"data": {"password": "s3cr3t"}}""");
        TestVault.Reply r = call("GET", "secret/data/" + name, null);

        assertThat(w.status()).isEqualTo(200);
        assertThat(w.json().at("/data/version").asInt()).isEqualTo(1);
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.at("/data/data/password").asText()).isEqualTo("s3cr3t");
        assertThat(body.at("/data/metadata/custom_metadata").isNull()).isTrue();
        assertThat(body.at("/data/metadata/deletion_time").asText()).isEmpty();
        assertThat(body.get("lease_duration").asInt()).isZero();
    }

    @Test
    void aMissingSecretIs404WithAnEmptyErrorList() {
        TestVault.Reply r = call("GET", "secret/data/" + name, null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("errors").isArray()).isTrue();
        assertThat(r.json().get("errors")).isEmpty();
    }

    @Test
    void aDeletedVersionIs404WithItsMetadataInTheBody() {
        call("POST", "secret/data/" + name, """
                {"data": {"a": "b"}}""");
        call("DELETE", "secret/data/" + name, null);

        TestVault.Reply r = call("GET", "secret/data/" + name, null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().at("/data/data").isNull()).isTrue();
        assertThat(r.json().at("/data/metadata/version").asInt()).isEqualTo(1);
        assertThat(r.json().at("/data/metadata/deletion_time").asText()).isNotEmpty();
    }

    @Test
    void patchNeedsMergePatchJson() {
        call("POST", "secret/data/" + name, """
                {"data": {"a": "b", "c": "d"}}""");

        TestVault.Reply wrongType = vault.call("PATCH", "secret/data/" + name, vault.rootToken(), """
                {"data": {"a": null}}""", "application/json");
        TestVault.Reply patched = vault.call("PATCH", "secret/data/" + name, vault.rootToken(), """
                {"data": {"a": null}}""", "application/merge-patch+json");

        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(call("GET", "secret/data/" + name, null).json().at("/data/data").toString()).isEqualTo("{\"c\":\"d\"}");
    }

    @Test
    void listOfMetadataShowsTheKeys() {
        call("POST", "secret/data/" + name + "/one", """
                {"data": {"a": "b"}}""");

        TestVault.Reply r = call("LIST", "secret/metadata/" + name, null);
        TestVault.Reply viaQuery = call("GET", "secret/metadata/" + name + "/?list=true", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/data/keys").toString()).isEqualTo("[\"one\"]");
        assertThat(viaQuery.json().at("/data/keys").toString()).isEqualTo("[\"one\"]");
    }

    @Test
    void aV1StyleReadOnAV2MountIs404WithAWarning() {
        TestVault.Reply r = call("GET", "secret/" + name, null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("warnings").get(0).asText()).startsWith("Invalid path for a versioned K/V secrets engine");
    }

    @Test
    void aV1MountAnswersWithTheMountDefaultLeaseDuration() {
        TestVault.Reply mounted = call("POST", "sys/mounts/" + name, """
                {"type": "kv", "options": {"version": "1"}}""");
        call("PUT", name + "/app", """
                {"user": "svc"}""");

        TestVault.Reply r = call("GET", name + "/app", null);

        assertThat(mounted.status()).isEqualTo(204);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/data/user").asText()).isEqualTo("svc");
        assertThat(r.json().get("lease_duration").asLong()).isEqualTo(2_764_800);
        assertThat(r.json().get("renewable").asBoolean()).isFalse();
    }
}
