package org.flowvault.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowvault.vault.client.VaultClient;
import org.flowvault.vault.client.VaultConfig;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.kv.KvV2Operations;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;

/**
 * KV v2 reads through three Java clients against the same embedded server (in its own JVM), in
 * the same run: Flowvault's {@code VaultClient}, Spring Vault's {@code VaultTemplate} and jopenlibs
 * {@code vault-java-driver}, at 1 and 16 concurrent callers. Rounds interleave the clients so
 * machine noise hits all alike; each cell reports the median over rounds of throughput, p50/p99
 * latency and the client process's CPU time per call (all its threads: callers, HTTP selector,
 * GC, JIT), which is the "client overhead per request".
 *
 * <p>Usage: {@code ClientBench [rounds] [seconds-per-cell] [client-name-prefixes]} (defaults 3, 5, all).
 */
public final class ClientBench {
    private static final String PATH = "bench/key";

    private ClientBench() {
    }

    /** One client under test: a read that must return the secret's password. */
    private interface Reader {
        String read();
    }

    private record Cell(double perSecond, double p50Micros, double p99Micros, double cpuMicrosPerCall) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Process server = startServer();
        try {
            String[] ready = awaitReady(server);
            String address = ready[1];
            String token = ready[2];
            Map<String, Reader> readers = readers(address, token);
            if (args.length > 2) { // e.g. "Flowvault,Spring": run only the clients whose names start so
                List<String> keep = List.of(args[2].split(","));
                readers.keySet().removeIf(name -> keep.stream().noneMatch(name::startsWith));
            }
            for (Map.Entry<String, Reader> r : readers.entrySet()) {
                if (!"s3cr3t-0123456789abcdef".equals(r.getValue().read())) {
                    throw new IllegalStateException(r.getKey() + " read the wrong value");
                }
            }
            int[] concurrency = {1, 16};
            System.err.println("warming up...");
            for (Reader reader : readers.values()) {
                for (int c : concurrency) {
                    run(reader, c, 3);
                }
            }
            Map<String, List<Cell>> cells = new LinkedHashMap<>();
            List<Map.Entry<String, Reader>> order = new ArrayList<>(readers.entrySet());
            for (int round = 1; round <= rounds; round++) {
                // Reverse the order every other round, so that no client always runs right after
                // another's cell (vault-java-driver's leaves the server draining slow requests).
                java.util.Collections.reverse(order);
                for (int c : concurrency) {
                    for (Map.Entry<String, Reader> r : order) {
                        Thread.sleep(1000); // let the server drain the previous cell
                        Cell cell = run(r.getValue(), c, seconds);
                        cells.computeIfAbsent(r.getKey() + "|" + c, k -> new ArrayList<>()).add(cell);
                        System.err.printf("round %d: %s c=%d -> %.0f/s p50 %.0fus p99 %.0fus cpu %.1fus/call%n",
                                round, r.getKey(), c, cell.perSecond, cell.p50Micros, cell.p99Micros, cell.cpuMicrosPerCall);
                    }
                }
            }
            print(cells, readers.keySet(), concurrency, rounds, seconds);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Reader> readers(String address, String token) throws Exception {
        Map<String, Reader> readers = new LinkedHashMap<>();
        VaultClient flowvault = VaultClient.builder()
                .config(VaultConfig.builder().address(address).token(VaultToken.of(token)).build()).build();
        KvV2Operations kv = flowvault.kvV2("secret");
        readers.put("Flowvault VaultClient", () -> (String) kv.get(PATH).data().get("password"));

        VaultTemplate template = new VaultTemplate(VaultEndpoint.from(URI.create(address)), new TokenAuthentication(token));
        VaultVersionedKeyValueOperations spring = template.opsForVersionedKeyValue("secret");
        readers.put("Spring VaultTemplate", () -> (String) spring.get(PATH).getData().get("password"));

        io.github.jopenlibs.vault.Vault driver = io.github.jopenlibs.vault.Vault.create(
                new io.github.jopenlibs.vault.VaultConfig().address(address).token(token).engineVersion(2).build());
        readers.put("vault-java-driver", () -> {
            try {
                return driver.logical().read("secret/" + PATH).getData().get("password");
            } catch (io.github.jopenlibs.vault.VaultException e) {
                throw new IllegalStateException(e.getMessage());
            }
        });
        return readers;
    }

    private static Cell run(Reader reader, int callers, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(callers);
        long[][] latencies = new long[callers][];
        int[] counts = new int[callers];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < callers; i++) {
            int id = i;
            Thread.ofPlatform().daemon().start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (!stop.get()) {
                    long t = System.nanoTime();
                    reader.read();
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t;
                }
                latencies[id] = lat;
                counts[id] = n;
                done.countDown();
            });
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuStart;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int i = 0; i < callers; i++) {
            System.arraycopy(latencies[i], 0, all, pos, counts[i]);
            pos += counts[i];
        }
        Arrays.sort(all);
        return new Cell(total / (elapsed / 1e9), all[total / 2] / 1e3, all[(int) (total * 0.99)] / 1e3, cpu / 1e3 / total);
    }

    private static double median(List<Cell> cells, java.util.function.ToDoubleFunction<Cell> f) {
        double[] v = cells.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    private static void print(Map<String, List<Cell>> cells, java.util.Set<String> names, int[] concurrency, int rounds, int seconds) {
        System.out.printf("%n%d rounds x %ds per cell; median of the rounds. client CPU = CPU time of the client JVM (all threads) per call.%n%n",
                rounds, seconds);
        System.out.println("| client | callers | reads/s | p50 µs | p99 µs | client CPU µs/call |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int c : concurrency) {
            for (String name : names) {
                List<Cell> l = cells.get(name + "|" + c);
                System.out.printf("| %s | %d | %,.0f | %.0f | %.0f | %.1f |%n", name, c, median(l, Cell::perSecond),
                        median(l, Cell::p50Micros), median(l, Cell::p99Micros), median(l, Cell::cpuMicrosPerCall));
            }
        }
        System.out.println();
        System.out.println("| callers | Flowvault / best other (reads/s) | best other / Flowvault (CPU per call) |");
        System.out.println("|---:|---:|---:|");
        for (int c : concurrency) {
            double fv = median(cells.get("Flowvault VaultClient|" + c), Cell::perSecond);
            double fvCpu = median(cells.get("Flowvault VaultClient|" + c), Cell::cpuMicrosPerCall);
            double bestOther = 0;
            double bestOtherCpu = Double.MAX_VALUE;
            for (String name : names) {
                if (!name.startsWith("Flowvault")) {
                    bestOther = Math.max(bestOther, median(cells.get(name + "|" + c), Cell::perSecond));
                    bestOtherCpu = Math.min(bestOtherCpu, median(cells.get(name + "|" + c), Cell::cpuMicrosPerCall));
                }
            }
            System.out.printf("| %d | %.2fx | %.2fx |%n", c, fv / bestOther, bestOtherCpu / fvCpu);
        }
    }

    private static Process startServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                KvBenchServer.class.getName(), "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String[] awaitReady(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return line.split(" ");
            }
        }
        throw new IllegalStateException("the benchmark server exited before it was ready");
    }
}
