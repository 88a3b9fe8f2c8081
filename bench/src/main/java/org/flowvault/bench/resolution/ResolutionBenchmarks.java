package org.flowvault.bench.resolution;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.platform.resolution.Resolution;
import org.flowvault.server.metrics.PrometheusMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Connection resolution: warm (every secret cached; 4 attached paths) and cold (nothing cached:
 * a configuration with cache TTL 0, so every resolution reads every path from the embedded
 * server in this JVM; mount lookups stay cached as in production), on loopback and with a
 * simulated 1 ms storage/network latency per server read. Run with
 * {@code bench/run-resolution-bench.sh}. The warm benchmark runs without and with the platform's
 * audit trail ({@code audit=off|on}) in the same JMH run, so its overhead reads off one table.
 */
public class ResolutionBenchmarks {

    @State(Scope.Benchmark)
    public static class Warm {
        BenchEnvironment env;
        Connection connection;
        final Map<String, Object> overrides = Map.of("execute", "SELECT 1");
        /** off: no audit trail; on: every resolution appends its records to the platform's audit journal (DESIGN §5). */
        @Param({"off", "on"})
        public String audit;
        /** none, or prometheus: the server's registry attached too (bench/run-audit-bench.sh with METRICS=1 compares both off with both on). */
        @Param({"none"})
        public String metrics;

        @Setup(Level.Trial)
        public void setUp() {
            env = new BenchEnvironment(Duration.ofHours(1), null, audit.equals("on"),
                    metrics.equals("none") ? PlatformMetrics.none() : PrometheusMetrics.create());
            connection = env.connection(4);
            env.resolver.resolve(connection, env.runAs, overrides);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            env.close();
        }
    }

    /**
     * The warm resolution with and without the server's Prometheus registry attached (the same
     * JMH run, so the two are comparable): what metrics cost on the hot path.
     */
    @State(Scope.Benchmark)
    public static class WarmMetered {
        @Param({"none", "prometheus"})
        public String metrics;
        BenchEnvironment env;
        Connection connection;
        final Map<String, Object> overrides = Map.of("execute", "SELECT 1");

        @Setup(Level.Trial)
        public void setUp() {
            env = new BenchEnvironment(Duration.ofHours(1), null,
                    metrics.equals("none") ? PlatformMetrics.none() : PrometheusMetrics.create());
            connection = env.connection(4);
            env.resolver.resolve(connection, env.runAs, overrides);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            env.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Cold {
        @Param({"1", "8"})
        public int paths;
        /** Added to every storage read of the server: 0 = loopback (CPU-bound), 1000 = a remote Vault's round trip. */
        @Param({"0", "1000"})
        public int latencyMicros;
        BenchEnvironment env;
        Connection connection;

        @Setup(Level.Trial)
        public void setUp() {
            env = new BenchEnvironment(Duration.ZERO, null);
            connection = env.connection(paths);
            env.resolver.resolve(connection, env.runAs, null);
            env.storage.latencyNanos = latencyMicros * 1000L;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            env.close();
        }
    }

    @Benchmark
    @BenchmarkMode({Mode.SampleTime, Mode.Throughput})
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Resolution warm4Paths(Warm s) {
        return s.env.resolver.resolve(s.connection, s.env.runAs, s.overrides);
    }

    @Benchmark
    @BenchmarkMode({Mode.SampleTime, Mode.Throughput})
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Resolution warm4PathsMetered(WarmMetered s) {
        return s.env.resolver.resolve(s.connection, s.env.runAs, s.overrides);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Resolution cold(Cold s) {
        return s.env.resolver.resolve(s.connection, s.env.runAs, null);
    }
}
