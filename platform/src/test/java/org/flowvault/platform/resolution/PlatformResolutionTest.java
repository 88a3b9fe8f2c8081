package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resolution wired to the platform's real vault configurations, user tokens and projects. */
class PlatformResolutionTest {

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void eachUserResolvesWithTheirOwnRegisteredToken(Database.Dialect dialect) {
        try (TestPlatform platform = TestPlatform.open(dialect);
             VaultFixture vault = new VaultFixture(platform.clock);
             SecretCache cache = SecretCache.create(platform.db)) {
            String project = platform.project();
            Caller alice = platform.member(project);
            Caller bob = platform.member(project);
            Caller carol = platform.member(project);
            VaultConfiguration config = platform.userTokenConfig(vault);
            vault.root("PUT", "sys/policies/acl/kv-rw", Map.of("policy", "path \"secret/data/*\" { capabilities = [\"create\", \"update\", \"read\"] }"));
            platform.tokens.register(alice, config.name(), vault.token("72h", null, true, "kv-rw"));
            platform.tokens.register(bob, config.name(), vault.token("72h", null, true, "default"));
            vault.root("POST", "secret/data/oracle", Map.of("data", Map.of("user", "my-user", "password", "my-secret-password")));

            Connections connections = new Connections(platform.db, platform.projects);
            Resolver resolver = new Resolver(platform.vaults, platform.projects, connections, cache);
            SecretWriter writer = new SecretWriter(platform.vaults, platform.projects, cache);
            UUID projectId = platform.projects.requireUsable(alice, project);
            connections.create(alice, projectId, ConnectionInput.builder().name("oracle").type("SQLORACLE")
                    .value("host: my-oracle-server\nservice_name: xe\nuser: vault.secret(user)\npassword: vault.secret(password)\n")
                    .vaultSecrets("secret/data/oracle").build());

            Resolution r = resolver.resolve("oracle", projectId, alice, Map.of("execute", "SELECT * FROM v$version"));
            assertThat(r.inputs()).containsEntry("user", "my-user").containsEntry("password", "my-secret-password")
                    .containsEntry("host", "my-oracle-server").containsEntry("execute", "SELECT * FROM v$version");

            assertThatThrownBy(() -> resolver.resolve("oracle", projectId, bob, null))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN))
                    .hasMessageContaining(config.name()).hasMessageNotContaining("my-secret-password");
            assertThatThrownBy(() -> resolver.resolve("oracle", projectId, carol, null))
                    .isInstanceOf(PlatformException.class).hasMessageContaining(config.name()).hasMessageNotContaining("my-secret-password");

            writer.write(config.name(), projectId, alice, "secret/oracle", Map.of("user", "my-user", "password", "rotated"));
            assertThat(resolver.resolve("oracle", projectId, alice, null).inputs()).containsEntry("password", "rotated");
        }
    }
}
