package org.flowvault.vault.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.flowvault.vault.server.core.ApiReply;
import org.flowvault.vault.server.core.TextBody;
import org.flowvault.vault.server.core.ApiRequest;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * Vault's HTTP front door on Javalin (Jetty 12, virtual threads): {@code /v1/*} for every method
 * Vault uses (GET, POST, PUT, PATCH, DELETE, LIST, HEAD). Parses JSON and form bodies within the
 * size limit, reads the token from {@code X-Vault-Token} or {@code Authorization: Bearer}, rejects
 * traversal, and writes {@code Content-Type: application/json} answers.
 *
 * <p>With {@code benchmarkNoop} it also answers {@code GET /bench/noop} (outside {@code /v1}, so no
 * Vault path can collide): the same Javalin/Jetty/virtual-thread stack and JSON writer, but no
 * Vault core. {@code bench/} measures KV throughput against it as the HTTP stack's ceiling.
 */
public final class HttpApi {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "LIST", "HEAD");
    private static final Map<String, Object> NOOP_BODY = Map.of("data", Map.of("ok", true));
    /** Request threads: Jetty's selectors and acceptors take a few; idle keep-alive connections take none. */
    private static final int MAX_THREADS = 256;
    private static final int MIN_THREADS = 8;
    private static final int IDLE_TIMEOUT_MS = 60_000;
    /**
     * The longest path segment after /v1/, in UTF-8 bytes. The file storage keeps a segment as a
     * file name after the barrier encrypts it (28 bytes of nonce and tag, then base64: 128 bytes
     * become 208) and a put's temporary file adds 43 more: 251 of the 255 a file name may have.
     */
    public static final int MAX_SEGMENT_BYTES = 128;
    /** The longest path after /v1/, in UTF-8 bytes. */
    public static final int MAX_PATH_BYTES = 1024;

    private final Core core;
    private final long maxRequestBytes;
    private final boolean benchmarkNoop;
    private Javalin app;

    public HttpApi(Core core, long maxRequestBytes) {
        this(core, maxRequestBytes, false);
    }

    /** {@code benchmarkNoop} registers {@code GET /bench/noop}; off outside benchmarks. */
    public HttpApi(Core core, long maxRequestBytes, boolean benchmarkNoop) {
        this.core = core;
        this.maxRequestBytes = maxRequestBytes;
        this.benchmarkNoop = benchmarkNoop;
    }

    /** Starts listening; {@code tls} is null for plain HTTP. Port 0 picks a free port. */
    public void start(String host, int port, TlsFiles.Loaded tls) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Platform threads, not virtual ones: a virtual thread is never preempted, and Jetty
            // keeps serving a connection on the same thread while its client has the next request
            // ready, so with few cores some connections starved behind others. Requests with a
            // body showed it (POST p99 15x a GET's at 32 clients; bench/run-kv-bench.sh). The
            // kernel time-slices platform threads; the pool bounds them.
            config.concurrency.useVirtualThreads = false;
            config.jetty.threadPool = threadPool();
            config.http.maxRequestSize = Long.MAX_VALUE; // the limit is enforced while reading, for Vault's 413
            config.router.ignoreTrailingSlashes = false;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyHttpConfiguration(h -> {
                h.setUriCompliance(UriCompliance.UNSAFE); // let traversal reach us, to answer it in Vault's JSON
                h.setSendServerVersion(false);
            });
            if (tls != null) {
                config.jetty.addConnector((server, httpConfig) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    // As Vault's listener: ask every client for a certificate, require none, and leave
                    // verifying it to the cert auth method (which knows the mount's trusted certificates).
                    ssl.setSslContext(ClientCertificates.serverContext(tls));
                    ssl.setWantClientAuth(true);
                    HttpConfiguration https = new HttpConfiguration(httpConfig);
                    SecureRequestCustomizer src = new SecureRequestCustomizer();
                    src.setSniHostCheck(false);
                    https.addCustomizer(src);
                    ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
                    c.setHost(host);
                    c.setPort(port);
                    return c;
                });
            }
            new EventSubscriptions(core).register(config);
            for (String m : METHODS) {
                config.routes.addHttpHandler(HandlerType.findOrCreate(m), "/v1/<path>", this::serve);
            }
            if (benchmarkNoop) {
                config.routes.addHttpHandler(HandlerType.GET, "/bench/noop", ctx -> writeJson(ctx, 200, NOOP_BODY));
            }
            config.routes.error(404, "*", ctx -> {
                if (!ctx.res().isCommitted()) {
                    writeJson(ctx, 404, Map.of("errors", List.of()));
                }
            });
            config.routes.error(405, "*", ctx -> writeJson(ctx, 405, Map.of("errors", List.of("unsupported operation"))));
            config.routes.exception(VaultError.class, (e, ctx) -> writeJson(ctx, e.status(), ApiReply.error(e).body()));
            config.routes.exception(Exception.class, (e, ctx) -> writeJson(ctx, 500, Map.of("errors", List.of("internal error"))));
        });
        if (tls != null) {
            app.start();
        } else {
            app.start(host, port);
        }
    }

    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, IDLE_TIMEOUT_MS);
        pool.setName("vault-http");
        return pool;
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    public void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void serve(Context ctx) {
        ApiReply reply;
        try {
            reply = core.handle(parse(ctx));
        } catch (VaultError e) {
            reply = ApiReply.error(e);
            if (e.status() == 413) {
                // The oversized body stays unread: tell the client this connection ends here.
                ctx.res().setHeader("Connection", "close");
            }
        }
        if (reply.body() == null) {
            ctx.status(reply.status());
            return;
        }
        if (ctx.method() == HandlerType.HEAD) {
            ctx.status(reply.status());
            return;
        }
        if (reply.body() instanceof TextBody text) {
            ctx.status(reply.status()).header("Cache-Control", "no-store").contentType(text.contentType()).result(text.text());
            return;
        }
        writeJson(ctx, reply.status(), reply.body());
    }

    /**
     * Writes the JSON straight to the servlet stream with its length: going through
     * {@code ctx.result(bytes)} copies every answer through a fresh 32 KiB buffer.
     */
    private static void writeJson(Context ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = ServerJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = "{\"errors\":[\"internal error\"]}".getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        HttpServletResponse res = ctx.res();
        res.setStatus(status);
        res.setHeader("Cache-Control", "no-store");
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        try {
            res.getOutputStream().write(bytes);
        } catch (IOException e) {
            // the client went away; nothing left to answer
        }
    }

    private ApiRequest parse(Context ctx) {
        String method = ctx.req().getMethod().toUpperCase();
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        // Read the body before any check can refuse the request: an unread body makes Jetty drop
        // the connection after the answer, and a client reusing it would see no response at all.
        byte[] raw = hasBody ? readLimited(ctx) : null;
        String path = apiPath(ctx.req().getRequestURI());
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        boolean list = parseBool(query.get("list"));
        String contentType = ctx.req().getContentType();
        Map<String, Object> data;
        if (hasBody) {
            if (method.equals("PATCH")) {
                String ct = contentType == null ? "" : contentType.split(";")[0].trim();
                if (!ct.equalsIgnoreCase("application/merge-patch+json")) {
                    throw VaultError.of(415, "PATCH requires Content-Type of application/merge-patch+json, provided " + ct);
                }
            }
            data = body(raw, contentType);
        } else {
            data = new LinkedHashMap<>(query);
            data.remove("list");
        }
        String token = ctx.header("X-Vault-Token");
        if (token == null || token.isEmpty()) {
            String auth = ctx.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = auth.substring(7).trim();
            }
        }
        return new ApiRequest(method, path, list, data, token, ctx.header("X-Vault-Namespace"), contentType,
                ctx.req().getRemoteAddr(), query, ctx.header("X-Vault-Wrap-TTL"), clientCertificates(ctx));
    }

    /** The chain the client presented in the TLS handshake; the cert auth method verifies it, not the listener. */
    private static List<X509Certificate> clientCertificates(Context ctx) {
        Object chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return chain instanceof X509Certificate[] certs ? List.of(certs) : List.of();
    }

    /** Go's strconv.ParseBool, which Vault uses for {@code ?list=}: 1, t, true (any case). */
    static boolean parseBool(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("t") || v.equalsIgnoreCase("true"));
    }

    /** The path after /v1/, percent-decoded, refusing traversal and control characters. */
    static String apiPath(String rawUri) {
        String raw = rawUri.substring("/v1/".length());
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw VaultError.badRequest("invalid path: malformed percent-encoding");
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw VaultError.badRequest("invalid path: \"..\" and \".\" segments are not allowed");
            }
        }
        for (int i = 0; i < decoded.length(); i++) {
            if (decoded.charAt(i) < 0x20 || decoded.charAt(i) == 0x7f) {
                throw VaultError.badRequest("invalid path: control characters are not allowed");
            }
        }
        if (decoded.contains("//") || decoded.startsWith("/")) {
            throw VaultError.badRequest("invalid path: empty path segments are not allowed");
        }
        checkLengths(decoded);
        if (decoded.isEmpty()) {
            throw VaultError.notFound();
        }
        return decoded;
    }

    /**
     * Path segments become file names in the file storage and paths become file paths: longer
     * ones are refused here, before any backend builds a storage key from them.
     */
    private static void checkLengths(String path) {
        int total = path.getBytes(StandardCharsets.UTF_8).length;
        if (total > MAX_PATH_BYTES) {
            throw VaultError.badRequest("invalid path: the path is " + total + " bytes long; the limit is " + MAX_PATH_BYTES + " bytes");
        }
        for (String segment : path.split("/", -1)) {
            int n = segment.getBytes(StandardCharsets.UTF_8).length;
            if (n > MAX_SEGMENT_BYTES) {
                throw VaultError.badRequest("invalid path: a path segment is " + n + " bytes long; the limit is "
                        + MAX_SEGMENT_BYTES + " bytes");
            }
        }
    }

    private Map<String, Object> body(byte[] bytes, String contentType) {
        // As Vault's isForm(): a form content type with a JSON-looking body is JSON (curl -d '{...}').
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded") && !looksLikeJson(bytes)) {
            Map<String, Object> form = new LinkedHashMap<>();
            String s = new String(bytes, StandardCharsets.UTF_8);
            for (String pair : s.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.put(k, v);
            }
            return form;
        }
        if (isBlank(bytes)) {
            return new LinkedHashMap<>();
        }
        try {
            return ServerJson.readRequest(bytes);
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage());
            throw VaultError.badRequest("failed to parse JSON input: " + (m.contains("nesting depth")
                    ? "JSON input exceeds the maximum nesting depth of " + ServerJson.MAX_REQUEST_DEPTH
                    : "a JSON string exceeds the maximum length of " + ServerJson.MAX_REQUEST_STRING + " characters"));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw VaultError.badRequest("failed to parse JSON input: the body must be a JSON object");
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "invalid JSON" : e.getMessage().split("\n")[0];
            // Jackson quotes a fragment of the input; drop it so no secret is echoed back.
            int quote = msg.indexOf(" (");
            throw VaultError.badRequest("failed to parse JSON input: " + (quote > 0 ? msg.substring(0, quote) : msg));
        }
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * How much of a rejected body is read and dropped before the connection closes, as Go's
     * net/http does (256 KiB): closing a socket with unread bytes resets it, and a client still
     * sending its body would then get no answer instead of the 413. A larger body is not read.
     */
    private static final long DRAIN_BYTES = 256 * 1024;

    private static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[8192];
        long left = DRAIN_BYTES;
        int n;
        while (left > 0 && (n = in.read(skip, 0, (int) Math.min(skip.length, left))) >= 0) {
            left -= n;
        }
    }

    private byte[] readLimited(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxRequestBytes) {
            if (declared <= DRAIN_BYTES) {
                try (InputStream in = ctx.req().getInputStream()) {
                    drain(in);
                } catch (IOException e) {
                    // the client went away: nobody reads the 413 either
                }
            }
            throw VaultError.of(413, "http: request body too large");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            // With a Content-Length, read exactly that (one allocation); otherwise up to the limit.
            int want = declared >= 0 ? (int) declared : (int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1);
            byte[] out = in.readNBytes(want);
            if (declared < 0 && out.length > maxRequestBytes) {
                drain(in);
                throw VaultError.of(413, "http: request body too large");
            }
            if (declared >= 0 && in.read() != -1) {
                throw VaultError.badRequest("failed to read request body: more bytes than Content-Length");
            }
            return out;
        } catch (IOException e) {
            throw VaultError.badRequest("failed to read request body: " + e.getMessage());
        }
    }
}
