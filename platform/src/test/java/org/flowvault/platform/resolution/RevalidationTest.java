package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.vault.client.core.VaultClient.RequestObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A KV v2 entry past its TTL is checked with the metadata read, not refetched; the interval bounds the checks. */
class RevalidationTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Harness h = new Harness(SecretCache.local((Ticker) now::get));
    private final List<String> revalidations = new CopyOnWriteArrayList<>();
    private final Resolver resolver = new Resolver(h.access, h.membership, null, h.cache, new PlatformMetrics() {
        @Override
        public void revalidation(String configurationName, Revalidation outcome) {
            revalidations.add(configurationName + ":" + outcome);
        }

        @Override
        public void resolution(PlatformException.Reason failure) {
        }

        @Override
        public RequestObserver vaultRequests(String configurationName) {
            return (nanos, failure) -> { };
        }

        @Override
        public void tokenRenewal(Renewal outcome) {
        }

        @Override
        public void runEnded(String status, Duration duration) {
        }
    });

    @AfterEach
    void close() {
        h.close();
    }

    private VaultConfiguration config(Duration ttl, Duration interval) {
        return h.add(VaultFixture.config(VaultFixture.random("reval"), h.vault.url(), AuthMethod.SHARED_TOKEN, ttl, false)
                .toBuilder().revalidationInterval(interval).build());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anExpiredEntryWhoseVersionIsUnchangedLivesOnWithoutARereadOfItsData() {
        VaultConfiguration cfg = config(Duration.ofMinutes(1), null);
        h.vault.root.kv("secret").put("same", Map.of("password", "kept"));
        Connection c = h.connection("", cfg.name() + ":secret/data/same");
        resolver.resolve(c, h.alice, null);

        for (int i = 0; i < 3; i++) {
            advance(Duration.ofSeconds(61));
            assertThat(resolver.resolve(c, h.alice, null).inputs()).containsEntry("password", "kept");
            assertThat(resolver.resolve(c, h.alice, null).inputs()).as("within the renewed TTL").containsEntry("password", "kept");
        }

        assertThat(h.vault.reads("secret/data/same")).isEqualTo(1);
        assertThat(h.vault.reads("secret/metadata/same")).isEqualTo(3);
        assertThat(h.cache.revalidatedUnchangedCount()).isEqualTo(3);
        assertThat(revalidations).containsExactly(cfg.name() + ":UNCHANGED", cfg.name() + ":UNCHANGED", cfg.name() + ":UNCHANGED");
    }

    @Test
    void anExpiredEntryWhoseVersionChangedOutsideFlowvaultIsReadAgain() {
        VaultConfiguration cfg = config(Duration.ofMinutes(1), null);
        h.vault.root.kv("secret").put("moved", Map.of("password", "old"));
        Connection c = h.connection("", cfg.name() + ":secret/moved");
        resolver.resolve(c, h.alice, null);
        h.vault.root.kv("secret").put("moved", Map.of("password", "new"));

        assertThat(resolver.resolve(c, h.alice, null).inputs()).as("within the TTL the cached copy is served").containsEntry("password", "old");
        advance(Duration.ofSeconds(61));
        assertThat(resolver.resolve(c, h.alice, null).inputs()).containsEntry("password", "new");

        assertThat(h.vault.reads("secret/data/moved")).isEqualTo(2);
        assertThat(h.vault.reads("secret/metadata/moved")).isEqualTo(1);
        assertThat(revalidations).containsExactly(cfg.name() + ":CHANGED");
    }

    @Test
    void aLatestVersionDeletedSinceIsReportedMissingNotServedFromTheCache() {
        VaultConfiguration cfg = config(Duration.ofMinutes(1), null);
        h.vault.root.kv("secret").put("gone", Map.of("password", "deleted-value"));
        Connection c = h.connection("", cfg.name() + ":secret/data/gone");
        resolver.resolve(c, h.alice, null);
        h.vault.root.kv("secret").delete("gone");
        advance(Duration.ofSeconds(61));

        assertThatThrownBy(() -> resolver.resolve(c, h.alice, null))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.NOT_FOUND))
                .hasMessageContaining("secret/data/gone").hasMessageNotContaining("deleted-value");
    }

    @Test
    void theIntervalAllowsOneMetadataReadPerIntervalHoweverManyResolutionsRunConcurrently() throws Exception {
        VaultConfiguration cfg = config(Duration.ofHours(1), Duration.ofSeconds(5));
        h.vault.root.kv("secret").put("hot", Map.of("password", "v1"));
        Connection c = h.connection("", cfg.name() + ":secret/data/hot");
        resolver.resolve(c, h.alice, null);
        h.vault.root.kv("secret").put("hot", Map.of("password", "v2"));
        advance(Duration.ofSeconds(6));

        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return resolver.resolve(c, h.alice, null).inputs().get("password");
                }));
            }
            start.countDown();
            for (Future<Object> a : answers) {
                assertThat(a.get()).isEqualTo("v2");
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 10; i++) {
            resolver.resolve(c, h.alice, null);
            advance(Duration.ofMillis(400));
        }

        assertThat(h.vault.reads("secret/metadata/hot")).as("one check for the whole burst and the 4 s after it").isEqualTo(1);
        assertThat(h.vault.reads("secret/data/hot")).isEqualTo(2);
        advance(Duration.ofSeconds(2));
        resolver.resolve(c, h.alice, null);
        assertThat(h.vault.reads("secret/metadata/hot")).as("the next interval checks again").isEqualTo(2);
    }

    @Test
    void whenTheIdentityMayNotReadMetadataTheSecretIsSimplyReadAgain() {
        VaultConfiguration cfg = h.add(VaultFixture.config(VaultFixture.random("nometa"), h.vault.url(), AuthMethod.USER_TOKEN,
                Duration.ofMinutes(1), false));
        h.access.registerToken(cfg, h.alice, h.vault.token("path \"secret/data/nometa\" { capabilities = [\"read\"] }"));
        h.vault.root.kv("secret").put("nometa", Map.of("password", "p1"));
        Connection c = h.connection("", cfg.name() + ":secret/data/nometa");
        resolver.resolve(c, h.alice, null);
        advance(Duration.ofSeconds(61));

        assertThat(resolver.resolve(c, h.alice, null).inputs()).containsEntry("password", "p1");
        assertThat(h.vault.reads("secret/data/nometa")).isEqualTo(2);
        assertThat(revalidations).containsExactly(cfg.name() + ":UNKNOWN");
    }
}
