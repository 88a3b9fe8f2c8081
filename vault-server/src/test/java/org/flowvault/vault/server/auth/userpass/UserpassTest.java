package org.flowvault.vault.server.auth.userpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.flowvault.vault.server.core.LoginAuth;
import org.junit.jupiter.api.Test;

class UserpassTest {
    private static final String PASSWORD = "correct horse battery staple";

    private final MountHarness vault = MountHarness.mount("userpass", "userpass/", UserpassBackend::create);

    private void alice(String extra) {
        Reply r = vault.write("users/alice", json("{\"password\":\"" + PASSWORD + "\"" + extra + "}"));
        assertThat(r.status()).isEqualTo(204);
    }

    @Test
    void aUserLogsInWithTheirPasswordAndGetsTheirTokenParameters() {
        alice(",\"token_policies\":\"dev,ops\",\"token_ttl\":\"30m\",\"token_max_ttl\":\"2h\"");

        Reply r = vault.login("login/alice", Map.of("password", PASSWORD));

        assertThat(r.status()).isEqualTo(200);
        LoginAuth auth = r.login();
        assertThat(auth.policies()).containsExactly("dev", "ops");
        assertThat(auth.metadata()).isEqualTo(Map.of("username", "alice"));
        assertThat(auth.displayName()).isEqualTo("alice");
        assertThat(auth.ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(auth.maxTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(auth.renewable()).isTrue();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGiveTheSameAnswer() {
        alice("");

        Reply wrong = vault.login("login/alice", Map.of("password", "wrong"));
        Reply unknown = vault.login("login/mallory", Map.of("password", PASSWORD));

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errors()).containsExactly("invalid username or password");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errors()).containsExactly("invalid username or password");
    }

    @Test
    void loginWithoutPasswordFailsLikeVault() {
        alice("");

        Reply r = vault.login("login/alice", Map.of());

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.errors()).containsExactly("missing password");
    }

    @Test
    void aUserCannotBeCreatedWithoutAPassword() {
        Reply r = vault.write("users/bob", json("{\"token_policies\":\"dev\"}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("missing password");
    }

    @Test
    void userNamesAreCaseInsensitive() {
        vault.write("users/Alice", json("{\"password\":\"" + PASSWORD + "\"}"));

        assertThat(vault.login("login/ALICE", Map.of("password", PASSWORD)).login().metadata())
                .containsEntry("username", "alice");
        assertThat(vault.list("users/").get("keys")).isEqualTo(List.of("alice"));
    }

    @Test
    void readingAUserShowsTokenParametersButNeverThePassword() {
        alice(",\"policies\":\"Dev\",\"ttl\":\"1h\"");

        Reply r = vault.read("users/alice");

        assertThat(r.data()).doesNotContainKeys("password", "password_hash")
                .containsEntry("token_policies", List.of("dev"))
                .containsEntry("policies", List.of("dev"))
                .containsEntry("token_ttl", 3600)
                .containsEntry("ttl", 3600)
                .containsEntry("token_type", "default")
                .containsEntry("token_bound_cidrs", List.of());
        assertThat(r.data().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void thePasswordIsStoredOnlyAsASaltedHash() {
        alice("");
        vault.write("users/bob", json("{\"password\":\"" + PASSWORD + "\"}"));

        assertThat(vault.storageContains(PASSWORD)).isFalse();
        String a = new String(vault.physical.get("auth/uuid-userpass/user/alice"));
        String b = new String(vault.physical.get("auth/uuid-userpass/user/bob"));
        assertThat(a).contains("pbkdf2-sha256$");
        assertThat(a.substring(a.indexOf("pbkdf2"), a.indexOf("pbkdf2") + 60))
                .isNotEqualTo(b.substring(b.indexOf("pbkdf2"), b.indexOf("pbkdf2") + 60));
    }

    @Test
    void changingThePasswordChangesWhichOneLogsIn() {
        alice(",\"token_policies\":\"dev\"");

        assertThat(vault.write("users/alice/password", Map.of("password", "new secret")).status()).isEqualTo(204);

        assertThat(vault.login("login/alice", Map.of("password", PASSWORD)).status()).isEqualTo(400);
        assertThat(vault.login("login/alice", Map.of("password", "new secret")).login().policies()).containsExactly("dev");
        assertThat(vault.write("users/alice/password", Map.of()).errors()).containsExactly("missing password");
        assertThat(vault.write("users/nobody/password", Map.of("password", "x")).status()).isEqualTo(500);
    }

    @Test
    void updatingAUserWithoutAPasswordKeepsThePassword() {
        alice("");

        vault.write("users/alice", json("{\"token_policies\":\"ops\"}"));

        assertThat(vault.login("login/alice", Map.of("password", PASSWORD)).login().policies()).containsExactly("ops");
    }

    @Test
    void thePoliciesEndpointReplacesThePolicies() {
        alice(",\"token_policies\":\"dev\"");

        vault.write("users/alice/policies", Map.of("policies", "Ops, audit"));

        assertThat(vault.read("users/alice").data()).containsEntry("token_policies", List.of("audit", "ops"))
                .containsEntry("policies", List.of("audit", "ops"));
        assertThat(vault.write("users/alice/policies", Map.of()).errors()).containsExactly("missing token_policies");
    }

    @Test
    void aLoginFromOutsideTheBoundCidrsIsRefused() {
        alice(",\"token_bound_cidrs\":\"10.0.0.0/8\"");

        Reply outside = vault.login("login/alice", Map.of("password", PASSWORD));
        vault.remoteAddress = "10.0.0.7";
        Reply inside = vault.login("login/alice", Map.of("password", PASSWORD));

        assertThat(outside.errors()).containsExactly("login request originated from invalid CIDR");
        assertThat(inside.login().boundCidrs()).containsExactly("10.0.0.0/8");
    }

    @Test
    void deletedUsersCannotLogInAndMissingUsersAre404() {
        alice("");

        assertThat(vault.delete("users/alice").status()).isEqualTo(204);

        assertThat(vault.login("login/alice", Map.of("password", PASSWORD)).status()).isEqualTo(400);
        assertThat(vault.read("users/alice").status()).isEqualTo(404);
        assertThat(vault.list("users").status()).isEqualTo(404);
        assertThat(vault.backend.unauthenticatedPaths()).contains("login/*");
    }

    @Test
    void passwordHashesMatchOnlyTheirPassword() {
        String hash = PasswordHash.hash("s3cret", 1000);

        assertThat(PasswordHash.matches("s3cret", hash)).isTrue();
        assertThat(PasswordHash.matches("s3cret ", hash)).isFalse();
        assertThat(PasswordHash.matches("s3cret", null)).isFalse();
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
    }
}
