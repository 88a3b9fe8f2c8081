package org.flowvault.bench.credential;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.CredentialOperations;
import org.flowvault.server.ApiServer;

/**
 * SDK round trips against the REST API: each operation creates a credential entry (user name and
 * password encrypted in the SDK, format v2) and reads it back decrypted ({@code find}), over HTTP
 * on loopback to a server in this JVM (H2 in memory). After a warmup, each round measures every
 * caller count in turn; prints a Markdown table of the medians over the rounds: callers, round
 * trips/s, p50 and p99 of one create+get in ms. Usage:
 * {@code SdkRoundTrips [seconds per cell] [rounds] [callers...]} (default {@code 10 3 1 4 16}); run
 * with {@code bench/run-sdk-bench.sh}.
 */
public final class SdkRoundTrips {
    private SdkRoundTrips() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int[] callers = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 4, 16};
        int most = Arrays.stream(callers).max().orElse(1);
        String url = "jdbc:h2:mem:sdkbench" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(url, "sa", "", most + 4);
             Platform platform = Platform.builder().database(db).masterKey(MasterKey.generate()).build()) {
            ApiServer api = ApiServer.start(platform, "127.0.0.1", 0);
            try {
                String adminName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
                String password = platform.users().bootstrapAdmin(adminName).orElseThrow(() -> new IllegalStateException(
                        "the database already has users"));
                String token = Flowvault.builder().address(api.address()).build().login(adminName, Secret.of(password)).token().reveal();
                String project = "bench-" + UUID.randomUUID().toString().substring(0, 8);
                Flowvault admin = Flowvault.builder().address(api.address()).apiKey(token).project(project).build();
                admin.projects().create(project);
                CredentialKey key = admin.credentials().keys().generate().key();
                CredentialOperations credentials = Flowvault.builder().address(api.address()).apiKey(token).project(project)
                        .credentialKey(key).build().credentials();
                run(credentials, Duration.ofSeconds(Math.max(2, seconds)), most); // warmup: JIT, pools, caches
                double[][] perSecond = new double[callers.length][rounds];
                double[][] p50 = new double[callers.length][rounds];
                double[][] p99 = new double[callers.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int c = 0; c < callers.length; c++) {
                        long[] latencies = run(credentials, Duration.ofSeconds(seconds), callers[c]);
                        Arrays.sort(latencies);
                        perSecond[c][r] = latencies.length / (double) seconds;
                        p50[c][r] = latencies[latencies.length / 2] / 1e6;
                        p99[c][r] = latencies[(int) (latencies.length * 0.99)] / 1e6;
                        System.err.printf("round %d, %d callers: %,.0f/s, p50 %.2f ms, p99 %.2f ms%n", r + 1, callers[c],
                                perSecond[c][r], p50[c][r], p99[c][r]);
                    }
                }
                System.out.println("| callers | create+get round trips/s | p50 ms | p99 ms |");
                System.out.println("|---:|---:|---:|---:|");
                for (int c = 0; c < callers.length; c++) {
                    System.out.printf("| %d | %,.0f | %.2f | %.2f |%n", callers[c], median(perSecond[c]), median(p50[c]), median(p99[c]));
                }
            } finally {
                api.close();
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** {@code callers} loops of create + find for {@code duration}; every pair's latency in ns. */
    private static long[] run(CredentialOperations credentials, Duration duration, int callers) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                while (!stop.get()) {
                    String user = "user-" + UUID.randomUUID();
                    long t0 = System.nanoTime();
                    credentials.create(CredentialEntry.builder("https://portal.example.com", user)
                            .userName("alice@example.com").password("correct horse battery staple").build());
                    if (credentials.find("https://portal.example.com", user).orElseThrow().password().reveal().isEmpty()) {
                        throw new IllegalStateException("a stored password read back empty");
                    }
                    mine.add(System.nanoTime() - t0);
                }
                return mine;
            }));
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : results) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return all.stream().mapToLong(Long::longValue).toArray();
    }
}
