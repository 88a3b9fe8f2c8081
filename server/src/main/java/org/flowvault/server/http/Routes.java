package org.flowvault.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers API routes and remembers them, so a test can check that the OpenAPI document
 * describes exactly the routes the server answers. The body of every POST, PUT and PATCH is read
 * and checked before its handler runs: JSON within {@link Api}'s limits, an object, and only the
 * fields the OpenAPI document lists for the route ({@link RequestBodies}); a handler gets it
 * from {@link Api#body}.
 */
public final class Routes {
    /** One registered route, e.g. {@code GET /api/v1/me}. */
    public record Route(String method, String path) {
    }

    private final RoutesConfig config;
    private final RequestBodies bodies;
    private final List<Route> registered = new ArrayList<>();

    /** Routes whose request bodies are checked against {@code openApi}, the served OpenAPI document. */
    public Routes(RoutesConfig config, JsonNode openApi) {
        this.config = config;
        this.bodies = RequestBodies.of(openApi);
    }

    public void get(String path, Handler h) {
        registered.add(new Route("GET", path));
        config.get(path, h);
    }

    public void post(String path, Handler h) {
        registered.add(new Route("POST", path));
        config.post(path, checked("POST", path, h));
    }

    public void put(String path, Handler h) {
        registered.add(new Route("PUT", path));
        config.put(path, checked("PUT", path, h));
    }

    public void patch(String path, Handler h) {
        registered.add(new Route("PATCH", path));
        config.patch(path, checked("PATCH", path, h));
    }

    public void delete(String path, Handler h) {
        registered.add(new Route("DELETE", path));
        config.delete(path, h);
    }

    public List<Route> registered() {
        return List.copyOf(registered);
    }

    private Handler checked(String method, String path, Handler h) {
        return ctx -> {
            var body = Api.read(ctx.bodyAsBytes());
            bodies.check(method, path, body);
            ctx.attribute(Api.BODY, body);
            h.handle(ctx);
        };
    }
}
