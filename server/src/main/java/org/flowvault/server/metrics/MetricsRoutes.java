package org.flowvault.server.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.flowvault.server.http.Api;

/**
 * {@code GET /metrics}: the Prometheus text exposition. Readable without a login (it carries no
 * secret) unless the operator set a metrics token, which scrapers then send as
 * {@code Authorization: Bearer <token>}. Outside {@code /api}: it is not part of the REST API or
 * its OpenAPI document, and platform credentials do not open it.
 */
public final class MetricsRoutes {
    /** Prometheus' text format, as its scrapers negotiate it. */
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoutes() {
    }

    /**
     * @param token the bearer token scrapers must send, or null for open access
     */
    public static void register(RoutesConfig routes, PrometheusMetrics metrics, String token) {
        byte[] expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        routes.get("/metrics", ctx -> {
            if (expected != null && !authorized(ctx, expected)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"flowvault-metrics\"");
                Api.json(ctx, 401, Api.errorBody("UNAUTHENTICATED",
                        "the metrics need the operator's metrics token: send Authorization: Bearer <metrics token>"));
                return;
            }
            ctx.status(200).contentType(CONTENT_TYPE).result(metrics.scrape());
        });
    }

    private static boolean authorized(Context ctx, byte[] expected) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // constant time: the comparison must not tell how much of a guess was right
        return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), expected);
    }
}
