package org.flowvault.platform.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two platform nodes (two connection pools, two renewal jobs) on one PostgreSQL schema renew the
 * same tokens concurrently, round after round; Vault's audit log proves each due token was renewed
 * exactly once per round.
 */
class TwoNodeRenewalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 24;
    private static final int ROUNDS = 8;

    @TempDir
    Path dir;

    @Test
    void twoNodesOnPostgresqlRenewEachDueTokenExactlyOncePerRound() throws Exception {
        String url = TestDatabases.postgresSchemaUrl();
        TestClock clock = TestClock.startingNow();
        MasterKey key = MasterKey.generate();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Database dbA = Database.open(url, null, null, 4);
             Database dbB = Database.open(url, null, null, 4);
             VaultFixture vault = new VaultFixture(clock)) {
            TestPlatform a = TestPlatform.on(dbA, key, clock, null);
            TestPlatform b = TestPlatform.on(dbB, key, clock, a.admin);
            VaultConfiguration c = a.userTokenConfig(vault);
            for (int i = 0; i < USERS; i++) {
                Caller u = a.member();
                a.tokens.register(u, c.name(), vault.token("72h", null, true));
            }
            Path audit = dir.resolve("audit.log");
            vault.root("POST", "sys/audit/file", Map.of("type", "file", "options", Map.of("file_path", audit.toString())));

            // small batches so that the two nodes interleave their claims
            RenewalJob jobA = new RenewalJob(dbA, a.box, a.configs, a.clients, clock,
                    new RenewalJob.Options("node-a", Duration.ofMinutes(5), 3, Duration.ofMinutes(1), Duration.ofHours(1)));
            RenewalJob jobB = new RenewalJob(dbB, b.box, b.configs, b.clients, clock,
                    new RenewalJob.Options("node-b", Duration.ofMinutes(5), 3, Duration.ofMinutes(1), Duration.ofHours(1)));
            assertThat(jobA.lockClause()).isEqualTo("FOR UPDATE SKIP LOCKED");

            int seenLines = 0;
            int claimedByA = 0;
            int claimedByB = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                clock.advance(Duration.ofHours(25)); // every token now has 47 h left: all due
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<RenewalJob.Round>> both = List.of(
                        () -> { start.await(); return jobA.runOnce(); },
                        () -> { start.await(); return jobB.runOnce(); });
                List<Future<RenewalJob.Round>> results = new ArrayList<>();
                for (Callable<RenewalJob.Round> task : both) {
                    results.add(pool.submit(task));
                }
                start.countDown();
                RenewalJob.Round ra = results.get(0).get();
                RenewalJob.Round rb = results.get(1).get();
                claimedByA += ra.claimed();
                claimedByB += rb.claimed();
                assertThat(ra.renewed() + rb.renewed()).as("renewals in round %d", round).isEqualTo(USERS);

                List<String> lines = Files.readAllLines(audit);
                List<String> renewedTokens = new ArrayList<>();
                for (String line : lines.subList(seenLines, lines.size())) {
                    JsonNode e = JSON.readTree(line);
                    if (e.path("type").asText().equals("response") && e.path("request").path("path").asText().equals("auth/token/renew-self")) {
                        renewedTokens.add(e.path("request").path("client_token").asText());
                    }
                }
                seenLines = lines.size();
                Set<String> distinct = new HashSet<>(renewedTokens);
                assertThat(renewedTokens).as("renew-self calls in round %d", round).hasSize(USERS);
                assertThat(distinct).as("distinct tokens renewed in round %d", round).hasSize(USERS);
            }
            assertThat(claimedByA + claimedByB).isEqualTo(USERS * ROUNDS);
            System.out.printf("two-node renewal: node-a claimed %d, node-b claimed %d of %d renewals%n", claimedByA, claimedByB, USERS * ROUNDS);
            a.clients.close();
            b.clients.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
