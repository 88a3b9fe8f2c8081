package org.flowvault.platform.usertoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultCredentials;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UserTokensTest {

    private static Reason reason(Throwable e) {
        return ((PlatformException) e).reason();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void registeringValidatesTheTokenWithLookupSelfAndRecordsWhatVaultSaid(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            String token = vault.token("72h", null, true, "default", vault.kvReadPolicy());

            TokenStatus s = p.tokens.register(alice, c.name(), token);
            assertThat(s.state()).isEqualTo(TokenState.ACTIVE);
            assertThat(s.username()).isEqualTo(alice.username());
            assertThat(s.configuration()).isEqualTo(c.name());
            assertThat(s.expiresAt()).isEqualTo(p.clock.instant().plus(Duration.ofHours(72)));
            assertThat(s.renewable()).isTrue();
            assertThat(s.policies()).containsExactlyInAnyOrder("default", "kv-read");
            assertThat(s.registeredAt()).isEqualTo(p.clock.instant());
            assertThat(s.warning()).isNull();
            assertThat(s.toString()).doesNotContain(token);

            assertThatThrownBy(() -> p.tokens.register(alice, c.name(), "hvs.not-a-real-token"))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.INVALID))
                    .hasMessage("Vault '" + c.name() + "' at " + vault.address() + " rejected the token (permission denied): "
                            + "it is unknown, expired or revoked; log in to Vault again and register the new token")
                    .hasMessageNotContaining("hvs.not-a-real-token");
            assertThat(p.tokens.status(alice, c.name()).orElseThrow().expiresAt()).isEqualTo(s.expiresAt()); // kept

            String fixed = vault.token("1h", null, false, "default");
            TokenStatus replaced = p.tokens.register(alice, c.name(), fixed);
            assertThat(replaced.renewable()).isFalse();
            assertThat(replaced.warning()).isEqualTo("this token is not renewable: it expires at " + replaced.expiresAt()
                    + "; register a new token before then");

            VaultConfiguration shared = p.configs.create(p.admin, VaultConfiguration.builder().name("approle-" + TestPlatform.rnd())
                    .url(vault.address()).authMethod(VaultConfiguration.AuthMethod.APPROLE).build(), VaultCredentials.none()).config();
            assertThatThrownBy(() -> p.tokens.register(alice, shared.name(), token))
                    .hasMessage("vault configuration '" + shared.name() + "' uses APPROLE, a shared identity: users do not register tokens for it");

            p.tokens.remove(alice, c.name());
            assertThat(p.tokens.status(alice, c.name())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void tokenStatusIsVisibleToItsOwnerAndToAdminsOnly(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            Caller bob = p.member();
            p.tokens.register(alice, c.name(), vault.token("24h", null, true));
            p.tokens.register(bob, c.name(), vault.token("48h", null, true));

            assertThat(p.tokens.status(alice, c.name()).orElseThrow().username()).isEqualTo(alice.username());
            assertThat(p.tokens.statusOf(alice, c.name(), alice.username())).isPresent();
            assertThatThrownBy(() -> p.tokens.statusOf(alice, c.name(), bob.username()))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.FORBIDDEN))
                    .hasMessage("only admins may see other users' Vault token status");
            assertThatThrownBy(() -> p.tokens.statuses(alice, c.name()))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.FORBIDDEN));

            assertThat(p.tokens.statusOf(p.admin, c.name(), bob.username()).orElseThrow().expiresAt())
                    .isEqualTo(p.clock.instant().plus(Duration.ofHours(48)));
            assertThat(p.tokens.statuses(p.admin, c.name())).extracting(TokenStatus::username)
                    .containsExactlyInAnyOrder(alice.username(), bob.username());
            assertThat(p.tokens.status(p.admin, c.name())).isEmpty();

            // a user's own statuses across configurations: theirs only, even for an admin asking
            VaultConfiguration second = p.userTokenConfig(vault);
            p.tokens.register(alice, second.name(), vault.token("12h", null, true));
            assertThat(p.tokens.mine(alice)).extracting(TokenStatus::configuration, TokenStatus::username)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(c.name(), alice.username()),
                            org.assertj.core.groups.Tuple.tuple(second.name(), alice.username()));
            assertThat(p.tokens.mine(bob)).extracting(TokenStatus::configuration).containsExactly(c.name());
            assertThat(p.tokens.mine(p.admin)).isEmpty();
        }
    }
}
