package org.flowvault.server.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flowvault.platform.Platform;
import org.flowvault.server.http.Api;
import org.flowvault.server.http.Routes;

/**
 * The probes, both without a credential:
 * <ul>
 *   <li>{@code GET /api/v1/health} — liveness: the process answers HTTP. Always 200.</li>
 *   <li>{@code GET /api/v1/ready} — readiness: 200 when the database answers within
 *       {@value #DATABASE_TIMEOUT_SECONDS} s and every shipped migration is applied, 503 otherwise.
 *       The body also summarises each enabled vault configuration's reachability by name
 *       ({@code reachable}, {@code sealed}, {@code unreachable}, {@code misconfigured}); a Vault
 *       outage does not make the node unready, because every node shares it and the cache may
 *       still serve — it shows as {@code "vault": "degraded"}.</li>
 * </ul>
 * No URL, address or error text is shown: the probes are public.
 */
public final class HealthRoutes {
    static final int DATABASE_TIMEOUT_SECONDS = 2;
    private static final Duration VAULT_TIMEOUT = Duration.ofSeconds(2);

    private HealthRoutes() {
    }

    public static void register(Routes routes, Platform platform) {
        routes.get("/api/v1/health", ctx -> Api.ok(ctx, Map.of("status", "ok")));
        routes.get("/api/v1/ready", ctx -> {
            Map<String, Object> body = readiness(platform);
            Api.json(ctx, "ready".equals(body.get("status")) ? 200 : 503, body);
        });
    }

    static Map<String, Object> readiness(Platform platform) {
        String database = database(platform);
        Map<String, String> vaults = "ok".equals(database)
                ? platform.vaults().reachability(VAULT_TIMEOUT)
                : Map.of(); // the configurations live in the database
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok".equals(database) ? "ready" : "unready");
        body.put("database", database);
        body.put("vault", vaults.values().stream().allMatch("reachable"::equals) ? "ok" : "degraded");
        body.put("vault_configurations", vaults);
        return body;
    }

    /** "ok", "unreachable" (no answer in time or an error) or "migrations_pending". */
    private static String database(Platform platform) {
        ExecutorService probe = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // the pool would wait its full connection timeout (30 s) for a dead database: bound the probe instead
            Future<Integer> pending = probe.submit(() -> {
                platform.database().jdbi().useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
                return platform.database().pendingMigrations();
            });
            return pending.get(DATABASE_TIMEOUT_SECONDS, TimeUnit.SECONDS) == 0 ? "ok" : "migrations_pending";
        } catch (TimeoutException | ExecutionException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable";
        } finally {
            probe.shutdownNow();
        }
    }
}
