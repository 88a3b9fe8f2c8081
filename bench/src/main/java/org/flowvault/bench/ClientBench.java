package org.flowvault.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
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
 * GC, JIT), which is the "client overhead per request", and the kernel's share of it. The server's
 * CPU is never counted: it runs in a JVM of its own.
 *
 * <p>A fourth reader, the {@link RawSocketFloor raw socket floor}, sends the same request over a
 * kept-alive socket and cuts the password out of the answer without an HTTP or JSON library: the
 * CPU a client cannot avoid on this machine at that moment (syscalls, the loopback TCP stack,
 * thread wake-ups), measured in the same rounds.
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

        /** Called after each cell, once its callers have stopped. */
        default void afterCell() {
        }
    }

    /** Not a client: what the machine's loopback and the server cost without any HTTP or JSON library. */
    static final String FLOOR = "raw socket floor";

    private record Cell(double perSecond, double p50Micros, double p99Micros, double cpuMicrosPerCall, double kernelMicrosPerCall) {
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
                String read = r.getValue().read();
                r.getValue().afterCell();
                if (!"s3cr3t-0123456789abcdef".equals(read)) {
                    throw new IllegalStateException(r.getKey() + " read the wrong value");
                }
            }
            int[] concurrency = {1, 16};
            // Two passes: with the machine busy, the JIT is still compiling after one, and a first
            // round that pays for it skews a median of few rounds.
            System.err.println("warming up...");
            for (int pass = 0; pass < 2; pass++) {
                for (Reader reader : readers.values()) {
                    for (int c : concurrency) {
                        run(reader, c, 3);
                        reader.afterCell();
                    }
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
                        awaitIdle(server); // vault-java-driver's cells leave the server draining slow requests
                        Cell cell = run(r.getValue(), c, seconds);
                r.getValue().afterCell();
                        cells.computeIfAbsent(r.getKey() + "|" + c, k -> new ArrayList<>()).add(cell);
                        System.err.printf("round %d: %s c=%d -> %.0f/s p50 %.0fus p99 %.0fus cpu %.1fus/call (kernel %.1f)%n",
                                round, r.getKey(), c, cell.perSecond, cell.p50Micros, cell.p99Micros, cell.cpuMicrosPerCall,
                                cell.kernelMicrosPerCall);
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
                .config(VaultClientConfig.builder().address(address).token(VaultToken.of(token)).build()).build();
        KvV2Operations kv = flowvault.kvV2("secret");
        readers.put("Flowvault VaultClient", () -> (String) kv.get(PATH).data().get("password"));

        VaultTemplate template = new VaultTemplate(VaultEndpoint.from(URI.create(address)), new TokenAuthentication(token));
        VaultVersionedKeyValueOperations spring = template.opsForVersionedKeyValue("secret");
        readers.put("Spring VaultTemplate", () -> (String) spring.get(PATH).getData().get("password"));

        io.github.jopenlibs.vault.Vault driver = io.github.jopenlibs.vault.Vault.create(
                new io.github.jopenlibs.vault.VaultConfig().address(address).token(token).engineVersion(2).build());
        readers.put(FLOOR, new RawSocketFloor(URI.create(address), token, PATH));
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
        long kernelStart = kernelNanos();
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
        long kernel = kernelNanos() - kernelStart;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int i = 0; i < callers; i++) {
            System.arraycopy(latencies[i], 0, all, pos, counts[i]);
            pos += counts[i];
        }
        Arrays.sort(all);
        return new Cell(total / (elapsed / 1e9), all[total / 2] / 1e3, all[(int) (total * 0.99)] / 1e3, cpu / 1e3 / total,
                kernel < 0 ? Double.NaN : kernel / 1e3 / total);
    }

    /**
     * The client JVM's kernel (system) CPU time so far, from /proc/self/stat (Linux), or -1: the
     * share of the client CPU spent in syscalls, mostly the loopback TCP stack and thread wake-ups.
     */
    private static long kernelNanos() {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields after the command: state is field 3 of the file, stime field 15 (index 12 here).
            return Long.parseLong(f[12]) * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final long TICKS_PER_SECOND = 100;

    private static double median(List<Cell> cells, java.util.function.ToDoubleFunction<Cell> f) {
        double[] v = cells.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    private static void print(Map<String, List<Cell>> cells, java.util.Set<String> names, int[] concurrency, int rounds, int seconds) {
        System.out.printf("%n%d rounds x %ds per cell; median of the rounds. client CPU = CPU time of the client JVM (all threads: "
                + "callers, HTTP stack, GC, JIT) per call; kernel = its system-time share (/proc/self/stat).%n%n", rounds, seconds);
        System.out.println("| client | callers | reads/s | p50 µs | p99 µs | client CPU µs/call | of which kernel |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int c : concurrency) {
            for (String name : names) {
                List<Cell> l = cells.get(name + "|" + c);
                System.out.printf("| %s | %d | %,.0f | %.0f | %.0f | %.1f | %.1f |%n", name, c, median(l, Cell::perSecond),
                        median(l, Cell::p50Micros), median(l, Cell::p99Micros), median(l, Cell::cpuMicrosPerCall),
                        median(l, Cell::kernelMicrosPerCall));
            }
        }
        String flowvault = "Flowvault VaultClient";
        if (!names.contains(flowvault) || names.size() < 2) {
            return;
        }
        // Ratios per round (same round, cells seconds apart), then the median: robust to a noisy round.
        System.out.println();
        System.out.println("| callers | other client | Flowvault / other (reads/s) | other / Flowvault (CPU per call) |");
        System.out.println("|---:|---|---:|---:|");
        for (int c : concurrency) {
            List<Cell> fv = cells.get(flowvault + "|" + c);
            for (String name : names) {
                if (name.equals(flowvault) || name.equals(FLOOR)) {
                    continue;
                }
                List<Cell> other = cells.get(name + "|" + c);
                double[] speed = new double[fv.size()];
                double[] cpu = new double[fv.size()];
                for (int i = 0; i < fv.size(); i++) {
                    speed[i] = fv.get(i).perSecond() / other.get(i).perSecond();
                    cpu[i] = other.get(i).cpuMicrosPerCall() / fv.get(i).cpuMicrosPerCall();
                }
                Arrays.sort(speed);
                Arrays.sort(cpu);
                System.out.printf("| %d | %s | %.2fx | %.2fx |%n", c, name, speed[speed.length / 2], cpu[cpu.length / 2]);
            }
            if (names.contains(FLOOR)) {
                // Per round, then the median: the floor moves with the machine's load.
                List<Cell> floor = cells.get(FLOOR + "|" + c);
                double[] above = new double[fv.size()];
                for (int i = 0; i < fv.size(); i++) {
                    above[i] = fv.get(i).cpuMicrosPerCall() - floor.get(i).cpuMicrosPerCall();
                }
                Arrays.sort(above);
                System.out.printf("| %d | %s (%.1f µs/call) | | Flowvault above the floor: %+.1f µs/call |%n", c, FLOOR,
                        median(floor, Cell::cpuMicrosPerCall), above[above.length / 2]);
            }
        }
    }

    /**
     * Waits until the server process has been idle (under 5% of a core) for 300 ms, at most 15 s:
     * a cell must not pay for the previous cell's backlog on the server. A fixed pause was not enough after
     * vault-java-driver's cells.
     */
    private static void awaitIdle(Process server) throws InterruptedException {
        // Nor for its garbage: collect it now rather than in the next client's cell.
        System.gc();
        long end = System.nanoTime() + 15_000_000_000L;
        java.time.Duration last = cpu(server);
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < end) {
            Thread.sleep(100);
            java.time.Duration now = cpu(server);
            quiet = now.minus(last).toMillis() < 5 ? quiet + 1 : 0;
            last = now;
        }
    }

    private static java.time.Duration cpu(Process p) {
        return p.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
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

    /**
     * The floor under any Vault client on this machine: the KV read's request written once per call
     * over one kept-alive socket per caller thread (with a read timeout, as any real client sets), the
     * answer read by Content-Length, and the password cut out with a string search — no HTTP library,
     * no JSON parser, no pool. What it costs is what the kernel and the JVM's socket layer cost.
     * Benchmark code only: it trusts the server's answer shape.
     */
    private static final class RawSocketFloor implements Reader {
        private static final byte[] PASSWORD = "\"password\":\"".getBytes(StandardCharsets.US_ASCII);

        private final InetSocketAddress address;
        private final byte[] request;
        private final ThreadLocal<Connection> connections = new ThreadLocal<>();
        private final List<Socket> opened = new CopyOnWriteArrayList<>();

        private record Connection(Socket socket, InputStream in, OutputStream out, byte[] buf) {
        }

        RawSocketFloor(URI address, String token, String path) {
            this.address = new InetSocketAddress(address.getHost(), address.getPort());
            this.request = ("GET /v1/secret/data/" + path + " HTTP/1.1\r\nHost: " + address.getAuthority()
                    + "\r\nX-Vault-Request: true\r\nX-Vault-Token: " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public String read() {
            try {
                Connection c = connections.get();
                if (c == null) {
                    Socket s = new Socket();
                    s.setTcpNoDelay(true);
                    s.connect(address, 10_000);
                    s.setSoTimeout(60_000);
                    opened.add(s);
                    c = new Connection(s, s.getInputStream(), s.getOutputStream(), new byte[16 * 1024]);
                    connections.set(c);
                }
                c.out().write(request);
                byte[] b = c.buf();
                int n = 0;
                int bodyStart = -1;
                int length = -1;
                while (bodyStart < 0 || n < bodyStart + length) {
                    int r = c.in().read(b, n, b.length - n);
                    if (r < 0) {
                        throw new IOException("the server closed the connection");
                    }
                    n += r;
                    if (bodyStart < 0) {
                        for (int i = 3; i < n; i++) {
                            if (b[i] == '\n' && b[i - 2] == '\n') {
                                bodyStart = i + 1;
                                length = contentLength(b, bodyStart);
                                break;
                            }
                        }
                    }
                }
                return password(b, bodyStart, bodyStart + length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int contentLength(byte[] b, int end) {
            String head = new String(b, 0, end, StandardCharsets.US_ASCII);
            int i = head.indexOf("Content-Length: ");
            return Integer.parseInt(head.substring(i + 16, head.indexOf('\r', i)));
        }

        private static String password(byte[] b, int from, int to) {
            outer:
            for (int i = from; i + PASSWORD.length < to; i++) {
                for (int k = 0; k < PASSWORD.length; k++) {
                    if (b[i + k] != PASSWORD[k]) {
                        continue outer;
                    }
                }
                int start = i + PASSWORD.length;
                int end = start;
                while (b[end] != '"') {
                    end++;
                }
                return new String(b, start, end - start, StandardCharsets.UTF_8);
            }
            return null;
        }

        /** The callers of a cell are gone: close their sockets so the next cell starts clean. */
        @Override
        public void afterCell() {
            for (Socket s : opened) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the server may have closed it already
                }
            }
            opened.clear();
            connections.remove();
        }
    }
}
