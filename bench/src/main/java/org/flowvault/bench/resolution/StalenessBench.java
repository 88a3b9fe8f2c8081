package org.flowvault.bench.resolution;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.vaultconfig.VaultAccess;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.server.VaultServer;

/**
 * Vault requests and staleness of the secret cache under an outside writer, on simulated time:
 * RESOLUTIONS resolutions of one random path each, spread evenly over 10 simulated minutes (the
 * cache's clock is injected, nothing waits), while a writer outside Flowvault changes 1% of the
 * paths every simulated minute. Staleness of a resolution: how long ago the value it got was
 * superseded (0 when current). Strategies, each on a fresh cache and the same seed:
 * <ul>
 * <li>blind TTL: a 60 s TTL, then a full reread (a KV v1 mount: the cache cannot revalidate there);
 * <li>revalidation: KV v2, 60 s TTL, then the metadata read decides;
 * <li>revalidation with a 5 s interval (1 h TTL);
 * <li>events: KV v2, 1 h TTL, the cache subscribed to the embedded server's change events over
 *     a real WebSocket; after each outside write the simulated clock waits (wall clock) until the
 *     event has invalidated the cache, and that delivery time is reported apart.
 * </ul>
 * Vault requests are counted by the resolver's client: one mount lookup, metadata reads, secret reads.
 * Usage: {@code StalenessBench [resolutions] [paths]}; prints a Markdown table.
 */
public final class StalenessBench {
    private static final Duration SPAN = Duration.ofMinutes(10);

    private StalenessBench() {
    }

    enum Strategy {
        BLIND_TTL("blind TTL 60 s (full reread)", "kv1", Duration.ofSeconds(60), null, false),
        REVALIDATE("revalidation, TTL 60 s", "kv2", Duration.ofSeconds(60), null, false),
        REVALIDATE_5S("revalidation interval 5 s", "kv2", Duration.ofHours(1), Duration.ofSeconds(5), false),
        EVENTS("events (invalidate on write), TTL 1 h", "kv2", Duration.ofHours(1), null, true);

        final String label;
        final String mount;
        final Duration ttl;
        final Duration interval;
        final boolean events;

        Strategy(String label, String mount, Duration ttl, Duration interval, boolean events) {
            this.label = label;
            this.mount = mount;
            this.ttl = ttl;
            this.interval = interval;
            this.events = events;
        }
    }

    record Result(Strategy strategy, long requests, long metadataReads, long staleResolutions, Duration worst, Duration mean) {
    }

    public static void main(String[] args) {
        int resolutions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int paths = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        try (VaultServer server = VaultServer.builder().dev().listen("127.0.0.1", 0).start();
             VaultClient root = VaultClient.create(VaultClientConfig.builder().address(server.address()).token(VaultToken.of(server.rootToken())).build())) {
            root.sys().enableMount("kv1", MountRequest.builder("kv").option("version", "1").build());
            root.sys().enableMount("kv2", MountRequest.builder("kv").option("version", "2").build());
            List<Result> results = new ArrayList<>();
            for (Strategy s : Strategy.values()) {
                results.add(run(s, server, root, resolutions, paths));
            }
            System.out.printf("%,d resolutions over %d simulated minutes, %d paths, outside writer changes 1%% of the paths per minute%n%n",
                    resolutions, SPAN.toMinutes(), paths);
            System.out.println("| strategy | Vault requests | of which metadata reads | secret reads (data returned) | requests saved vs blind TTL "
                    + "| stale resolutions | worst staleness | mean staleness of stale ones |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            long blind = results.getFirst().requests();
            for (Result r : results) {
                System.out.printf("| %s | %,d | %,d | %,d | %s | %,d | %s | %s |%n", r.strategy().label, r.requests(), r.metadataReads(),
                        r.requests() - r.metadataReads() - 1,
                        r.strategy() == Strategy.BLIND_TTL ? "-" : String.format("%.0f%%", 100.0 * (blind - r.requests()) / blind),
                        r.staleResolutions(), human(r.worst()), human(r.mean()));
            }
            if (deliveries > 0) {
                System.out.printf("%nevents: %,d deliveries over the WebSocket, write answered -> cache invalidated: mean %.2f ms, worst %.2f ms (wall clock)%n",
                        deliveries, totalDeliveryNanos / 1e6 / deliveries, worstDeliveryNanos / 1e6);
            }
        }
    }

    private static Result run(Strategy s, VaultServer server, VaultClient root, int resolutions, int paths) {
        String prefix = "run-" + s.name().toLowerCase() + "/p";
        long[] current = new long[paths];          // the value's generation Vault holds
        long[] supersededAt = new long[paths * 256]; // when generation g of path i was replaced, by i*64+g
        for (int i = 0; i < paths; i++) {
            root.kv(s.mount).put(prefix + i, Map.of("generation", 0));
        }
        AtomicLong now = new AtomicLong(1_000_000_000L);
        AtomicLong requests = new AtomicLong();
        SecretCache cache = s.events ? SecretCache.localWithChangeEvents(now::get) : SecretCache.local(now::get);
        long writes = 0;
        try (VaultClient base = VaultClient.builder().config(VaultClientConfig.builder().address(server.address()).build())
                .observer((nanos, failure) -> requests.incrementAndGet()).build()) {
            VaultConfiguration config = VaultConfiguration.builder().name("bench-" + s.name().toLowerCase().replace('_', '-'))
                    .url(URI.create(server.address())).authMethod(VaultConfiguration.AuthMethod.SHARED_TOKEN).kvMount(s.mount)
                    .cacheTtl(s.ttl).revalidationInterval(s.interval).build();
            VaultIdentity identity = new VaultIdentity("config:" + config.id(), base.withToken(VaultToken.of(server.rootToken())));
            Caller runAs = new Caller(UUID.randomUUID(), "bench", Role.MEMBER);
            UUID project = UUID.randomUUID();
            Resolver resolver = new Resolver(access(config, identity), everyone(project), null, cache);
            Connection[] connections = new Connection[paths];
            for (int i = 0; i < paths; i++) {
                connections[i] = connection(project, s.mount + "/" + prefix + i);
            }
            Random random = new Random(42);
            Random writer = new Random(7);
            long step = SPAN.toNanos() / resolutions;
            long minute = Duration.ofMinutes(1).toNanos();
            long start = now.get();
            long nextWrites = start + minute / 2;
            int perMinute = Math.max(1, paths / 100);
            long staleCount = 0;
            long worst = 0;
            long staleSum = 0;
            for (int n = 0; n < resolutions; n++) {
                long t = start + n * step;
                while (nextWrites <= t) {
                    now.set(nextWrites);
                    for (int w = 0; w < perMinute; w++) {
                        int i = writer.nextInt(paths);
                        current[i]++;
                        supersededAt[i * 256 + (int) current[i] - 1] = nextWrites;
                        if (s.events) {
                            awaitEvent(cache, config, writes, false); // subscribed (the first resolution subscribes asynchronously)
                        }
                        root.kv(s.mount).put(prefix + i, Map.of("generation", current[i]));
                        writes++;
                        if (s.events) {
                            awaitEvent(cache, config, writes, true);
                        }
                    }
                    nextWrites += minute;
                }
                now.set(t);
                int i = random.nextInt(paths);
                long served = ((Number) resolver.resolve(connections[i], runAs, null).inputs().get("generation")).longValue();
                if (served < current[i]) {
                    long staleness = t - supersededAt[i * 256 + (int) served];
                    staleCount++;
                    staleSum += staleness;
                    worst = Math.max(worst, staleness);
                }
            }
            return new Result(s, requests.get(), cache.revalidatedUnchangedCount() + cache.revalidatedChangedCount(), staleCount, Duration.ofNanos(worst), Duration.ofNanos(staleCount == 0 ? 0 : staleSum / staleCount));
        } finally {
            cache.close();
        }
    }

    /** Worst and total wall-clock time from a write's answer to its event invalidating the cache. */
    static long worstDeliveryNanos;
    static long totalDeliveryNanos;
    static long deliveries;

    /**
     * Waits (wall clock, spinning) until the server's event for the {@code writes}-th write has
     * invalidated the cache, so the simulated clock only moves on once it was delivered.
     */
    private static void awaitEvent(SecretCache cache, VaultConfiguration config, long writes, boolean measure) {
        long t0 = System.nanoTime();
        while (!cache.eventsConnected(config.id()) || cache.eventInvalidationCount() < writes) {
            if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                throw new IllegalStateException("no change event within 30 s (subscribed: " + cache.eventsConnected(config.id()) + ")");
            }
            Thread.onSpinWait();
        }
        long took = System.nanoTime() - t0;
        if (!measure) {
            return; // waited for the subscription, not for a delivery
        }
        worstDeliveryNanos = Math.max(worstDeliveryNanos, took);
        totalDeliveryNanos += took;
        deliveries++;
    }

    private static String human(Duration d) {
        return d.isZero() ? "0" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static Connection connection(UUID project, String path) {
        ConnectionInput in = ConnectionInput.builder().name("c" + Math.abs(path.hashCode())).type("SQLPG").value("host: db1")
                .vaultSecrets(List.of(path)).build();
        Instant t = Instant.now();
        return new Connection(UUID.randomUUID(), project, in.name(), in.type(), in.value(), in.valueText(), in.vaultSecrets(),
                in.description(), t, t);
    }

    private static VaultAccess access(VaultConfiguration config, VaultIdentity identity) {
        return new VaultAccess() {
            @Override
            public List<VaultConfiguration> usableIn(UUID projectId) {
                return List.of(config);
            }

            @Override
            public Optional<VaultConfiguration> find(String name, UUID projectId) {
                return name.equals(config.name()) ? Optional.of(config) : Optional.empty();
            }

            @Override
            public VaultIdentity identity(VaultConfiguration c, Caller caller) {
                return identity;
            }
        };
    }

    private static ProjectMembership everyone(UUID project) {
        return new ProjectMembership() {
            @Override
            public boolean canUse(Caller caller, UUID projectId) {
                return true;
            }

            @Override
            public UUID requireUsable(Caller caller, String name) {
                return project;
            }
        };
    }
}
