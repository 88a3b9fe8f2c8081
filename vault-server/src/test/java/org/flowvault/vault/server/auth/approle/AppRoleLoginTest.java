package org.flowvault.vault.server.auth.approle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.flowvault.vault.server.core.LoginAuth;
import org.junit.jupiter.api.Test;

class AppRoleLoginTest {
    private final MountHarness vault = MountHarness.mount("approle", "approle/", AppRoleBackend::create);

    private String roleId(String role) {
        return (String) vault.read("role/" + role + "/role-id").get("role_id");
    }

    private String secretId(String role, Map<String, Object> body) {
        return (String) vault.write("role/" + role + "/secret-id", body).get("secret_id");
    }

    private Reply login(String roleId, String secretId) {
        return vault.login("login", secretId == null ? Map.of("role_id", roleId) : Map.of("role_id", roleId, "secret_id", secretId));
    }

    @Test
    void loginGrantsTheRolesTokenParametersAndNamesTheRole() {
        vault.write("role/web", json("{\"token_policies\":\"web,db\",\"token_ttl\":\"20m\",\"token_max_ttl\":\"1h\","
                + "\"token_num_uses\":4,\"token_bound_cidrs\":\"127.0.0.0/8\"}"));
        String secret = secretId("web", Map.of("metadata", "{\"host\":\"web-1\"}"));

        Reply r = login(roleId("web"), secret);

        assertThat(r.status()).isEqualTo(200);
        LoginAuth auth = r.login();
        assertThat(auth.policies()).containsExactly("web", "db");
        assertThat(auth.metadata()).isEqualTo(Map.of("role_name", "web", "host", "web-1"));
        assertThat(auth.displayName()).isEmpty();
        assertThat(auth.ttl()).isEqualTo(Duration.ofMinutes(20));
        assertThat(auth.maxTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(auth.numUses()).isEqualTo(4);
        assertThat(auth.renewable()).isTrue();
        assertThat(auth.boundCidrs()).containsExactly("127.0.0.0/8");
    }

    @Test
    void theRolesMaxTtlIsCappedAtTheMounts() {
        vault.write("role/web", json("{\"token_max_ttl\":\"5h\"}"));
        vault.tune(0, 3600);

        assertThat(login(roleId("web"), secretId("web", Map.of())).login().maxTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyCredentialFailureReadsTheSame() {
        vault.write("role/web", json("{}"));
        String secret = secretId("web", Map.of());

        Reply wrongSecret = login(roleId("web"), "not-the-secret");
        Reply wrongRole = login("not-a-role-id", secret);

        assertThat(wrongSecret.status()).isEqualTo(400);
        assertThat(wrongSecret.errors()).containsExactly("invalid role or secret ID");
        assertThat(wrongRole.status()).isEqualTo(400);
        assertThat(wrongRole.errors()).containsExactly("invalid role or secret ID");
        assertThat(wrongSecret.errors().get(0)).doesNotContain("not-the-secret");
    }

    @Test
    void missingCredentialsAnswerLikeVault() {
        vault.write("role/web", json("{}"));

        assertThat(vault.login("login", Map.of()).status()).isEqualTo(500);
        assertThat(vault.login("login", Map.of()).errors()).containsExactly("missing role_id");
        assertThat(login(roleId("web"), null).errors()).containsExactly("missing secret_id");
    }

    @Test
    void aSecretIdWithLimitedUsesWearsOutAndDisappears() {
        vault.write("role/web", json("{}"));
        String secret = secretId("web", Map.of("num_uses", 2));
        String roleId = roleId("web");

        assertThat(login(roleId, secret).status()).isEqualTo(200);
        assertThat(vault.write("role/web/secret-id/lookup", Map.of("secret_id", secret)).get("secret_id_num_uses"))
                .isEqualTo(1);
        assertThat(login(roleId, secret).status()).isEqualTo(200);
        assertThat(login(roleId, secret).errors()).containsExactly("invalid role or secret ID");
        assertThat(vault.write("role/web/secret-id/lookup", Map.of("secret_id", secret)).status()).isEqualTo(204);
        assertThat(vault.physical.list("auth/uuid-approle/accessor/")).isEmpty();
    }

    @Test
    void anExpiredSecretIdNoLongerLogsIn() {
        vault.write("role/web", json("{\"secret_id_ttl\":\"60s\"}"));
        String secret = secretId("web", Map.of());
        vault.clock.advance(Duration.ofSeconds(59));
        assertThat(login(roleId("web"), secret).status()).isEqualTo(200);

        vault.clock.advance(Duration.ofSeconds(1));

        assertThat(login(roleId("web"), secret).errors()).containsExactly("invalid role or secret ID");
    }

    @Test
    void aRoleWithoutBoundSecretIdLogsInWithTheRoleIdAloneFromItsCidrs() {
        vault.write("role/agent", json("{\"bind_secret_id\":false,\"secret_id_bound_cidrs\":\"10.0.0.0/8\","
                + "\"token_policies\":\"agent\"}"));
        vault.remoteAddress = "10.1.2.3";

        Reply inside = login(roleId("agent"), null);
        vault.remoteAddress = "192.168.1.1";
        Reply outside = login(roleId("agent"), null);

        assertThat(inside.login().policies()).containsExactly("agent");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.errors().get(0)).contains("unauthorized by CIDR restrictions on the role");
    }

    @Test
    void aSecretIdBoundToCidrsOnlyWorksFromThem() {
        vault.write("role/web", json("{}"));
        String secret = secretId("web", Map.of("cidr_list", "10.0.0.0/8"));

        Reply outside = login(roleId("web"), secret);
        vault.remoteAddress = "10.9.9.9";
        Reply inside = login(roleId("web"), secret);

        assertThat(outside.errors().get(0)).contains("unauthorized through CIDR restrictions on the secret ID");
        assertThat(inside.status()).isEqualTo(200);
    }

    @Test
    void aSecretIdsTokenCidrsOverrideTheRoles() {
        vault.write("role/web", json("{\"token_bound_cidrs\":\"10.0.0.0/8\"}"));
        String secret = secretId("web", Map.of("token_bound_cidrs", "10.1.0.0/16"));

        assertThat(login(roleId("web"), secret).login().boundCidrs()).containsExactly("10.1.0.0/16");
    }

    @Test
    void aSecretIdOfADeletedRoleIsWorthless() {
        vault.write("role/web", json("{}"));
        String roleId = roleId("web");
        String secret = secretId("web", Map.of());
        vault.delete("role/web");
        vault.write("role/web", json("{\"role_id\":\"" + roleId + "\"}"));

        assertThat(login(roleId, secret).errors()).containsExactly("invalid role or secret ID");
    }

    @Test
    void aChangedRoleIdInvalidatesTheOldOne() {
        vault.write("role/web", json("{}"));
        String old = roleId("web");
        String secret = secretId("web", Map.of());
        vault.write("role/web/role-id", Map.of("role_id", "new-id"));

        assertThat(login(old, secret).status()).isEqualTo(400);
        assertThat(login("new-id", secret).status()).isEqualTo(200);
        assertThat(login("new-id", secret).login().policies()).isEqualTo(List.of());
    }
}
