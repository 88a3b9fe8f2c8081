package org.flowvault.vault.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.auth.approle.AppRoleBackend;
import org.flowvault.vault.server.auth.ldap.LdapBackend;
import org.flowvault.vault.server.auth.userpass.UserpassBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logins and token calls through the real HTTP server, as clients see them on the wire. */
class AuthHttpTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.of(VaultServer.builder().dev()
                .backend("approle", AppRoleBackend::create)
                .backend("userpass", UserpassBackend::create)
                .backend("ldap", LdapBackend::create));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static String enable(String type) {
        String path = type + "-" + UUID.randomUUID().toString().substring(0, 8);
        TestVault.Reply r = vault.call("POST", "sys/auth/" + path, vault.rootToken(), Map.of("type", type));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return path;
    }

    private static TestVault.Reply root(String method, String path, Object body) {
        return vault.call(method, path, vault.rootToken(), body);
    }

    @Test
    void anAppRoleLoginIssuesATokenThatKnowsItsRole() {
        String mount = enable("approle");
        root("POST", "auth/" + mount + "/role/web", Map.of("token_policies", "web", "token_ttl", "1h"));
        String roleId = root("GET", "auth/" + mount + "/role/web/role-id", null).json().at("/data/role_id").asText();
        String secretId = root("POST", "auth/" + mount + "/role/web/secret-id", Map.of()).json().at("/data/secret_id").asText();

        TestVault.Reply login = vault.call("POST", "auth/" + mount + "/login", null,
                Map.of("role_id", roleId, "secret_id", secretId));

        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode auth = login.json().get("auth");
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
        assertThat(auth.get("renewable").asBoolean()).isTrue();
        assertThat(auth.at("/metadata/role_name").asText()).isEqualTo("web");
        assertThat(auth.get("policies").toString()).isEqualTo("[\"default\",\"web\"]");
        JsonNode self = vault.call("GET", "auth/token/lookup-self", auth.get("client_token").asText(), null).json().get("data");
        assertThat(self.get("path").asText()).isEqualTo("auth/" + mount + "/login");
        assertThat(self.get("display_name").asText()).as("Vault names login tokens after the mount path").isEqualTo(mount);
        assertThat(self.get("orphan").asBoolean()).isTrue();
        assertThat(self.at("/meta/role_name").asText()).isEqualTo("web");
    }

    @Test
    void aBadAppRoleLoginIsA400WithVaultsText() {
        String mount = enable("approle");
        root("POST", "auth/" + mount + "/role/web", Map.of());
        String roleId = root("GET", "auth/" + mount + "/role/web/role-id", null).json().at("/data/role_id").asText();

        TestVault.Reply r = vault.call("POST", "auth/" + mount + "/login", null, Map.of("role_id", roleId, "secret_id", "x"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().toString()).isEqualTo("{\"errors\":[\"invalid role or secret ID\"]}");
    }

    @Test
    void aUserpassLoginAndItsFailure() {
        String mount = enable("userpass");
        root("POST", "auth/" + mount + "/users/alice", Map.of("password", "pw-alice", "token_policies", "dev"));

        TestVault.Reply ok = vault.call("POST", "auth/" + mount + "/login/alice", null, Map.of("password", "pw-alice"));
        TestVault.Reply bad = vault.call("POST", "auth/" + mount + "/login/alice", null, Map.of("password", "nope"));

        assertThat(ok.status()).isEqualTo(200);
        String token = ok.json().at("/auth/client_token").asText();
        JsonNode self = vault.call("GET", "auth/token/lookup-self", token, null).json().get("data");
        assertThat(self.get("display_name").asText()).as("Vault names login tokens after the mount path").isEqualTo(mount + "-alice");
        assertThat(self.at("/meta/username").asText()).isEqualTo("alice");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().toString()).isEqualTo("{\"errors\":[\"invalid username or password\"]}");
    }

    @Test
    void tokenCreateRenewAndLookupByAccessorOverHttp() {
        TestVault.Reply created = root("POST", "auth/token/create", Map.of("policies", "a", "ttl", "1h"));
        JsonNode auth = created.json().get("auth");
        String token = auth.get("client_token").asText();

        TestVault.Reply renewed = vault.call("POST", "auth/token/renew-self", token, Map.of("increment", "2h"));
        TestVault.Reply byAccessor = root("POST", "auth/token/lookup-accessor", Map.of("accessor", auth.get("accessor").asText()));

        assertThat(created.status()).isEqualTo(200);
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
        assertThat(auth.get("policies").toString()).isEqualTo("[\"a\",\"default\"]");
        assertThat(renewed.json().at("/auth/lease_duration").asLong()).isEqualTo(7200);
        assertThat(renewed.json().at("/auth/client_token").asText()).isEqualTo(token);
        assertThat(byAccessor.json().at("/data/id").asText()).isEmpty();
        assertThat(byAccessor.json().at("/data/ttl").asLong()).isBetween(7190L, 7200L);
    }

    @Test
    void aLimitedUseTokenStopsWorkingAfterItsUses() {
        String token = root("POST", "auth/token/create", Map.of("num_uses", 2)).json().at("/auth/client_token").asText();

        assertThat(vault.call("GET", "auth/token/lookup-self", token, null).status()).isEqualTo(200);
        assertThat(vault.call("GET", "auth/token/lookup-self", token, null).status()).isEqualTo(200);
        TestVault.Reply third = vault.call("GET", "auth/token/lookup-self", token, null);
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.json().toString()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    }

    @Test
    void listingAccessorsNeedsSudo() {
        String plain = root("POST", "auth/token/create", Map.of("policies", "default")).json().at("/auth/client_token").asText();

        assertThat(vault.call("LIST", "auth/token/accessors", vault.rootToken(), null).status()).isEqualTo(200);
        assertThat(vault.call("LIST", "auth/token/accessors", plain, null).status()).isEqualTo(403);
    }

    @Test
    void lookingUpAnUnknownTokenIs403BadToken() {
        TestVault.Reply r = root("POST", "auth/token/lookup", Map.of("token", "hvs.doesnotexist"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().toString()).isEqualTo("{\"errors\":[\"bad token\"]}");
    }
}
