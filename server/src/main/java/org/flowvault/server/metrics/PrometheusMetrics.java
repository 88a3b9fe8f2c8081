package org.flowvault.server.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.RunStatus;
import org.flowvault.platform.metrics.PlatformMetrics;
import org.flowvault.vault.client.core.VaultClient.RequestObserver;

/**
 * The platform's metrics in a Micrometer Prometheus registry, served at {@code /metrics}.
 *
 * <p>Events ({@link PlatformMetrics}) land on meters registered up front — every outcome of a
 * fixed set, and per vault configuration when its client is built — so the hot path only
 * increments. State (secret cache counts, runs queued, tokens due for renewal, the database pool,
 * the JVM) is read when scraped, after {@link #bind(Platform)}.
 *
 * <p>Labels: outcomes and statuses from fixed sets, and vault configuration names; never a path,
 * user value or secret. Thread-safe.
 *
 * <pre>{@code
 * PrometheusMetrics metrics = PrometheusMetrics.create();
 * Platform platform = Platform.builder().database(db).masterKey(key).metrics(metrics).build();
 * ApiServer.start(platform, "0.0.0.0", 8080);   // serves metrics.scrape() at /metrics
 * }</pre>
 */
public final class PrometheusMetrics implements PlatformMetrics {
    /** How long values read from the database serve successive gauges of one scrape. */
    private static final long STATE_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter resolved;
    private final Map<PlatformException.Reason, Counter> failed = new EnumMap<>(PlatformException.Reason.class);
    private final Map<Renewal, Counter> renewals = new EnumMap<>(Renewal.class);
    private final Map<String, Timer> runDurations = new ConcurrentHashMap<>();
    private final Map<String, RequestObserver> vaults = new ConcurrentHashMap<>();
    private final Map<String, Map<Revalidation, Counter>> revalidations = new ConcurrentHashMap<>();
    private boolean bound;

    private PrometheusMetrics() {
        resolved = resolutions("success");
        for (PlatformException.Reason r : PlatformException.Reason.values()) {
            failed.put(r, resolutions(r.name().toLowerCase(Locale.ROOT)));
        }
        for (Renewal r : Renewal.values()) {
            renewals.put(r, Counter.builder("flowvault.token.renewals").description("Token renewal attempts by outcome")
                    .tag("outcome", r.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (RunStatus s : RunStatus.values()) {
            if (s.isFinal()) {
                runDurations.put(s.label(), runTimer(s.label()));
            }
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** An empty registry with the JVM's meters; attach it to a platform with {@code Platform.Builder.metrics}. */
    public static PrometheusMetrics create() {
        return new PrometheusMetrics();
    }

    private Counter resolutions(String outcome) {
        return Counter.builder("flowvault.resolutions").description("Connection resolutions (and previews) by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Timer runTimer(String status) {
        return Timer.builder("flowvault.run.duration").description("Duration of runs executed on this node, by final status")
                .tag("status", status).publishPercentileHistogram().register(registry);
    }

    @Override
    public void resolution(PlatformException.Reason failure) {
        (failure == null ? resolved : failed.get(failure)).increment();
    }

    @Override
    public RequestObserver vaultRequests(String configurationName) {
        return vaults.computeIfAbsent(configurationName, name -> {
            Timer ok = vaultTimer(name, "success");
            Timer error = vaultTimer(name, "error");
            return (nanos, failure) -> (failure == null ? ok : error).record(nanos, TimeUnit.NANOSECONDS);
        });
    }

    private Timer vaultTimer(String configuration, String outcome) {
        return Timer.builder("flowvault.vault.requests").description("Requests to Vault per vault configuration: latency, and errors as outcome=error")
                .tags("configuration", configuration, "outcome", outcome).publishPercentileHistogram().register(registry);
    }

    @Override
    public void revalidation(String configurationName, Revalidation outcome) {
        revalidations.computeIfAbsent(configurationName, name -> {
            Map<Revalidation, Counter> byOutcome = new EnumMap<>(Revalidation.class);
            for (Revalidation r : Revalidation.values()) {
                byOutcome.put(r, Counter.builder("flowvault.secret.cache.revalidations")
                        .description("Expired KV v2 cache entries checked with the metadata read, by configuration and outcome "
                                + "(unchanged: kept without rereading; changed/unknown: reread)")
                        .tags("configuration", name, "outcome", r.name().toLowerCase(Locale.ROOT)).register(registry));
            }
            return byOutcome;
        }).get(outcome).increment();
    }

    @Override
    public void tokenRenewal(Renewal outcome) {
        renewals.get(outcome).increment();
    }

    @Override
    public void runEnded(String status, Duration duration) {
        runDurations.computeIfAbsent(status, this::runTimer).record(duration);
    }

    /**
     * Registers the meters read from {@code platform} when scraped: secret cache hits, misses and
     * stale serves; runs queued, running and waiting (all nodes) and active here; tokens due for
     * renewal; the database pool. Idempotent.
     */
    public synchronized PrometheusMetrics bind(Platform platform) {
        if (bound) {
            return this;
        }
        bound = true;
        var cache = platform.secretCache();
        FunctionCounter.builder("flowvault.secret.cache.hits", cache, c -> c.hitCount())
                .description("Secrets served from the node's cache without asking Vault").register(registry);
        FunctionCounter.builder("flowvault.secret.cache.misses", cache, c -> c.missCount())
                .description("Secret lookups that had to read from Vault").register(registry);
        FunctionCounter.builder("flowvault.secret.cache.stale.serves", cache, c -> c.staleCount())
                .description("Expired secrets served, marked stale, because Vault was unreachable or sealed").register(registry);
        Gauge.builder("flowvault.secret.cache.size", cache, c -> c.size()).description("Cached secrets (all identities)")
                .register(registry);
        Snapshot<Map<RunStatus, Long>> runs = new Snapshot<>(() -> platform.runs().unfinishedCounts());
        for (RunStatus s : RunStatus.values()) {
            if (!s.isFinal()) {
                gauge("flowvault.runs", "Runs not yet finished, on every node, by status", Tags.of("status", s.label()), runs,
                        r -> r.get().getOrDefault(s, 0L));
            }
        }
        gauge("flowvault.run.queue.depth", "Runs waiting for a node to claim them (every node)", Tags.empty(), runs,
                r -> r.get().getOrDefault(RunStatus.QUEUED, 0L));
        Gauge.builder("flowvault.runs.active", platform.runs(), r -> r.activeOnThisNode())
                .description("Runs executing on this node").register(registry);
        gauge("flowvault.tokens.expiring", "Active user tokens within their configuration's renewal threshold of expiring",
                Tags.empty(), platform.renewal(), r -> r.expiringWithinThreshold());
        if (platform.database().dataSource() instanceof HikariDataSource pool) {
            pool(pool);
        }
        return this;
    }

    private <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private void pool(HikariDataSource pool) {
        Tags tags = Tags.of("pool", pool.getPoolName());
        Map<String, ToDoubleFunction<HikariPoolMXBean>> values = Map.of(
                "active", HikariPoolMXBean::getActiveConnections,
                "idle", HikariPoolMXBean::getIdleConnections,
                "pending", HikariPoolMXBean::getThreadsAwaitingConnection,
                "total", HikariPoolMXBean::getTotalConnections);
        values.forEach((what, f) -> gauge("hikaricp.connections." + what, "Database pool connections: " + what, tags, pool,
                p -> p.getHikariPoolMXBean() == null ? Double.NaN : f.applyAsDouble(p.getHikariPoolMXBean())));
        gauge("hikaricp.connections.max", "Database pool size limit", tags, pool, p -> p.getMaximumPoolSize());
    }

    /** Everything in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The underlying registry, for meters of the embedding application. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "PrometheusMetrics[" + registry.getMeters().size() + " meters]";
    }

    /** A value read from the database at most once per scrape, shared by the gauges that show its parts. */
    private static final class Snapshot<T> {
        private final java.util.function.Supplier<T> read;
        private T value;
        private long readAt;

        Snapshot(java.util.function.Supplier<T> read) {
            this.read = read;
        }

        synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - readAt > STATE_MAX_AGE_NANOS) {
                value = read.get();
                readAt = now;
            }
            return value;
        }
    }
}
