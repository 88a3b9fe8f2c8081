package org.flowvault.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers API routes and remembers them, so a test can check that the OpenAPI document
 * describes exactly the routes the server answers.
 */
public final class Routes {
    /** One registered route, e.g. {@code GET /api/v1/me}. */
    public record Route(String method, String path) {
    }

    private final RoutesConfig config;
    private final List<Route> registered = new ArrayList<>();

    public Routes(RoutesConfig config) {
        this.config = config;
    }

    public void get(String path, Handler h) {
        registered.add(new Route("GET", path));
        config.get(path, h);
    }

    public void post(String path, Handler h) {
        registered.add(new Route("POST", path));
        config.post(path, h);
    }

    public void put(String path, Handler h) {
        registered.add(new Route("PUT", path));
        config.put(path, h);
    }

    public void patch(String path, Handler h) {
        registered.add(new Route("PATCH", path));
        config.patch(path, h);
    }

    public void delete(String path, Handler h) {
        registered.add(new Route("DELETE", path));
        config.delete(path, h);
    }

    public List<Route> registered() {
        return List.copyOf(registered);
    }
}
