package org.flowvault.server.openapi;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.server.http.Routes;

/**
 * The browsable API reference at {@code /api/docs}: Swagger UI from its webjar in our own jar (no
 * CDN) reading {@code /api/openapi.json}. The page has no inline script, so it works under the
 * strict Content-Security-Policy it is served with: Swagger UI's initializer is the served
 * {@code docs-init.js}. Only the listed files are served, never a path the request names.
 */
final class ApiReference {
    /** Our page and initializer, beside this class. */
    private static final String OWN = "/org/flowvault/server/openapi/docs/";
    /** The Swagger UI files the page loads, by name; nothing else of the webjar is reachable. */
    private static final Map<String, String> FILES = Map.of(
            "docs-init.js", "text/javascript",
            "swagger-ui.css", "text/css",
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui-standalone-preset.js", "text/javascript",
            "favicon-32x32.png", "image/png");
    /**
     * Scripts and styles from this origin only; Swagger UI draws its icons as {@code data:} SVG
     * and sets element styles, which {@code style-src 'unsafe-inline'} covers (no script does).
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String webjar;

    private ApiReference(String webjar) {
        this.webjar = webjar;
    }

    static void register(Routes r) {
        ApiReference ref = new ApiReference("/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/");
        r.get("/api/docs", ctx -> ref.send(ctx, OWN + "index.html", "text/html; charset=utf-8"));
        r.get("/api/docs/{file}", ctx -> {
            String name = ctx.pathParam("file");
            String type = FILES.get(name);
            if (type == null) {
                throw new PlatformException(PlatformException.Reason.NOT_FOUND,
                        "no such file of the API reference; the page is at /api/docs");
            }
            ref.send(ctx, (name.equals("docs-init.js") ? OWN : ref.webjar) + name, type);
        });
    }

    private void send(Context ctx, String resource, String type) throws IOException {
        InputStream in = ApiReference.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the API reference file " + resource + " is missing from the build");
        }
        try (in) {
            ctx.status(200).contentType(type)
                    .header("Content-Security-Policy", CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-cache")
                    .result(in.readAllBytes());
        }
    }

    /** The version of the swagger-ui webjar on the class path, from its Maven metadata. */
    private static String swaggerUiVersion() {
        try (InputStream in = ApiReference.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the swagger-ui webjar's version", e);
        }
    }
}
