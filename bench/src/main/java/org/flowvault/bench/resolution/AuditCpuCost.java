package org.flowvault.bench.resolution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import org.flowvault.platform.connection.Connection;

/**
 * The CPU cost of the warm 4-path resolution without and with the platform's audit trail, in CPU
 * time rather than wall time, so that a machine shared with other work still gives comparable
 * figures: the resolving thread's CPU time (the hot path: resolution plus the journal append) and
 * the whole process's CPU time until the audit writer has put every record into the database
 * (H2 in memory; JIT and GC included, alike in both modes). Prints resolutions per CPU-second.
 * Usage: {@code AuditCpuCost [resolutions]} (default 200,000), run by bench/run-resolution-bench.sh.
 */
public final class AuditCpuCost {
    private AuditCpuCost() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        double[] hot = new double[2];
        double[] all = new double[2];
        for (int round = 0; round < 2; round++) { // the first round warms the JIT for both modes
            for (int mode = 0; mode < 2; mode++) {
                boolean audit = mode == 1;
                try (BenchEnvironment env = new BenchEnvironment(Duration.ofHours(1), null, audit)) {
                    Connection c = env.connection(4);
                    Map<String, Object> overrides = Map.of("execute", "SELECT 1");
                    for (int i = 0; i < n / 4; i++) {
                        env.resolver.resolve(c, env.runAs, overrides);
                    }
                    env.flushAudit(Duration.ofMinutes(5));
                    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                    long p0 = os.getProcessCpuTime();
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        env.resolver.resolve(c, env.runAs, overrides);
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    env.flushAudit(Duration.ofMinutes(5));
                    long p1 = os.getProcessCpuTime();
                    hot[mode] = n / ((t1 - t0) / 1e9);
                    all[mode] = n / ((p1 - p0) / 1e9);
                }
            }
        }
        System.out.printf("| warm 4 paths, audit off, resolving thread | resolutions per CPU-second | %,.0f |%n", hot[0]);
        System.out.printf("| warm 4 paths, audit on, resolving thread (journal append) | resolutions per CPU-second | %,.0f (overhead %.1f%%) |%n",
                hot[1], (1 - hot[1] / hot[0]) * 100);
        System.out.printf("| warm 4 paths, audit off, whole process | resolutions per CPU-second | %,.0f |%n", all[0]);
        System.out.printf("| warm 4 paths, audit on, whole process (incl. the writer into H2) | resolutions per CPU-second | %,.0f (overhead %.1f%%) |%n",
                all[1], (1 - all[1] / all[0]) * 100);
    }
}
