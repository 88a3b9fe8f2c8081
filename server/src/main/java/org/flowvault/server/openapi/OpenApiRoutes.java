package org.flowvault.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.flowvault.server.http.Api;
import org.flowvault.server.http.Routes;

/**
 * Serves the API's OpenAPI 3.1 document, kept by hand in {@code openapi.yaml} beside the routes
 * (a test checks that it lists exactly the routes the server registers), as JSON and as YAML.
 */
public final class OpenApiRoutes {
    private static final String RESOURCE = "/org/flowvault/server/openapi/openapi.yaml";

    private OpenApiRoutes() {
    }

    public static void register(Routes r) {
        JsonNode doc = document();
        r.get("/api/openapi.json", ctx -> Api.ok(ctx, doc));
    }

    /** The document as a JSON tree. */
    public static JsonNode document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document " + RESOURCE + " cannot be read", e);
        }
    }
}
