package org.flowvault.vault.server.telemetry;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The server's telemetry, as {@code sys/metrics} reports it: Vault's
 * {@code vault.core.handle_request} timing sample (milliseconds), request counts by status
 * ({@code vault.core.response_status_code}), whether the core is unsealed, and the runtime's
 * memory and threads. No path, token or value is ever a label.
 *
 * <p>Unlike Vault's in-memory sink (10-second intervals kept for a minute), values here are
 * cumulative since start, so a scraper's rate() works on them directly.
 *
 * <p>Thread-safe; {@link #request} is lock-free and allocation-free after a status was first seen.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/metrics">sys/metrics</a>
 */
public final class Telemetry {
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Instant started;
    private final BooleanSupplier unsealed;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sumMillis = new DoubleAdder();
    private final DoubleAdder sumSquares = new DoubleAdder();
    private final AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong maxNanos = new AtomicLong();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    /**
     * @param unsealed whether the core is unsealed now
     */
    public Telemetry(Clock clock, BooleanSupplier unsealed) {
        this.clock = clock;
        this.started = clock.instant();
        this.unsealed = unsealed;
    }

    /** One API request answered with {@code status} after {@code nanos}. */
    public void request(int status, long nanos) {
        double ms = nanos / 1e6;
        count.increment();
        sumMillis.add(ms);
        sumSquares.add(ms * ms);
        minNanos.accumulateAndGet(nanos, Math::min);
        maxNanos.accumulateAndGet(nanos, Math::max);
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** A gauge: name, value, labels. */
    record Gauge(String name, double value, Map<String, String> labels) {
    }

    /** An aggregate of observations (Vault's SampledValue): name, count, sum, min, max, mean, stddev, rate per second, labels. */
    record Sampled(String name, long count, double sum, double min, double max, double mean, double stddev, double rate,
                   Map<String, String> labels) {
    }

    List<Gauge> gauges() {
        Runtime rt = Runtime.getRuntime();
        return List.of(
                new Gauge("vault.core.unsealed", unsealed.getAsBoolean() ? 1 : 0, Map.of()),
                new Gauge("vault.runtime.alloc_bytes", rt.totalMemory() - rt.freeMemory(), Map.of()),
                new Gauge("vault.runtime.sys_bytes", rt.totalMemory(), Map.of()),
                new Gauge("vault.runtime.num_goroutines", ManagementFactory.getThreadMXBean().getThreadCount(), Map.of()));
    }

    /** {@code vault.core.handle_request}: request durations in milliseconds. */
    List<Sampled> samples() {
        long n = count.sum();
        double sum = sumMillis.sum();
        double mean = n == 0 ? 0 : sum / n;
        double variance = n < 2 ? 0 : Math.max(0, (sumSquares.sum() - n * mean * mean) / (n - 1));
        double min = n == 0 ? 0 : minNanos.get() / 1e6;
        double max = maxNanos.get() / 1e6;
        return List.of(new Sampled("vault.core.handle_request", n, sum, min, max, mean, Math.sqrt(variance), sum / uptimeSeconds(),
                Map.of()));
    }

    /** {@code vault.core.response_status_code}: requests by HTTP status. */
    List<Sampled> counters() {
        List<Sampled> out = new ArrayList<>();
        new TreeMap<>(statuses).forEach((status, adder) -> {
            long n = adder.sum();
            out.add(new Sampled("vault.core.response_status_code", n, n, 1, 1, 1, 0, n / uptimeSeconds(),
                    Map.of("code", Integer.toString(status), "type", status < 400 ? "success" : "error")));
        });
        return out;
    }

    private double uptimeSeconds() {
        return Math.max(1, Duration.between(started, clock.instant()).toMillis() / 1000.0);
    }

    /** Vault's JSON shape (go-metrics' summary): Timestamp, Gauges, Points, Counters, Samples. */
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Timestamp", GO_TIME.format(clock.instant()));
        List<Map<String, Object>> gauges = new ArrayList<>();
        for (Gauge g : gauges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", g.name());
            m.put("Value", g.value());
            m.put("Labels", g.labels());
            gauges.add(m);
        }
        out.put("Gauges", gauges);
        out.put("Points", List.of());
        out.put("Counters", sampled(counters()));
        out.put("Samples", sampled(samples()));
        return out;
    }

    private static List<Map<String, Object>> sampled(List<Sampled> values) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Sampled s : values) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", s.name());
            m.put("Count", s.count());
            m.put("Rate", s.rate());
            m.put("Sum", s.sum());
            m.put("Min", s.min());
            m.put("Max", s.max());
            m.put("Mean", s.mean());
            m.put("Stddev", s.stddev());
            m.put("Labels", s.labels());
            out.add(m);
        }
        return out;
    }

    /** The Prometheus text format (0.0.4): names with {@code _} for {@code .}, the timing as a summary in milliseconds. */
    public String prometheus() {
        StringBuilder b = new StringBuilder(1024);
        for (Gauge g : gauges()) {
            String name = prom(g.name());
            b.append("# HELP ").append(name).append(' ').append(name).append('\n');
            b.append("# TYPE ").append(name).append(" gauge\n");
            b.append(name).append(' ').append(number(g.value())).append('\n');
        }
        for (Sampled s : samples()) {
            String name = prom(s.name());
            b.append("# HELP ").append(name).append(' ').append(name).append('\n');
            b.append("# TYPE ").append(name).append(" summary\n");
            b.append(name).append("_sum ").append(number(s.sum())).append('\n');
            b.append(name).append("_count ").append(s.count()).append('\n');
        }
        List<Sampled> counters = counters();
        if (!counters.isEmpty()) {
            String name = prom("vault.core.response_status_code");
            b.append("# HELP ").append(name).append(' ').append(name).append('\n');
            b.append("# TYPE ").append(name).append(" counter\n");
            for (Sampled c : counters) {
                b.append(name).append("{code=\"").append(c.labels().get("code")).append("\",type=\"").append(c.labels().get("type"))
                        .append("\"} ").append(c.count()).append('\n');
            }
        }
        return b.toString();
    }

    private static String prom(String name) {
        return name.replace('.', '_');
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return "Telemetry[" + count.sum() + " requests]";
    }
}
