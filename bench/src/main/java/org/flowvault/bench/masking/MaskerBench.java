package org.flowvault.bench.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.masking.Masker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The run masker on its hot path: masking one log line (200 characters, no secret in it, the
 * common case; or one secret in it) and a 64 KiB output, with 1, 20 or 200 registered secrets;
 * and the cost of registering 20 secrets in a fresh masker (one automaton build). Run with
 * {@code bench/run-masker-bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MaskerBench {
    @Param({"1", "20", "200"})
    public int secrets;

    private Masker masker;
    private List<String> values;
    private String cleanLine;
    private String lineWithSecret;
    private String output;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        values = new ArrayList<>();
        for (int i = 0; i < secrets; i++) {
            values.add("Pw-" + Long.toHexString(random.nextLong()) + "_" + i);
        }
        masker = new Masker();
        masker.registerAll(values);
        cleanLine = line(random, null);
        lineWithSecret = line(random, values.get(secrets / 2));
        StringBuilder b = new StringBuilder(64 * 1024);
        while (b.length() < 64 * 1024) {
            b.append(line(random, random.nextInt(50) == 0 ? values.get(random.nextInt(secrets)) : null)).append('\n');
        }
        output = b.toString();
    }

    /** About 200 characters of a typical step log line, with {@code secret} in the middle when given. */
    private static String line(Random random, String secret) {
        StringBuilder b = new StringBuilder("2026-11-25T01:00:00.123Z step q (SQL) jdbc:postgresql://db.internal:5432/orders as user \"svc\": ");
        b.append(secret == null ? "fetched" : "password " + secret);
        while (b.length() < 200) {
            b.append(' ').append(Integer.toString(random.nextInt(1_000_000), 36));
        }
        return b.substring(0, 200);
    }

    @Benchmark
    public String maskCleanLine() {
        return masker.mask(cleanLine);
    }

    @Benchmark
    public String maskLineWithSecret() {
        return masker.mask(lineWithSecret);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String mask64KiB() {
        return masker.mask(output);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Masker register20() {
        Masker m = new Masker();
        m.registerAll(values.subList(0, Math.min(20, values.size())));
        return m;
    }
}
