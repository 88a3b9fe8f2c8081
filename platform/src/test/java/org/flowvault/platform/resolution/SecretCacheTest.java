package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.junit.jupiter.api.Test;

class SecretCacheTest {

    @Test
    void resolutionsWithinTheTtlReadEachPathOnce() {
        try (Harness h = new Harness()) {
            h.vault.root.kv("secret").put("a", Map.of("x", "1"));
            h.vault.root.kv("secret").put("b", Map.of("y", "2"));
            Connection c = h.connection("", "secret/data/a", "secret/data/b");

            for (int i = 0; i < 25; i++) {
                assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("x", "1").containsEntry("y", "2");
            }

            assertThat(h.vault.reads("secret/data/a")).isEqualTo(1);
            assertThat(h.vault.reads("secret/data/b")).isEqualTo(1);
            assertThat(h.cache.hitCount()).isEqualTo(48);
        }
    }

    @Test
    void aZeroTtlCachesNothing() {
        try (Harness h = new Harness()) {
            VaultConfiguration noCache = h.add(VaultFixture.config(VaultFixture.random("nocache"), h.vault.url(), AuthMethod.SHARED_TOKEN,
                    Duration.ZERO, false));
            h.vault.root.kv("secret").put("z", Map.of("x", "1"));
            Connection c = h.connection("", noCache.name() + ":secret/data/z");

            for (int i = 0; i < 3; i++) {
                h.resolver.resolve(c, h.alice, null);
            }

            assertThat(h.vault.reads("secret/data/z")).isEqualTo(3);
            assertThat(h.cache.size()).isZero();
        }
    }

    @Test
    void aUserNeverGetsAnotherUsersCachedSecretTheirOwnTokenCannotRead() {
        try (Harness h = new Harness()) {
            VaultConfiguration perUser = h.add(VaultFixture.config(VaultFixture.random("users"), h.vault.url(), AuthMethod.USER_TOKEN,
                    Duration.ofHours(1), false));
            Caller bob = new Caller(UUID.randomUUID(), "bob", Role.MEMBER);
            h.membership.allow(bob, h.project);
            h.access.registerToken(perUser, h.alice, h.vault.token("path \"secret/data/alice-only\" { capabilities = [\"read\"] }"));
            h.access.registerToken(perUser, bob, h.vault.token("path \"secret/data/other\" { capabilities = [\"read\"] }"));
            h.vault.root.kv("secret").put("alice-only", Map.of("password", "alices-password"));
            Connection c = h.connection("", perUser.name() + ":secret/data/alice-only");

            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("password", "alices-password");
            assertThatThrownBy(() -> h.resolver.resolve(c, bob, null))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.FORBIDDEN))
                    .hasMessageContaining(perUser.name()).hasMessageContaining("secret/data/alice-only")
                    .hasMessageNotContaining("alices-password");
            assertThat(h.vault.reads("secret/data/alice-only")).isEqualTo(1);
        }
    }

    @Test
    void eachIdentityReadsAndCachesItsOwnCopy() {
        try (Harness h = new Harness()) {
            VaultConfiguration perUser = h.add(VaultFixture.config(VaultFixture.random("users"), h.vault.url(), AuthMethod.USER_TOKEN,
                    Duration.ofHours(1), false));
            Caller bob = new Caller(UUID.randomUUID(), "bob", Role.MEMBER);
            h.membership.allow(bob, h.project);
            String policy = "path \"secret/data/both\" { capabilities = [\"read\"] }";
            h.access.registerToken(perUser, h.alice, h.vault.token(policy));
            h.access.registerToken(perUser, bob, h.vault.token(policy));
            h.vault.root.kv("secret").put("both", Map.of("k", "v"));
            Connection c = h.connection("", perUser.name() + ":secret/data/both");

            for (int i = 0; i < 3; i++) {
                h.resolver.resolve(c, h.alice, null);
                h.resolver.resolve(c, bob, null);
            }

            assertThat(h.vault.reads("secret/data/both")).isEqualTo(2);
            assertThat(h.cache.size()).isEqualTo(2);
        }
    }

    @Test
    void refreshingAConnectionRereadsItsSecrets() {
        try (Harness h = new Harness()) {
            h.vault.root.kv("secret").put("r", Map.of("v", "old"));
            Connection c = h.connection("", "secret/data/r");
            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("v", "old");
            h.vault.root.kv("secret").put("r", Map.of("v", "new"));
            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).as("cached").containsEntry("v", "old");

            h.resolver.refresh(c, h.alice);

            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("v", "new");
            assertThat(h.vault.reads("secret/data/r")).isEqualTo(2);
        }
    }

    @Test
    void refreshingAConfigurationRereadsAllItsSecrets() {
        try (Harness h = new Harness()) {
            h.vault.root.kv("secret").put("rc", Map.of("v", "old"));
            Connection c = h.connection("", "secret/rc");
            h.resolver.resolve(c, h.alice, null);
            h.vault.root.kv("secret").put("rc", Map.of("v", "new"));

            h.cache.refreshConfiguration(h.main.id());

            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("v", "new");
        }
    }

    @Test
    void writingASecretThroughFlowvaultInvalidatesItsCachedCopies() {
        try (Harness h = new Harness()) {
            h.vault.root.kv("secret").put("w", Map.of("v", "old"));
            Connection c = h.connection("", "secret/data/w");
            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("v", "old");

            long version = h.writer.write(null, h.project, h.alice, "secret/w", Map.of("v", "written"));

            assertThat(version).isEqualTo(2);
            assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("v", "written");
            assertThat(h.vault.root.kv("secret").get("w").data()).isEqualTo(Map.of("v", "written"));
        }
    }

    @Test
    void writesGoToKvVersionOneMountsToo() {
        try (Harness h = new Harness()) {
            h.vault.mount("kvone", "kv", "1");
            assertThat(h.writer.write(h.main.name(), h.project, h.alice, "kvone/app", Map.of("a", 1))).isZero();
            assertThat(h.vault.root.kv("kvone").get("app").data()).isEqualTo(Map.of("a", 1));
        }
    }

    @Test
    void aWriteDeniedByVaultIsForbiddenNamingConfigurationAndPath() {
        try (Harness h = new Harness()) {
            VaultConfiguration perUser = h.add(VaultFixture.config(VaultFixture.random("users"), h.vault.url(), AuthMethod.USER_TOKEN,
                    Duration.ofHours(1), false));
            h.access.registerToken(perUser, h.alice, h.vault.token("path \"secret/data/readonly\" { capabilities = [\"read\"] }"));

            assertThatThrownBy(() -> h.writer.write(perUser.name(), h.project, h.alice, "secret/data/readonly", Map.of("v", "x-secret")))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.FORBIDDEN))
                    .hasMessageContaining(perUser.name()).hasMessageContaining("secret/data/readonly").hasMessageNotContaining("x-secret");
        }
    }

    @Test
    void anExpiredSecretIsServedStaleWhenVaultIsDownAndTheConfigurationAllowsIt() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Ticker ticker = now::get;
        try (Harness h = new Harness(SecretCache.local(ticker))) {
            VaultConfiguration stale = h.add(VaultFixture.config(VaultFixture.random("stale"), h.vault.url(), AuthMethod.SHARED_TOKEN,
                    Duration.ofMinutes(1), true));
            VaultConfiguration strict = h.add(VaultFixture.config(VaultFixture.random("strict"), h.vault.url(), AuthMethod.SHARED_TOKEN,
                    Duration.ofMinutes(1), false));
            h.vault.root.kv("secret").put("s", Map.of("v", "before-outage"));
            Connection lenient = h.connection("", stale.name() + ":secret/data/s");
            Connection failing = h.connection("", strict.name() + ":secret/data/s");
            assertThat(h.resolver.resolve(lenient, h.alice, null).stale()).isFalse();
            h.resolver.resolve(failing, h.alice, null);

            now.addAndGet(Duration.ofMinutes(2).toNanos());
            h.vault.vault.close();

            Resolution r = h.resolver.resolve(lenient, h.alice, null);
            assertThat(r.stale()).isTrue();
            assertThat(r.inputs()).containsEntry("v", "before-outage");
            assertThatThrownBy(() -> h.resolver.resolve(failing, h.alice, null))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.UNAVAILABLE))
                    .hasMessageContaining(strict.name()).hasMessageContaining("secret/data/s").hasMessageNotContaining("before-outage");
        }
    }

    @Test
    void cacheKeysSeparateIdentitiesNamespacesAndVersions() {
        UUID config = UUID.randomUUID();
        SecretKey a = new SecretKey(config, "user:a", null, "secret", "x", 0);
        assertThat(Set.of(a, new SecretKey(config, "user:b", null, "secret", "x", 0), new SecretKey(config, "user:a", "ns", "secret", "x", 0),
                new SecretKey(config, "user:a", null, "secret", "x", 3))).hasSize(4);
    }
}
