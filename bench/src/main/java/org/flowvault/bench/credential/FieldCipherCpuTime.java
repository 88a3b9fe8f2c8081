package org.flowvault.bench.credential;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of {@link FieldCipherBenchmarks} timed by the CPU time of the thread that runs
 * them instead of the wall clock, on one thread: on a machine shared with other work, a wall-clock
 * figure also counts the time the thread waited for a core, the CPU time does not. FieldCipher and
 * the raw cipher alternate in short batches after a warmup; prints a Markdown table of the medians
 * over the rounds (operations per CPU second) and their ratio. Usage:
 * {@code FieldCipherCpuTime [rounds] [batch ms]} (default 15 and 300), run by
 * {@code bench/run-credential-bench.sh} after JMH.
 */
public final class FieldCipherCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private FieldCipherCpuTime() {
    }

    @FunctionalInterface
    private interface Op {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long batchNanos = (args.length > 1 ? Long.parseLong(args[1]) : 300) * 1_000_000L;
        System.out.println("| operation | field size | FieldCipher (v2) | raw JDK AES-GCM | FieldCipher / raw |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int size : new int[] {24, 16384}) {
            FieldCipherBenchmarks b = new FieldCipherBenchmarks();
            b.size = size;
            b.setUp();
            Map<String, Op> ops = new LinkedHashMap<>();
            ops.put("encrypt", b::encrypt);
            ops.put("rawEncrypt", b::rawEncrypt);
            ops.put("decrypt", b::decrypt);
            ops.put("rawDecrypt", b::rawDecrypt);
            for (Op op : ops.values()) {
                warm(op); // compiled before any round counts, however busy the machine (the JIT needs CPU too)
            }
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Op> op : ops.entrySet()) {
                    rates.computeIfAbsent(op.getKey(), k -> new ArrayList<>()).add(perCpuSecond(op.getValue(), batchNanos));
                }
            }
            for (String name : List.of("encrypt", "decrypt")) {
                double ours = median(rates.get(name));
                double raw = median(rates.get("raw" + Character.toUpperCase(name.charAt(0)) + name.substring(1)));
                System.out.printf("| %s | %,d B | %s | %s | %.0f%% |%n", name, size, format(ours, size), format(raw, size), 100 * ours / raw);
            }
        }
        if (sink == 42) {
            System.err.println(); // keeps the results alive
        }
    }

    /** Runs {@code op} until this thread has spent two seconds of CPU time on it. */
    private static void warm(Op op) throws Exception {
        long until = THREADS.getCurrentThreadCpuTime() + 2_000_000_000L;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 64; i++) {
                Object r = op.run();
                sink += r instanceof String s ? s.length() : r.hashCode();
            }
        }
    }

    /** Runs {@code op} for about {@code wallNanos} of wall time; operations per second of this thread's CPU time. */
    private static double perCpuSecond(Op op, long wallNanos) throws Exception {
        long n = 0;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long end = System.nanoTime() + wallNanos;
        do {
            for (int i = 0; i < 64; i++) {
                Object r = op.run();
                sink += r instanceof String s ? s.length() : r.hashCode();
            }
            n += 64;
        } while (System.nanoTime() < end);
        return n / ((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String format(double perSecond, int size) {
        return size >= 4096 ? String.format("%.2f GB/s", perSecond * size / 1e9) : String.format("%,.0f fields/s", perSecond);
    }
}
