package org.flowvault.server.http;

import io.javalin.http.Context;

/**
 * Headers on every answer: a Content-Security-Policy that allows only this server's own scripts,
 * styles and connections (no inline script, no CDN), no framing, no MIME sniffing, no referrer.
 * Pages and API answers carrying user data are never cached.
 */
public final class SecurityHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }
}
