package org.flowvault.platform.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.usertoken.TokenState;
import org.flowvault.platform.usertoken.TokenStatus;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Token renewal driven by a test clock the platform and the embedded Vault-API server share. */
class RenewalJobTest {

    static RenewalJob job(TestPlatform p, String node) {
        return new RenewalJob(p.db, p.box, p.configs, p.clients, p.clock,
                new RenewalJob.Options(node, Duration.ofMinutes(5), 100, Duration.ofMinutes(1), Duration.ofHours(1)));
    }

    private static TokenStatus status(TestPlatform p, Caller user, VaultConfiguration c) {
        return p.tokens.status(user, c.name()).orElseThrow();
    }

    /** Vault's own view of the token's remaining TTL, in seconds. */
    private static long vaultTtl(VaultFixture vault, String token) {
        JsonNode d = vault.root("POST", "auth/token/lookup", java.util.Map.of("token", token)).get("data");
        return d.get("ttl").asLong();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void tokensExpiringWithinTheThresholdAreRenewedInTime(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            String token = vault.token("72h", null, true);
            p.tokens.register(alice, c.name(), token);
            RenewalJob job = job(p, "n1");
            // checked, not assumed: PostgreSQL has it, and so does H2 2.4 (older H2 would fall back to FOR UPDATE)
            assertThat(job.lockClause()).isEqualTo("FOR UPDATE SKIP LOCKED");

            assertThat(job.runOnce().claimed()).isZero(); // 72 h left: not within 2 days
            p.clock.advance(Duration.ofHours(25));          // 47 h left
            RenewalJob.Round round = job.runOnce();
            assertThat(round.renewed()).isEqualTo(1);
            TokenStatus s = status(p, alice, c);
            assertThat(s.state()).isEqualTo(TokenState.ACTIVE);
            assertThat(s.lastRenewalAt()).isEqualTo(p.clock.instant());
            assertThat(s.expiresAt()).isEqualTo(p.clock.instant().plus(Duration.ofHours(72)));
            assertThat(s.lastError()).isNull();
            assertThat(vaultTtl(vault, token)).isEqualTo(Duration.ofHours(72).toSeconds());
            assertThat(job.runOnce().claimed()).isZero();

            // a configuration without auto-renewal is left alone
            p.configs.update(p.admin, c.toBuilder().autoRenew(false).build());
            p.clock.advance(Duration.ofHours(30));
            assertThat(job.runOnce().claimed()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void startedJobRenewsDueTokensOnItsSchedule(Database.Dialect dialect) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock);
             RenewalJob job = job(p, "scheduled")) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            p.tokens.register(alice, c.name(), vault.token("24h", null, true));
            job.start(scheduler, Duration.ofMillis(20));
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> status(p, alice, c).lastRenewalAt() != null);
            assertThat(status(p, alice, c).expiresAt()).isAfter(p.clock.instant().plus(Duration.ofHours(23)));
        } finally {
            scheduler.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aRowClaimedByAnotherNodeIsLeftAloneUntilItsLeaseRunsOut(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            p.tokens.register(alice, c.name(), vault.token("24h", null, true));
            // another node claimed the row and is still renewing it (slow Vault): its lease runs 5 minutes
            p.db.jdbi().useHandle(h -> h.createUpdate("UPDATE user_tokens SET claimed_until = :t, claimed_by = 'slow-node'")
                    .bind("t", p.clock.instant().plus(Duration.ofMinutes(5)).atOffset(java.time.ZoneOffset.UTC)).execute());
            RenewalJob job = job(p, "n2");
            assertThat(job.runOnce().claimed()).isZero();
            p.clock.advance(Duration.ofMinutes(4));
            assertThat(job.runOnce().claimed()).isZero();
            p.clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // the slow node died: its lease expired
            assertThat(job.runOnce().renewed()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aRenewalCappedByMaxTtlRecordsTheHardExpiryAndWarnsTheUser(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            Instant created = p.clock.instant();
            p.tokens.register(alice, c.name(), vault.token("72h", "90h", true));
            RenewalJob job = job(p, "n1");
            p.clock.advance(Duration.ofHours(30)); // 42 h left; Vault can extend by 60 h at most, not 72
            RenewalJob.Round round = job.runOnce();
            assertThat(round.capped()).isEqualTo(1);
            Instant hard = created.plus(Duration.ofHours(90));
            TokenStatus s = status(p, alice, c);
            assertThat(s.state()).isEqualTo(TokenState.CAPPED);
            assertThat(s.hardExpiresAt()).isEqualTo(hard);
            assertThat(s.expiresAt()).isEqualTo(hard);
            assertThat(s.warning()).isEqualTo("Vault capped the renewal of your token for '" + c.name() + "' at its max TTL: it expires "
                    + "for good at " + hard + "; re-authenticate before then: register a new one with `flowvault vault-config "
                    + "authenticate " + c.name() + "`");
            p.clock.advance(Duration.ofHours(20));
            assertThat(job.runOnce().claimed()).isZero(); // renewing further is pointless: not retried
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aTokenVaultWillNotRenewIsMarkedAndNotRetried(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            p.tokens.register(alice, c.name(), vault.token("24h", null, false));
            RenewalJob job = job(p, "n1");
            assertThat(job.runOnce().stopped()).isEqualTo(1);
            TokenStatus s = status(p, alice, c);
            assertThat(s.state()).isEqualTo(TokenState.NOT_RENEWABLE);
            assertThat(s.lastError()).isEqualTo("Vault will not renew your token for '" + c.name() + "': it is not renewable or has "
                    + "reached its max TTL; it expires at " + s.expiresAt() + "; register a new one with `flowvault vault-config "
                    + "authenticate " + c.name() + "`");
            assertThat(job.runOnce().claimed()).isZero();
            // still usable until it expires
            assertThat(p.vaults.identity(c, alice).cacheKey()).isEqualTo("user:" + alice.userId());
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aRevokedTokenIsMarkedWithAClearMessageAndNotRetried(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            String token = vault.token("24h", null, true);
            p.tokens.register(alice, c.name(), token);
            vault.revoke(token);
            RenewalJob job = job(p, "n1");
            assertThat(job.runOnce().stopped()).isEqualTo(1);
            TokenStatus s = status(p, alice, c);
            assertThat(s.state()).isEqualTo(TokenState.REVOKED);
            assertThat(s.lastError()).isEqualTo("Vault refused to renew your token for '" + c.name() + "' (permission denied: it was "
                    + "revoked or is unknown); register a new one with `flowvault vault-config authenticate " + c.name() + "`");
            assertThat(job.runOnce().claimed()).isZero();
            assertThatThrownBy(() -> p.vaults.identity(c, alice)).isInstanceOf(PlatformException.class)
                    .hasMessageStartingWith("your Vault token for '" + c.name() + "' was refused by Vault (revoked or unknown)");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void whenVaultIsDownRenewalBacksOffExponentiallyAndSucceedsLater(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            VaultConfiguration c = p.userTokenConfig(vault);
            Caller alice = p.member();
            String token = vault.token("24h", null, true);
            p.tokens.register(alice, c.name(), token);
            RenewalJob job = job(p, "n1");
            vault.stop();

            assertThat(job.runOnce().retrying()).isEqualTo(1);
            TokenStatus first = status(p, alice, c);
            assertThat(first.state()).isEqualTo(TokenState.ACTIVE);
            assertThat(first.nextAttemptAt()).isEqualTo(p.clock.instant().plus(Duration.ofMinutes(1)));
            assertThat(first.lastError()).startsWith("Vault '" + c.name() + "' at " + vault.address() + " is unreachable")
                    .endsWith("; renewal attempt 1 failed, retrying at " + first.nextAttemptAt());
            assertThat(job.runOnce().claimed()).isZero(); // not before the backoff

            p.clock.advance(Duration.ofMinutes(1));
            assertThat(job.runOnce().retrying()).isEqualTo(1);
            TokenStatus second = status(p, alice, c);
            assertThat(second.nextAttemptAt()).isEqualTo(p.clock.instant().plus(Duration.ofMinutes(2)));
            assertThat(second.lastError()).contains("renewal attempt 2 failed");

            vault.restart();
            p.clock.advance(Duration.ofMinutes(2));
            assertThat(job.runOnce().renewed()).isEqualTo(1);
            TokenStatus ok = status(p, alice, c);
            assertThat(ok.lastError()).isNull();
            assertThat(ok.nextAttemptAt()).isNull();
            assertThat(ok.lastRenewalAt()).isEqualTo(p.clock.instant());
            assertThat(ok.expiresAt()).isEqualTo(p.clock.instant().plus(Duration.ofHours(24)));
            assertThat(vaultTtl(vault, token)).isEqualTo(Duration.ofHours(24).toSeconds());
        }
    }
}
