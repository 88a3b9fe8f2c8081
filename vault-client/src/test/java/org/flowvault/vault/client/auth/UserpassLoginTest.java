package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserpassLoginTest {
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

    @Test
    void aUserLogsInWithTheirPassword() {
        String mount = TestAuth.enable(vault, "userpass");
        TestAuth.user(vault, mount, "alice", "s3cret!", Map.of("token_policies", "dev", "token_ttl", "10m"));

        LoginResult result = Authentication.userpass().mount(mount).username("alice").password("s3cret!").build().login(transport);

        assertThat(result.ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(result.policies()).containsExactlyInAnyOrder("default", "dev");
        assertThat(result.createdByClient()).isTrue();
        assertThat(transport.sent()).contains("POST auth/" + mount + "/login/alice");
    }

    @Test
    void aWrongPasswordFailsWithVaultsMessageNamingMethodAndMount() {
        String mount = TestAuth.enable(vault, "userpass");
        TestAuth.user(vault, mount, "bob", "right-password", Map.of());

        assertThatThrownBy(() -> Authentication.userpass().mount(mount).username("bob").password("wrong-password").build()
                .login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("userpass login at auth/" + mount + " failed: invalid username or password")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void aLoginInAnotherNamespaceGivesATokenThatLivesThere() {
        String team = TestAuth.name("team");
        TestAuth.root(vault, "POST", "sys/namespaces/" + team, Map.of());
        TestAuth.root(vault, "POST", team + "/sys/auth/userpass", Map.of("type", "userpass"));
        TestAuth.root(vault, "POST", team + "/auth/userpass/users/carol", Map.of("password", "pw"));
        // Data calls would go to team/apps; the login goes to team.
        TestTransport wire = TestTransport.to(vault.address(), team + "/apps");

        LoginResult result = Authentication.userpass().namespace(team).username("carol").password("pw").build().login(wire);

        assertThat(wire.sent()).containsExactly("POST auth/userpass/login/carol ns=" + team);
        assertThat(wire.send("GET", "auth/token/lookup-self", null, result.token().value(), team, Map.of()).at("/data/namespace_path").asText())
                .isEqualTo(team + "/");
        assertThatThrownBy(() -> wire.send("GET", "auth/token/lookup-self", null, result.token().value(), "", Map.of()))
                .as("the token does not exist in the root namespace")
                .isInstanceOf(VaultException.PermissionDenied.class);
    }

    @Test
    void theBuilderAsksForUsernameAndPassword() {
        assertThatThrownBy(() -> Authentication.userpass().password("p").build())
                .hasMessage("userpass authentication needs a username: call username(..)");
        assertThatThrownBy(() -> Authentication.userpass().username("alice").build())
                .hasMessage("userpass authentication needs a password: call password(..)");
        assertThatThrownBy(() -> Authentication.userpass().username("a/b").password("p").build())
                .hasMessage("userpass authentication: a username \"a/b\" must not contain '/'");
    }

    @Test
    void toStringShowsTheUserButNotThePassword() {
        assertThat(Authentication.userpass().username("alice").password("hunter2").namespace("team").build().toString())
                .isEqualTo("PasswordAuthentication[method=userpass, mount=userpass, username=alice, password=<masked>, namespace=team]");
    }
}
