package org.flowvault.bench.resolution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.flowvault.platform.connection.Connection;

/**
 * The CPU cost of the warm 4-path resolution without and with the platform's audit trail, in CPU
 * time rather than wall time, so that a machine shared with other work still gives comparable
 * figures: the resolving thread's CPU time (the hot path: resolution plus the journal append) and
 * the whole process's CPU time until the audit writer has put every record into the database
 * (an H2 file, see {@link BenchEnvironment}; JIT and GC included). Both environments stay open and their
 * batches alternate (off, on, off, on...), so a change of load hits both alike; the figures are the
 * medians of the batches. Prints resolutions per CPU-second.
 * Usage: {@code AuditCpuCost [resolutions per batch] [batches] [warmup rounds]} (default 100,000, 7 and 2), run by
 * bench/run-resolution-bench.sh.
 */
public final class AuditCpuCost {
    private AuditCpuCost() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int warmRounds = args.length > 2 ? Integer.parseInt(args[2]) : 2; // the writer's database code is compiled late: 20 rounds settle it
        Map<String, Object> overrides = Map.of("execute", "SELECT 1");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][] hot = new double[2][batches];
        double[][] all = new double[2][batches];
        try (BenchEnvironment off = new BenchEnvironment(Duration.ofHours(1), null, false);
             BenchEnvironment on = new BenchEnvironment(Duration.ofHours(1), null, true)) {
            BenchEnvironment[] envs = {off, on};
            Connection[] connections = {off.connection(4), on.connection(4)};
            for (int warm = 0; warm < warmRounds; warm++) { // the JIT compiles both modes before any batch counts
                for (int mode = 0; mode < 2; mode++) {
                    for (int i = 0; i < n / 2; i++) {
                        envs[mode].resolver.resolve(connections[mode], envs[mode].runAs, overrides);
                    }
                    envs[mode].flushAudit(Duration.ofMinutes(5));
                }
            }
            for (int b = 0; b < batches; b++) {
                for (int mode = 0; mode < 2; mode++) {
                    BenchEnvironment env = envs[mode];
                    long p0 = os.getProcessCpuTime();
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        env.resolver.resolve(connections[mode], env.runAs, overrides);
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    env.flushAudit(Duration.ofMinutes(5));
                    long p1 = os.getProcessCpuTime();
                    hot[mode][b] = n / ((t1 - t0) / 1e9);
                    all[mode][b] = n / ((p1 - p0) / 1e9);
                }
            }
        }
        double hotOff = median(hot[0]);
        double hotOn = median(hot[1]);
        double allOff = median(all[0]);
        double allOn = median(all[1]);
        System.out.printf("| warm 4 paths, audit off, resolving thread | resolutions per CPU-second (median of %d batches of %,d) | %,.0f |%n",
                batches, n, hotOff);
        System.out.printf("| warm 4 paths, audit on, resolving thread (journal append) | resolutions per CPU-second | %,.0f (overhead %.1f%%; "
                + "per-batch ratios %s) |%n", hotOn, (1 - hotOn / hotOff) * 100, ratios(hot));
        System.out.printf("| warm 4 paths, audit off, whole process | resolutions per CPU-second | %,.0f |%n", allOff);
        System.out.printf("| warm 4 paths, audit on, whole process (incl. the writer into H2) | resolutions per CPU-second | %,.0f (overhead %.1f%%) |%n",
                allOn, (1 - allOn / allOff) * 100);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Each batch's on/off throughput ratio (1.00 = no overhead), in batch order: how much the load moved them. */
    private static String ratios(double[][] hot) {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < hot[0].length; b++) {
            sb.append(b == 0 ? "" : " ").append(String.format("%.2f", hot[1][b] / hot[0][b]));
        }
        return sb.toString();
    }
}
