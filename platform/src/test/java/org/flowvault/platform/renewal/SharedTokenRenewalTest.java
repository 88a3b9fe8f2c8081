package org.flowvault.platform.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.vaultconfig.IdentityStatus;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultCredentials;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SHARED_TOKEN configurations' tokens renewed by the renewal job, on a clock the platform and the embedded server share. */
class SharedTokenRenewalTest {

    private static VaultConfiguration shared(TestPlatform p, VaultFixture vault, String token) {
        return p.configs.create(p.admin, VaultConfiguration.builder().name("shared-" + TestPlatform.rnd()).url(vault.address())
                .authMethod(VaultConfiguration.AuthMethod.SHARED_TOKEN).build(), VaultCredentials.sharedToken(token)).config();
    }

    private static IdentityStatus status(TestPlatform p, VaultConfiguration c) {
        return p.configs.get(p.admin, c.name()).identity();
    }

    private static long vaultTtl(VaultFixture vault, String token) {
        return vault.root("POST", "auth/token/lookup", java.util.Map.of("token", token)).get("data").get("ttl").asLong();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void renewsASharedTokenNearExpiry(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            String token = vault.token("72h", null, true);
            VaultConfiguration c = shared(p, vault, token);
            RenewalJob job = RenewalJobTest.job(p, "n1");
            assertThat(status(p, c).tokenState()).isEqualTo("UNCHECKED");

            RenewalJob.Round first = job.runOnce(); // looked up: 72 h left, not due within 2 days
            assertThat(first.claimed()).isEqualTo(1);
            assertThat(first.renewed()).isZero();
            assertThat(status(p, c).tokenState()).isEqualTo("ACTIVE");
            assertThat(status(p, c).tokenExpiresAt()).isEqualTo(p.clock.instant().plus(Duration.ofHours(72)));
            assertThat(job.runOnce().claimed()).isZero();

            p.clock.advance(Duration.ofHours(25)); // 47 h left
            assertThat(job.runOnce().renewed()).isEqualTo(1);
            IdentityStatus s = status(p, c);
            assertThat(s.tokenState()).isEqualTo("ACTIVE");
            assertThat(s.lastRenewalAt()).isEqualTo(p.clock.instant());
            assertThat(s.tokenExpiresAt()).isEqualTo(p.clock.instant().plus(Duration.ofHours(72)));
            assertThat(s.lastError()).isNull();
            assertThat(vaultTtl(vault, token)).isEqualTo(Duration.ofHours(72).toSeconds());
        }
    }

    @Test
    void aCappedSharedTokenReportsItsHardExpiry() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = shared(p, vault, vault.token("72h", "90h", true));
            RenewalJob job = RenewalJobTest.job(p, "n1");
            job.runOnce();
            p.clock.advance(Duration.ofHours(30)); // 42 h left; Vault extends by 60 h at most, not 72
            assertThat(job.runOnce().capped()).isEqualTo(1);
            IdentityStatus s = status(p, c);
            Instant hard = p.clock.instant().plus(Duration.ofHours(60));
            assertThat(s.tokenState()).isEqualTo("CAPPED");
            assertThat(s.hardExpiresAt()).isEqualTo(hard);
            assertThat(s.warning()).contains("'" + c.name() + "'").contains("hard expiry at " + hard).contains("replace the token");
            p.clock.advance(Duration.ofHours(20));
            assertThat(job.runOnce().claimed()).isZero(); // renewing stops until a new token is set

            VaultConfiguration again = p.configs.setCredentials(p.admin, c.name(), VaultCredentials.sharedToken(vault.token("72h", null, true)))
                    .config();
            assertThat(status(p, again).tokenState()).isEqualTo("UNCHECKED");
            assertThat(status(p, again).warning()).isNull();
        }
    }

    @Test
    void aRevokedOrNotRenewableSharedTokenSaysWhatToDo() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2); VaultFixture vault = new VaultFixture(p.clock)) {
            String revoked = vault.token("24h", null, true);
            VaultConfiguration r = shared(p, vault, revoked);
            VaultConfiguration n = shared(p, vault, vault.token("24h", null, false));
            VaultConfiguration root = shared(p, vault, vault.root());
            RenewalJob job = RenewalJobTest.job(p, "n1");
            vault.revoke(revoked);
            RenewalJob.Round round = job.runOnce();
            assertThat(round.claimed()).isEqualTo(3);
            IdentityStatus rs = status(p, r);
            assertThat(rs.tokenState()).isEqualTo("REVOKED");
            assertThat(rs.lastError()).contains("'" + r.name() + "'").contains("revoked; replace the token").doesNotContain(revoked);
            assertThat(rs.lastErrorAt()).isEqualTo(p.clock.instant());
            IdentityStatus ns = status(p, n);
            assertThat(ns.tokenState()).isEqualTo("NOT_RENEWABLE");
            assertThat(ns.warning()).contains("not renewable").contains("expires at " + p.clock.instant().plus(Duration.ofHours(24)));
            assertThat(status(p, root).tokenState()).isEqualTo("NO_EXPIRY");
            p.clock.advance(Duration.ofHours(23));
            assertThat(job.runOnce().claimed()).isZero();
        }
    }
}
