package org.flowvault.server.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The browser's session: the platform session token in an HttpOnly, SameSite=Strict cookie (Secure
 * when the page was served over TLS), and the CSRF token that every state-changing request made with
 * that cookie must carry ({@code _csrf} form field or {@code X-CSRF-Token} header).
 *
 * <p>The CSRF token is derived from the session token (a SHA-256 under a fixed label), so every node
 * computes the same one without shared state, and a page on another origin — which can neither read
 * the HttpOnly cookie nor our pages — cannot compute it.
 */
public final class SessionCookie {
    public static final String NAME = "fv_session";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private SessionCookie() {
    }

    /** The session token the browser sent, or null. */
    public static String read(Context ctx) {
        String value = ctx.cookie(NAME);
        return value == null || value.isBlank() ? null : value;
    }

    /** Sets the cookie to {@code token} until {@code expiresAt}. */
    public static void set(Context ctx, String token, Instant expiresAt) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        ctx.res().addHeader("Set-Cookie", NAME + "=" + token + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (servedOverTls(ctx) ? "; Secure" : ""));
    }

    public static void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (servedOverTls(ctx) ? "; Secure" : ""));
    }

    /** The CSRF token of the session {@code sessionToken}. */
    public static String csrfToken(String sessionToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("flowvault csrf v1\0" + sessionToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** True when the request carries the CSRF token of {@code sessionToken} in the header or the form. */
    public static boolean csrfValid(Context ctx, String sessionToken) {
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null && isForm(ctx)) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                csrfToken(sessionToken).getBytes(StandardCharsets.UTF_8));
    }

    /** GET, HEAD and OPTIONS change nothing; everything else needs the CSRF token. */
    public static boolean isSafe(Context ctx) {
        String m = ctx.method().name();
        return m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS");
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    private static boolean servedOverTls(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
