package org.flowvault.server;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.flowvault.platform.Platform;
import org.flowvault.server.audit.AuditRoutes;
import org.flowvault.server.connection.ConnectionRoutes;
import org.flowvault.server.credential.CredentialRoutes;
import org.flowvault.server.flow.FlowRoutes;
import org.flowvault.server.health.HealthRoutes;
import org.flowvault.server.http.HttpSetup;
import org.flowvault.server.http.Routes;
import org.flowvault.server.identity.IdentityRoutes;
import org.flowvault.server.metrics.MetricsRoutes;
import org.flowvault.server.metrics.PrometheusMetrics;
import org.flowvault.server.openapi.OpenApiRoutes;
import org.flowvault.server.vaultconfig.VaultConfigRoutes;


/**
 * The platform's HTTP API — JSON under {@code /api/v1}, its OpenAPI document at
 * {@code /api/openapi.json}, the browsable reference at {@code /api/docs} — the web UI at {@code /},
 * Prometheus metrics at {@code /metrics} and the probes {@code /api/v1/health} and
 * {@code /api/v1/ready}. Every API route except login, the probes, the document and the reference requires
 * {@code Authorization: Bearer <API key or session token>}. Errors are
 * {@code {"error": {"reason", "message"}}} with the status of the reason; messages never carry a
 * secret.
 *
 * <p>Javalin on Jetty with virtual threads. {@link #close()} stops the listener; the platform is
 * the caller's to close.
 */
public final class ApiServer implements AutoCloseable {
    private final Javalin app;
    private final String host;
    private final List<Routes.Route> routes;

    private ApiServer(Javalin app, String host, List<Routes.Route> routes) {
        this.app = app;
        this.host = host;
        this.routes = routes;
    }

    /**
     * Starts the API for {@code platform} on {@code host:port} (port 0 picks a free one).
     *
     * @throws RuntimeException when the address cannot be bound
     */
    public static ApiServer start(Platform platform, String host, int port) {
        return start(platform, host, port, Options.defaults());
    }

    /**
     * As {@link #start(Platform, String, int)}, with the operator's options. {@code /metrics} serves
     * the platform's {@link PrometheusMetrics} when it was built with one, else a registry of this
     * server's own (JVM, pool, cache, runs: no per-event counts).
     */
    public static ApiServer start(Platform platform, String host, int port, Options options) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(options, "options");
        PrometheusMetrics metrics = (platform.metrics() instanceof PrometheusMetrics m ? m : PrometheusMetrics.create()).bind(platform);
        List<Routes.Route> registered = new ArrayList<>();
        Javalin app = Javalin.create(config -> {
            HttpSetup.configure(config, platform.authenticator(), WebUi::notFound);
            MetricsRoutes.register(config.routes, metrics, options.metricsToken());
            Routes routes = new Routes(config.routes, OpenApiRoutes.document());
            HealthRoutes.register(routes, platform);
            IdentityRoutes.register(routes, platform);
            VaultConfigRoutes.register(routes, platform);
            ConnectionRoutes.register(routes, platform);
            FlowRoutes.register(routes, platform);
            CredentialRoutes.register(routes, platform);
            AuditRoutes.register(routes, platform);
            OpenApiRoutes.register(routes);
            WebUi.register(config, platform);
            registered.addAll(routes.registered());
        });
        app.start(host, port);
        return new ApiServer(app, host, List.copyOf(registered));
    }

    public int port() {
        return app.port();
    }

    /** The base address, e.g. {@code http://127.0.0.1:8080}. */
    public String address() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /** The API routes this server answers (for checking the OpenAPI document against). */
    public List<Routes.Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
    }

    /**
     * What the operator sets on the API server.
     *
     * @param metricsToken the bearer token {@code /metrics} requires, or null to serve it without one
     */
    public record Options(String metricsToken) {
        public Options {
            if (metricsToken != null && metricsToken.strip().length() < 16) {
                throw new IllegalArgumentException("the metrics token must be at least 16 characters (e.g. openssl rand -hex 24), or unset");
            }
            metricsToken = metricsToken == null ? null : metricsToken.strip();
        }

        /** /metrics open, as Prometheus expects by default. */
        public static Options defaults() {
            return new Options(null);
        }
    }
}
