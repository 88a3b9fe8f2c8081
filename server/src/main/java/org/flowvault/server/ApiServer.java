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
import org.flowvault.server.http.HttpSetup;
import org.flowvault.server.http.Routes;
import org.flowvault.server.identity.IdentityRoutes;
import org.flowvault.server.openapi.OpenApiRoutes;
import org.flowvault.server.vaultconfig.VaultConfigRoutes;
import org.flowvault.server.web.WebUi;

/**
 * The platform's HTTP API — JSON under {@code /api/v1}, its OpenAPI document at
 * {@code /api/openapi.json}, the browsable reference at {@code /api/docs} — and the web UI at
 * {@code /}. Every API route except login, health, the document and the reference requires
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
        Objects.requireNonNull(platform, "platform");
        List<Routes.Route> registered = new ArrayList<>();
        Javalin app = Javalin.create(config -> {
            HttpSetup.configure(config, platform.authenticator(), WebUi::notFound);
            Routes routes = new Routes(config.routes, OpenApiRoutes.document());
            HttpSetup.health(routes);
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
}
