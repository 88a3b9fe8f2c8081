package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResolverErrorsTest {
    private static final String SECRET = "s3cr3t-value-never-shown";
    private final Harness h = new Harness();

    @BeforeEach
    void secret() {
        h.vault.root.kv("secret").put("known", Map.of("password", SECRET));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void assertFails(Connection c, Reason reason, String... fragments) {
        assertThatThrownBy(() -> h.resolver.resolve(c, h.alice, null))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(fragments).doesNotContain(SECRET);
                });
    }

    @Test
    void anUnknownConfigurationIsNamedWithThePath() {
        assertFails(h.connection("", "nosuchconfig:secret/data/known"), Reason.NOT_FOUND, "\"nosuchconfig\"", "secret/data/known");
        assertFails(h.connection("pw: vault.secret(nosuchconfig:secret/data/known.password)"), Reason.NOT_FOUND, "\"nosuchconfig\"");
    }

    @Test
    void aMissingPathIsNamedWithItsConfiguration() {
        assertFails(h.connection("", "secret/data/missing"), Reason.NOT_FOUND, h.main.name(), "\"secret/data/missing\"");
    }

    @Test
    void aMissingKeyIsNamedWithConfigurationPathAndField() {
        assertFails(h.connection("pw: vault.secret(pasword)", "secret/data/known"), Reason.NOT_FOUND,
                "key \"pasword\"", "field \"pw\"", h.main.name() + ":secret/data/known");
        assertFails(h.connection("db:\n  pw: vault://secret/data/known/pasword"), Reason.NOT_FOUND,
                "no key \"pasword\"", "field \"db.pw\"", "\"secret/data/known\"", h.main.name());
        assertFails(h.connection("pw: vault.secret(password)"), Reason.NOT_FOUND, "none is attached");
    }

    @Test
    void aMistypedKeyFailsEvenWhereAnAttachedSecretReplacesTheField() {
        // the attached secret has a key "password", which replaces the field; the typo must not vanish with it
        assertFails(h.connection("password: vault.secret(passwd)", "secret/data/known"), Reason.NOT_FOUND,
                "key \"passwd\"", "field \"password\"");
    }

    @Test
    void aDeniedReadIsForbiddenNamingConfigurationAndPath() {
        VaultConfiguration perUser = h.add(VaultFixture.config(VaultFixture.random("users"), h.vault.url(), AuthMethod.USER_TOKEN,
                Duration.ofHours(1), false));
        h.access.registerToken(perUser, h.alice, h.vault.token("path \"secret/data/other\" { capabilities = [\"read\"] }"));
        assertFails(h.connection("", perUser.name() + ":secret/data/known"), Reason.FORBIDDEN, perUser.name(), "secret/data/known",
                "permission denied");
    }

    @Test
    void aPathOnAnEngineOtherThanKvIsInvalid() {
        assertFails(h.connection("", "cubbyhole/x"), Reason.INVALID, "cubbyhole", "not on a KV engine");
    }

    @Test
    void aProjectWithoutConfigurationsSaysSo() {
        Caller carol = new Caller(UUID.randomUUID(), "carol", Role.MEMBER);
        InMemoryVaultAccess none = new InMemoryVaultAccess();
        Resolver r = new Resolver(none, new AllowedProjects().allow(carol, h.project), null, h.cache);
        assertThatThrownBy(() -> r.resolve(h.connection("", "secret/data/known"), carol, null))
                .hasMessageContaining("none is enabled for this project");
    }

    @Test
    void aRunAsUserOutsideTheProjectIsToldTheConnectionDoesNotExist() {
        Caller mallory = new Caller(UUID.randomUUID(), "mallory", Role.MEMBER);
        Connection c = h.connection("", "secret/data/known");
        assertThatThrownBy(() -> h.resolver.resolve(c, mallory, null))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining(c.name());
        assertThat(h.vault.reads("secret/data/known")).isZero();
    }

    @Test
    void connectionsAreResolvedByNameFromTheDatabase() {
        try (Database db = TestDatabases.h2()) {
            TestDatabases.project(db, h.project);
            Connections connections = new Connections(db, h.membership);
            Resolver byName = new Resolver(h.access, h.membership, connections, h.cache);
            connections.create(h.alice, h.project, ConnectionInput.builder().name("oracle").type("SQLORACLE")
                    .value("host: my-oracle-server\nservice_name: xe\npassword: vault.secret(password)").vaultSecrets("secret/data/known").build());

            Resolution r = byName.resolve("oracle", h.project, h.alice, Map.of("execute", "SELECT 1"));

            assertThat(r.inputs()).containsEntry("password", SECRET).containsEntry("host", "my-oracle-server").containsEntry("execute", "SELECT 1");
            assertThat(r.secretValues()).containsExactly(SECRET);
            assertThat(r.toString()).doesNotContain(SECRET);
            assertThatThrownBy(() -> byName.resolve("nope", h.project, h.alice, null)).hasMessageContaining("\"nope\" not found");
            assertThat(byName.preview("oracle", h.project, h.alice, null).fields())
                    .filteredOn(f -> f.key().equals("password")).singleElement().extracting(Preview.Field::value).isEqualTo(Preview.MASK);
            h.vault.root.kv("secret").put("known", Map.of("password", "rotated-" + SECRET));
            byName.refresh("oracle", h.project, h.alice);
            assertThat(byName.resolve("oracle", h.project, h.alice, null).inputs()).containsEntry("password", "rotated-" + SECRET);
        }
    }
}
