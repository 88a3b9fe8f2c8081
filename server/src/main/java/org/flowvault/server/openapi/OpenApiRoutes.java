package org.flowvault.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.flowvault.server.http.Api;
import org.flowvault.server.http.Routes;

/**
 * Serves the API's OpenAPI 3.1 document, kept by hand in {@code openapi.yaml} beside the routes
 * (a test checks that it lists exactly the routes the server registers), as JSON, with a
 * {@code servers} entry naming the address the request reached; and the browsable reference on
 * it at {@code /api/docs} ({@link ApiReference}).
 */
public final class OpenApiRoutes {
    private static final String RESOURCE = "/org/flowvault/server/openapi/openapi.yaml";

    private OpenApiRoutes() {
    }

    /** A host as a Host header carries it: a name or IPv4 address, or an IPv6 one in brackets, and an optional port. */
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]{2,45}]|[A-Za-z0-9.-]{1,253})(:\\d{1,5})?");

    public static void register(Routes r) {
        JsonNode doc = document();
        r.get("/api/openapi.json", ctx -> Api.ok(ctx, served(doc, servedAddress(ctx))));
        ApiReference.register(r);
    }

    /** The document with {@code address} as its one server. */
    static JsonNode served(JsonNode doc, String address) {
        ObjectNode copy = doc.deepCopy();
        copy.putArray("servers").addObject().put("url", address).put("description", "the server that served this document");
        return copy;
    }

    /**
     * The address the client reached: its {@code Host} header (a load balancer's
     * {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} first) when well-formed, else this
     * listener's own address. It only shapes the document this client reads.
     */
    static String servedAddress(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String scheme = proto != null && proto.strip().matches("(?i)https?") ? proto.strip().toLowerCase(Locale.ROOT) : ctx.scheme();
        for (String host : new String[] {ctx.header("X-Forwarded-Host"), ctx.header("Host")}) {
            if (host != null && HOST.matcher(host.strip()).matches()) {
                return scheme + "://" + host.strip();
            }
        }
        String local = ctx.req().getLocalAddr();
        return scheme + "://" + (local.contains(":") ? "[" + local + "]" : local) + ":" + ctx.req().getLocalPort();
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
