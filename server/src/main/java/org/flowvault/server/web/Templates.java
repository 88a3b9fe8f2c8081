package org.flowvault.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the jte templates under {@code server/src/main/jte}, precompiled into classes at build
 * time (no compiler at run time). Content type HTML: every {@code ${value}} is escaped for the
 * place it appears in, so a name holding {@code <script>} renders as text.
 */
public final class Templates {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Templates() {
    }

    /** Renders {@code template} (e.g. {@code "connection/list.jte"}) with {@code params} as the answer, status 200. */
    public static void render(Context ctx, String template, Map<String, Object> params) {
        render(ctx, 200, template, params);
    }

    public static void render(Context ctx, int status, String template, Map<String, Object> params) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(renderToString(template, params));
    }

    /** The rendered text (for benchmarks and tests). */
    public static String renderToString(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput(8192);
        ENGINE.render(template, params, out);
        return out.toString();
    }
}
