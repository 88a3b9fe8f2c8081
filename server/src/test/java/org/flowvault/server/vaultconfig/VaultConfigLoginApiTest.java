package org.flowvault.server.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The login settings of vault configurations over the REST API: the auth namespace and the
 * kubernetes/jwt/cert fields round-trip, bad values are a 400 naming the field without echoing it,
 * members cannot set them, and a shared token's status shows its renewal state, never the token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultConfigLoginApiTest {
    private ApiHarness h;
    private ApiHarness.Session admin;
    private ApiHarness.Session alice;

    @BeforeAll
    void setUp() {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        h.addMember(admin, h.project(admin, "p"), alice);
    }

    @AfterAll
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("name", ApiHarness.random("c"), "url", h.vaultAddress()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void kubernetesAndJwtSettingsRoundTripWithTheirDefaults() {
        JsonNode k = h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), body("auth_method", "kubernetes",
                "auth_role", "web", "auth_namespace", "ns-auth")).json();
        assertThat(k.get("auth_method").asText()).isEqualTo("kubernetes");
        assertThat(k.get("auth_mount").asText()).isEqualTo("kubernetes");
        assertThat(k.get("auth_namespace").asText()).isEqualTo("ns-auth");
        assertThat(k.get("auth_role").asText()).isEqualTo("web");
        assertThat(k.get("jwt_file").asText()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
        assertThat(k.get("status").has("last_login_at")).isFalse(); // not used yet; absent values are left out

        JsonNode j = h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), body("auth_method", "jwt",
                "jwt_env_variable", "CI_JOB_JWT")).json();
        assertThat(j.get("jwt_env_variable").asText()).isEqualTo("CI_JOB_JWT");
        JsonNode changed = h.expect(200, "PATCH", "/api/v1/vault-configs/" + j.get("name").asText(), admin.token(),
                Map.of("jwt_env_variable", "", "jwt_file", "/run/secrets/jwt")).json();
        assertThat(changed.get("jwt_file").asText()).isEqualTo("/run/secrets/jwt");
        assertThat(changed.has("jwt_env_variable")).isFalse();
    }

    @Test
    void badLoginSettingsAreA400NamingTheFieldWithoutEchoingIt() {
        List<Object[]> cases = List.of(
                new Object[] {body("auth_method", "jwt", "jwt_file", "relative/EVIL-PATH"), "jwt_file", "EVIL-PATH"},
                new Object[] {body("auth_method", "jwt", "jwt_env_variable", "EVIL-VAR$(id)"), "jwt_env_variable", "EVIL-VAR"},
                new Object[] {body("auth_method", "kubernetes"), "auth_role", null},
                new Object[] {body("auth_method", "approle", "auth_namespace", "EVIL-NS/../x"), "auth_namespace", "EVIL-NS"},
                new Object[] {body("auth_method", "nope"), "auth_method", null});
        for (Object[] c : cases) {
            ApiHarness.Reply r = h.expect(400, "POST", "/api/v1/vault-configs", admin.token(), c[0]);
            assertThat(r.json().toString()).as(r.body()).contains("\"" + c[1] + "\"");
            if (c[2] != null) {
                assertThat(r.body()).doesNotContain((String) c[2]);
            }
        }
    }

    @Test
    void aMemberCannotSetAJwtFile() {
        h.expect(403, "POST", "/api/v1/vault-configs", alice.token(), body("auth_method", "jwt", "jwt_file", "/etc/shadow"));
    }

    @Test
    void aMalformedClientCertificateIsA400NamingTheFieldAndNeverEchoed() {
        String name = h.expect(201, "POST", "/api/v1/vault-configs", admin.token(),
                body("url", h.vaultAddress().replace("http:", "https:"), "auth_method", "cert")).json().get("name").asText();
        String pem = "-----BEGIN CERTIFICATE-----\nU0VDUkVULUNFUlQtQk9EWQ==\n-----END CERTIFICATE-----\n";
        String key = "-----BEGIN PRIVATE KEY-----\nU0VDUkVULUtFWS1CT0RZ\n-----END PRIVATE KEY-----\n";
        ApiHarness.Reply r = h.expect(400, "PUT", "/api/v1/vault-configs/" + name + "/credentials", admin.token(),
                Map.of("client_certificate", pem, "private_key", key));
        assertThat(r.body()).contains("client_certificate").contains(name).doesNotContain("U0VDUkVU");
        JsonNode view = h.expect(200, "GET", "/api/v1/vault-configs/" + name, admin.token(), null).json();
        assertThat(view.get("credentials").get("client_certificate_set").asBoolean()).isFalse();
    }

    @Test
    void aSharedTokensStatusShowsItsRenewalStateNeverTheToken() {
        String token = h.vaultToken(Duration.ofHours(72), "default");
        String name = h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), body("auth_method", "shared_token",
                "credentials", Map.of("token", token))).json().get("name").asText();
        JsonNode status = h.expect(200, "GET", "/api/v1/vault-configs/" + name, admin.token(), null).json().get("status");
        assertThat(status.get("token_state").asText()).isEqualTo("unchecked");
        h.platform().renewal().runOnce();
        ApiHarness.Reply after = h.expect(200, "GET", "/api/v1/vault-configs/" + name, admin.token(), null);
        assertThat(after.json().get("status").get("token_state").asText()).isEqualTo("active");
        assertThat(after.json().get("status").get("token_expires_at").asText()).isNotEmpty();
        assertThat(after.body()).doesNotContain(token);
        // members see the configuration, not how its identity is doing
        assertThat(h.expect(200, "GET", "/api/v1/vault-configs/" + name, alice.token(), null).json().has("status")).isFalse();
    }
}
