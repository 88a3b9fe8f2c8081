package org.flowvault.platform.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.ConnectionReport.Outcome;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultConfiguration.Scope;
import org.flowvault.vault.client.core.VaultClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProjectVaultAccessTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void testReportsAGoodConfigurationAndWhatFailedInBadOnesWithoutEchoingVault(Database.Dialect dialect) throws Exception {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            String[] role = vault.appRole(vault.kvReadPolicy());
            VaultConfiguration good = p.configs.create(p.admin, VaultConfiguration.builder().name("good-" + TestPlatform.rnd())
                    .url(vault.address()).authMethod(AuthMethod.APPROLE).build(), VaultCredentials.appRole(role[0], role[1])).config();
            ConnectionReport ok = p.vaults.test(p.admin, good.name());
            assertThat(ok.outcome()).isEqualTo(Outcome.OK);
            assertThat(ok.capabilities()).containsExactly("list", "read");
            assertThat(ok.message()).isEqualTo("Vault '" + good.name() + "' at " + vault.address()
                    + " accepted the AppRole login, which has [list, read] on secret/data/");

            VaultConfiguration wrongSecret = p.configs.create(p.admin, good.toBuilder().id(java.util.UUID.randomUUID())
                    .name("wrong-" + TestPlatform.rnd()).build(), VaultCredentials.appRole(role[0], "not-the-secret-id")).config();
            ConnectionReport login = p.vaults.test(p.admin, wrongSecret.name());
            assertThat(login.outcome()).isEqualTo(Outcome.LOGIN_FAILED);
            assertThat(login.message()).isEqualTo("login to vault configuration '" + wrongSecret.name()
                    + "' (APPROLE at auth/approle) refused the login (HTTP 400); check the configuration's credentials and auth mount")
                    .doesNotContain("invalid role or secret ID").doesNotContain("not-the-secret-id");

            VaultConfiguration down = p.configs.create(p.admin, VaultConfiguration.builder().name("down-" + TestPlatform.rnd())
                    .url("http://127.0.0.1:" + freePort()).authMethod(AuthMethod.SHARED_TOKEN).build(),
                    VaultCredentials.sharedToken(vault.root())).config();
            ConnectionReport unreachable = p.vaults.test(p.admin, down.name());
            assertThat(unreachable.outcome()).isEqualTo(Outcome.UNREACHABLE);
            assertThat(unreachable.message()).isEqualTo("Vault '" + down.name() + "' at " + down.url()
                    + " is unreachable (no answer: connection refused, timeout or unknown host); check the URL and that Vault is running");

            // https against the plain-HTTP listener: the handshake fails
            VaultConfiguration tls = p.configs.create(p.admin, down.toBuilder().id(java.util.UUID.randomUUID()).name("tls-" + TestPlatform.rnd())
                    .url(vault.address().replace("http://", "https://")).build(), VaultCredentials.sharedToken(vault.root())).config();
            ConnectionReport handshake = p.vaults.test(p.admin, tls.name());
            assertThat(handshake.outcome()).isEqualTo(Outcome.TLS);
            assertThat(handshake.message()).endsWith("failed the TLS handshake; check the CA certificate of the configuration and "
                    + "that the URL's scheme matches the server (https vs http)");

            // a user token without any policy on the KV mount
            VaultConfiguration userToken = p.userTokenConfig(vault);
            Caller member = p.member();
            ConnectionReport none = p.vaults.test(member, userToken.name());
            assertThat(none.outcome()).isEqualTo(Outcome.NO_CREDENTIALS);
            assertThat(none.message()).isEqualTo("no Vault token registered for configuration '" + userToken.name()
                    + "'; register one with `flowvault vault-config authenticate " + userToken.name() + "`");
            p.tokens.register(member, userToken.name(), vault.token("1h", null, true, "default"));
            ConnectionReport denied = p.vaults.test(member, userToken.name());
            assertThat(denied.outcome()).isEqualTo(Outcome.PERMISSION_DENIED);
            assertThat(denied.capabilities()).containsExactly("deny");
            assertThat(denied.message()).contains("has no capability on secret/data/ or secret/; grant it a policy such as path \"secret/data/*\"");
            p.tokens.register(member, userToken.name(), vault.token("1h", null, true, "kv-read"));
            assertThat(p.vaults.test(member, userToken.name()).outcome()).isEqualTo(Outcome.OK);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void userTokenIdentitiesNeedARegisteredUnexpiredTokenAndClientsAreReused(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            String project = p.project();
            java.util.UUID projectId = p.projects.requireUsable(p.admin, project);
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller member = p.member(project);
            assertThat(p.vaults.usableIn(projectId)).containsExactly(c);
            assertThat(p.vaults.find(c.name(), projectId)).contains(c);

            assertThatThrownBy(() -> p.vaults.identity(c, member))
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.UNAUTHENTICATED))
                    .hasMessage("no Vault token registered for configuration '" + c.name()
                            + "'; register one with `flowvault vault-config authenticate " + c.name() + "`");

            vault.root("POST", "secret/data/app", Map.of("data", Map.of("password", "kv-value-1")));
            p.tokens.register(member, c.name(), vault.token("1h", null, true, vault.kvReadPolicy()));
            VaultIdentity id = p.vaults.identity(c, member);
            assertThat(id.cacheKey()).isEqualTo("user:" + member.userId());
            assertThat(id.client().kv("secret").get("app").data()).containsEntry("password", "kv-value-1");
            VaultClient base = p.clients.base(c);
            assertThat(p.clients.base(c)).isSameAs(base);

            p.clock.advance(Duration.ofHours(1));
            java.time.Instant expiry = p.tokens.status(member, c.name()).orElseThrow().expiresAt();
            assertThatThrownBy(() -> p.vaults.identity(c, member))
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.UNAUTHENTICATED))
                    .hasMessage("your Vault token for '" + c.name() + "' expired at " + expiry
                            + "; register a new one with `flowvault vault-config authenticate " + c.name() + "`");

            VaultConfiguration changed = p.configs.update(p.admin, c.toBuilder().cacheTtl(Duration.ofMinutes(5)).build()).config();
            assertThat(p.clients.base(changed)).isNotSameAs(base);
            VaultConfiguration disabled = p.configs.update(p.admin, changed.toBuilder().enabled(false)
                    .scope(Scope.projects(Set.of(projectId))).build()).config();
            assertThat(p.vaults.usableIn(projectId)).doesNotContain(disabled);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void sharedIdentitiesLogInOnceAndAreRebuiltWhenTheirCredentialsChange(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            String[] role = vault.appRole(vault.kvReadPolicy());
            vault.root("POST", "secret/data/shared", Map.of("data", Map.of("k", "v")));
            VaultConfiguration c = p.configs.create(p.admin, VaultConfiguration.builder().name("m-" + TestPlatform.rnd())
                    .url(vault.address()).authMethod(AuthMethod.APPROLE).build(), VaultCredentials.none()).config();
            Caller anyone = p.member();
            assertThatThrownBy(() -> p.vaults.identity(c, anyone))
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.INVALID))
                    .hasMessage("vault configuration '" + c.name() + "' uses APPROLE but its role id and secret id are not set; "
                            + "an admin must set them (flowvault vault-config credentials " + c.name() + ")");
            ConnectionReport unset = p.vaults.test(p.admin, c.name());
            assertThat(unset.outcome()).isEqualTo(Outcome.NO_CREDENTIALS);
            assertThat(unset.message()).isEqualTo("vault configuration '" + c.name() + "' uses APPROLE but its role id and secret id "
                    + "are not set; an admin must set them (flowvault vault-config credentials " + c.name() + ")");
            p.configs.setCredentials(p.admin, c.name(), VaultCredentials.appRole(role[0], role[1]));
            VaultIdentity first = p.vaults.identity(c, anyone);
            assertThat(first.cacheKey()).isEqualTo("config:" + c.id());
            assertThat(first.client().kv("secret").get("shared").data()).containsEntry("k", "v");
            assertThat(p.vaults.identity(c, p.admin).client()).isSameAs(first.client());

            String[] other = vault.appRole(vault.kvReadPolicy());
            p.configs.setCredentials(p.admin, c.name(), VaultCredentials.appRole(other[0], other[1]));
            VaultIdentity second = p.vaults.identity(c, anyone);
            assertThat(second.client()).isNotSameAs(first.client());
            assertThat(second.client().kv("secret").get("shared").data()).containsEntry("k", "v");

            p.configs.setCredentials(p.admin, c.name(), VaultCredentials.appRole(other[0], "wrong-secret-id"));
            assertThatThrownBy(() -> p.vaults.identity(c, anyone))
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.UNAVAILABLE))
                    .hasMessageStartingWith("login to vault configuration '" + c.name() + "' (APPROLE at auth/approle) refused the login")
                    .hasMessageNotContaining("wrong-secret-id");
        }
    }
}
