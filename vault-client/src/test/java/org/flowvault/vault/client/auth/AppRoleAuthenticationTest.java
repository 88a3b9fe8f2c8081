package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AppRoleAuthenticationTest {
    private static TestVault vault;
    private static TestTransport transport;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        transport = TestTransport.to(vault.address());
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static TestAuth.AppRole role(Map<String, ?> params) {
        return TestAuth.appRole(vault, TestAuth.enable(vault, "approle"), "web", params);
    }

    @Test
    void pushModeLogsInWithTheGivenRoleIdAndSecretId() {
        TestAuth.AppRole role = role(Map.of("token_policies", "web", "token_ttl", "20m"));

        LoginResult result = Authentication.appRole().mount(role.mount())
                .roleId(role.roleId()).secretId(role.secretId()).build()
                .login(transport);

        assertThat(result.ttl()).isEqualTo(Duration.ofMinutes(20));
        assertThat(result.renewable()).isTrue();
        assertThat(result.policies()).containsExactlyInAnyOrder("default", "web");
        assertThat(result.createdByClient()).isTrue();
        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
    }

    @Test
    void theDefaultMountIsApprole() {
        TestAuth.enable(vault, "approle", "approle");
        TestAuth.AppRole role = TestAuth.appRole(vault, "approle", "default-mount", Map.of());

        LoginResult result = Authentication.appRole().roleId(role.roleId()).secretId(role.secretId()).build().login(transport);

        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
        assertThat(transport.sent()).contains("POST auth/approle/login");
    }

    @Test
    void aWrongSecretIdFailsWithVaultsMessageAndNeverTheSecret() {
        TestAuth.AppRole role = role(Map.of());
        String wrong = "wrong-" + role.secretId();
        Authentication.AppRole auth = Authentication.appRole().mount(role.mount()).roleId(role.roleId()).secretId(wrong).build();

        assertThatThrownBy(() -> auth.login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("AppRole login at auth/" + role.mount() + " failed: invalid role or secret ID")
                .hasMessageNotContaining(role.roleId())
                .satisfies(e -> {
                    VaultException v = (VaultException) e;
                    assertThat(v.status()).isEqualTo(400);
                    assertThat(v.path()).isEqualTo("auth/" + role.mount() + "/login");
                    assertThat(v.errors()).containsExactly("invalid role or secret ID");
                });
    }

    @Test
    void pullModeReadsTheRoleIdAndGeneratesASecretIdBeforeEachLogin() {
        TestAuth.AppRole role = role(Map.of("token_policies", "pulled"));
        VaultToken initial = VaultToken.of(vault.rootToken());
        Authentication.AppRole auth = Authentication.appRole().mount(role.mount()).pull("web", initial).build();
        TestTransport wire = TestTransport.to(vault.address());

        LoginResult first = auth.login(wire);
        LoginResult second = auth.login(wire);

        assertThat(first.policies()).contains("pulled");
        assertThat(second.token()).isNotEqualTo(first.token());
        String base = "auth/" + role.mount() + "/role/web";
        assertThat(wire.sent()).containsExactly(
                "GET " + base + "/role-id", "POST " + base + "/secret-id", "POST auth/" + role.mount() + "/login",
                "GET " + base + "/role-id", "POST " + base + "/secret-id", "POST auth/" + role.mount() + "/login");
        assertThat(TestAuth.root(vault, "LIST", base + "/secret-id", null).at("/data/keys").size())
                .as("one secret id of the set-up, one per login").isEqualTo(3);
    }

    @Test
    void pullModeWithAGivenRoleIdOnlyGeneratesTheSecretId() {
        TestAuth.AppRole role = role(Map.of());
        TestTransport wire = TestTransport.to(vault.address());

        Authentication.appRole().mount(role.mount()).roleId(role.roleId()).pull("web", VaultToken.of(vault.rootToken())).build()
                .login(wire);

        assertThat(wire.sent()).containsExactly("POST auth/" + role.mount() + "/role/web/secret-id", "POST auth/" + role.mount() + "/login");
    }

    @Test
    void pullingWithATokenThatMayNotReadTheRoleFailsNamingTheStep() {
        TestAuth.AppRole role = role(Map.of());
        String weak = TestAuth.token(vault, Map.of("policies", "default"));
        Authentication.AppRole auth = Authentication.appRole().mount(role.mount()).pull("web", VaultToken.of(weak)).build();

        assertThatThrownBy(() -> auth.login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("AppRole role-id read for role web at auth/" + role.mount() + " failed: permission denied")
                .hasMessageNotContaining(weak);
    }

    @Test
    void aWrappedSecretIdIsUnwrappedOnceAndReusedForLaterLogins() {
        TestAuth.AppRole role = role(Map.of());
        TestVault.Reply wrapped = vault.callWithHeaders("POST", "auth/" + role.mount() + "/role/web/secret-id", Map.of(),
                Map.of("X-Vault-Token", vault.rootToken(), "X-Vault-Wrap-TTL", "5m"));
        String wrappingToken = wrapped.json().at("/wrap_info/token").asText();
        Authentication.AppRole auth = Authentication.appRole().mount(role.mount())
                .roleId(role.roleId()).wrappedSecretId(VaultToken.of(wrappingToken)).build();
        TestTransport wire = TestTransport.to(vault.address());

        LoginResult first = auth.login(wire);
        LoginResult second = auth.login(wire);

        assertThat(TestAuth.alive(vault, first.token().value())).isTrue();
        assertThat(TestAuth.alive(vault, second.token().value())).isTrue();
        assertThat(wire.sent()).containsExactly("POST sys/wrapping/unwrap", "POST auth/" + role.mount() + "/login",
                "POST auth/" + role.mount() + "/login");
        assertThat(auth.toString()).doesNotContain(wrappingToken).contains("secretId=wrapped");
    }

    @Test
    void aSpentWrappingTokenFailsTheUnwrapStep() {
        TestAuth.AppRole role = role(Map.of());
        String wrappingToken = vault.callWithHeaders("POST", "auth/" + role.mount() + "/role/web/secret-id", Map.of(),
                Map.of("X-Vault-Token", vault.rootToken(), "X-Vault-Wrap-TTL", "5m")).json().at("/wrap_info/token").asText();
        TestAuth.root(vault, "POST", "sys/wrapping/unwrap", Map.of("token", wrappingToken));

        Authentication.AppRole auth = Authentication.appRole().mount(role.mount())
                .roleId(role.roleId()).wrappedSecretId(VaultToken.of(wrappingToken)).build();

        assertThatThrownBy(() -> auth.login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessageStartingWith("AppRole secret-id unwrap at sys/wrapping/unwrap for auth/" + role.mount() + " failed: ")
                .hasMessageNotContaining(wrappingToken);
    }

    @Test
    void aRoleWithoutBoundSecretIdLogsInWithTheRoleIdAlone() {
        String mount = TestAuth.enable(vault, "approle");
        TestAuth.root(vault, "POST", "auth/" + mount + "/role/open", Map.of("bind_secret_id", false, "secret_id_bound_cidrs", "127.0.0.1/32"));
        String roleId = TestAuth.root(vault, "GET", "auth/" + mount + "/role/open/role-id", null).at("/data/role_id").asText();

        LoginResult result = Authentication.appRole().mount(mount).roleId(roleId).withoutSecretId().build()
                .login(transport);

        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
    }

    @Test
    void theBuilderSaysWhichCredentialIsMissing() {
        assertThatThrownBy(() -> Authentication.appRole().secretId("s").build())
                .hasMessage("AppRole authentication needs a role id: call roleId(..), or pull(roleName, initialToken) to read it");
        assertThatThrownBy(() -> Authentication.appRole().roleId("r").build())
                .hasMessageStartingWith("AppRole authentication needs a secret id: call secretId(..), wrappedSecretId(..), pull(roleName, initialToken)");
        assertThatThrownBy(() -> Authentication.appRole().roleId("r").secretId("s").withoutSecretId().build())
                .hasMessage("AppRole authentication takes one of secretId(..), wrappedSecretId(..) and withoutSecretId(), not several");
        assertThatThrownBy(() -> Authentication.appRole().pull("web", null).build())
                .hasMessage("AppRole authentication pulls with a token: pass the initial token to pull(roleName, initialToken)");
        assertThatThrownBy(() -> Authentication.appRole().pull("a/b", VaultToken.of("t")).build())
                .hasMessageContaining("must not contain '/'");
        assertThatThrownBy(() -> Authentication.appRole().mount("/").roleId("r").secretId("s").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("AppRole authentication needs a mount path");
        assertThatThrownBy(() -> Authentication.appRole().mount("team//approle").roleId("r").secretId("s").build())
                .hasMessage("AppRole authentication mount \"team//approle\" has an empty, \".\" or \"..\" segment");
    }

    @Test
    void toStringNeverShowsTheRoleIdOrSecretId() {
        String text = Authentication.appRole().mount("/apps/approle/").roleId("role-id-value").secretId("secret-id-value")
                .build().toString();

        assertThat(text).isEqualTo("AppRoleAuthentication[mount=apps/approle, roleId=<masked>, secretId=<masked>]");
        assertThat(Authentication.appRole().pull("web", VaultToken.of("initial-token-value")).build().toString())
                .isEqualTo("AppRoleAuthentication[mount=approle, role=web, roleId=pulled, secretId=pulled]");
    }
}
