package org.flowvault.platform.task.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskInputs;
import org.flowvault.platform.task.TaskResult;

/**
 * Sends one HTTP request.
 *
 * <p>Inputs: {@code url} (required; user info in it becomes basic authentication),
 * {@code method} (default GET), {@code headers} (name→value), {@code query} (name→value or list
 * of values, appended URL-encoded), {@code body} (text sent as is, or an object/list sent as
 * JSON with {@code Content-Type: application/json} unless a content type is given),
 * {@code timeout_seconds} (default 30 for the request and its redirects together, capped by the run's
 * deadline), {@code follow_redirects} (default true, at most {@value Redirects#MAX} hops, see
 * {@link Redirects}), {@code max_response_bytes} (default 10 MiB; a larger answer fails), and authentication: {@code auth} is {@code basic}, {@code bearer} or
 * {@code header}, either as an object {@code {type, username|user, password, token, name, value}}
 * or as text with the same keys as top-level inputs ({@code header_name}/{@code header_value} for
 * the header form), as connections and Vault secrets usually provide them.
 *
 * <p>Outputs: {@code status}, {@code headers} (lower-case name → values joined with ", "),
 * {@code body} (text), and {@code json} when the response's content type says JSON. A non-2xx
 * status is not a failure (check {@code status}); a timeout or connection failure is.
 * Cookies are kept in the run's {@link TaskContext#cookies()} jar; their values (set by a response,
 * held in the jar, or sent in a {@code Cookie} header) are declared {@link TaskContext#secret secret},
 * so logs and recorded outputs show them masked while later steps still read them.
 *
 * <p>Egress: before connecting, the URL's host and port — and those of every redirect — are
 * checked against {@link TaskContext#egress()}; no proxy is used. The check resolves the name and
 * refuses when any address is not allowed; the JDK client then resolves the name again when it
 * connects, normally from the JVM's address cache filled by the check (30 seconds by default), so a
 * name whose answer changes in between (DNS rebinding) can slip past only if that cache entry
 * expires in the instant between check and connect.
 */
public final class HttpTask implements Task {
    public static final String TYPE = "HTTP";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_TIMEOUT_SECONDS = 30;
    private static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
        TaskInputs in = TaskInputs.of(TYPE, inputs, context.masker());
        URI uri = uri(in, context);
        String method = in.string("method").orElse("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw in.invalid("method", "must be one of " + new java.util.TreeSet<>(METHODS));
        }
        Duration timeout = context.timeLeft(Duration.ofSeconds(in.number("timeout_seconds", 1, 86_400).orElse(DEFAULT_TIMEOUT_SECONDS)));
        boolean follow = in.bool("follow_redirects", true);
        long maxBytes = in.number("max_response_bytes", 1, Integer.MAX_VALUE - 8).orElse(DEFAULT_MAX_RESPONSE_BYTES);
        Map<String, String> headers = headers(in);
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Cookie")) {
                for (String pair : value.split(";")) {
                    context.secret(cookieValue(pair));
                }
            }
        });
        String auth = HttpAuth.header(in, uri, context.masker());
        String shown = SafeUrls.show(uri, context.masker());
        URI target = withoutUserInfo(uri);

        HttpRequest.Builder probe = HttpRequest.newBuilder(target);
        headers.forEach((name, value) -> {
            try {
                probe.header(name, value);
            } catch (IllegalArgumentException e) {
                throw in.invalid("headers", "contains a header the client may not set or an invalid name: \"" + name + "\"");
            }
        });
        byte[] body = body(in, headers);
        String authName = null;
        if (auth != null) {
            String name = HttpAuth.headerName(in);
            headers.keySet().removeIf(h -> h.equalsIgnoreCase(name));
            headers.put(name, auth);
            authName = name;
        }
        context.checkActive();

        Duration wait = timeout.isZero() ? Duration.ofMillis(1) : timeout;
        long deadline = System.nanoTime() + wait.toNanos();
        try (HttpClient client = HttpClient.newBuilder()
                .cookieHandler(context.cookies())
                .connectTimeout(wait)
                // every hop is checked against the egress list: the client neither follows redirects nor uses a proxy
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build()) {
            Redirects.Answer answer = Redirects.send(client, new Redirects.Request(method, target, headers, authName, body),
                    follow, deadline, context);
            HttpResponse<java.io.InputStream> response = answer.response();
            declareCookies(response, context);
            byte[] received;
            try (java.io.InputStream stream = response.body()) {
                received = stream.readNBytes((int) maxBytes + 1);
            }
            if (received.length > maxBytes) {
                throw new TaskException(TaskException.Kind.REMOTE, "HTTP " + method + " " + shown + ": the response is larger than "
                        + maxBytes + " bytes; raise max_response_bytes if it is expected");
            }
            context.log("HTTP " + method + " " + shown + " -> " + response.statusCode() + " (" + received.length + " bytes"
                    + (answer.hops() == 0 ? "" : ", after " + answer.hops() + " redirect" + (answer.hops() == 1 ? "" : "s")) + ")");
            return TaskResult.of(outputs(response, received));
        } catch (TaskException e) {
            throw new TaskException(e.kind(), context.mask(e.getMessage()));
        } catch (HttpConnectTimeoutException e) {
            throw new TaskException(TaskException.Kind.TIMEOUT, "HTTP " + method + " " + shown + ": could not connect within "
                    + seconds(timeout) + "; check the host and port, or raise timeout_seconds");
        } catch (HttpTimeoutException e) {
            throw new TaskException(TaskException.Kind.TIMEOUT, "HTTP " + method + " " + shown + " timed out after "
                    + seconds(timeout) + " without a response; raise timeout_seconds if the server is slow");
        } catch (IOException e) {
            throw new TaskException(TaskException.Kind.REMOTE, "HTTP " + method + " " + shown + " failed: "
                    + context.mask(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskException(TaskException.Kind.CANCELLED, "HTTP " + method + " " + shown + " was interrupted");
        }
    }

    /**
     * Session cookies are credentials: the values the response sets (also those the jar refuses,
     * which still show in the step's headers output) and every value in the run's jar (which holds
     * those set on redirect hops) are declared secret before anything is logged or recorded.
     */
    private static void declareCookies(HttpResponse<?> response, TaskContext context) {
        response.headers().map().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Set-Cookie") || name.equalsIgnoreCase("Set-Cookie2")) {
                values.forEach(v -> context.secret(cookieValue(v)));
            }
        });
        context.cookies().getCookieStore().getCookies().forEach(c -> context.secret(c.getValue()));
    }

    /** The value of {@code name=value} or of a Set-Cookie header's first pair ({@code name=value; Path=/...}), unquoted. */
    static String cookieValue(String pair) {
        int semi = pair.indexOf(';');
        String first = semi < 0 ? pair : pair.substring(0, semi);
        String value = first.substring(first.indexOf('=') + 1).strip();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static URI uri(TaskInputs in, TaskContext context) {
        String url = in.requireString("url", "give the URL to call, e.g. https://api.example.com/items");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw in.invalid("url", "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw in.invalid("url", "must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            if (colon >= 0) {
                context.masker().register(URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, Object> query = in.map("query").orElse(Map.of());
        if (query.isEmpty()) {
            return uri;
        }
        StringBuilder q = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        query.forEach((name, value) -> {
            List<?> values = value instanceof List<?> l ? l : java.util.Collections.singletonList(value);
            for (Object v : values) {
                if (v instanceof Map || v instanceof List) {
                    throw in.wrongType("query." + name, v, "a text, number or boolean (or a list of them)");
                }
                q.append(q.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
                if (v != null) {
                    q.append('=').append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
                }
            }
        });
        return URI.create(uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + "?" + q
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String s = uri.toString();
        return URI.create(s.replaceFirst("//[^/@]*@", "//"));
    }

    private static Map<String, String> headers(TaskInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.map("headers").orElse(Map.of()).forEach((name, value) -> {
            if (value instanceof Map || value instanceof List) {
                throw in.wrongType("headers." + name, value, "a text");
            }
            if (value != null) {
                out.put(name, value.toString());
            }
        });
        return out;
    }

    /** The body to send (null: none); adds its content type to {@code headers} unless one is given. */
    private static byte[] body(TaskInputs in, Map<String, String> headers) {
        Object body = in.raw("body");
        if (body == null) {
            return null;
        }
        boolean typed = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        if (body instanceof String s) {
            if (!typed) {
                headers.put("Content-Type", "text/plain; charset=utf-8");
            }
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            byte[] json = JSON.writeValueAsBytes(body);
            if (!typed) {
                headers.put("Content-Type", "application/json");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw in.wrongType("body", body, "a text or a JSON object/list");
        }
    }

    private static Map<String, Object> outputs(HttpResponse<?> response, byte[] body) {
        Map<String, Object> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
            }
        });
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String text = new String(body, charset(contentType));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", response.statusCode());
        out.put("headers", headers);
        out.put("body", text);
        String mediaType = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            try {
                out.put("json", text.isBlank() ? null : JSON.readValue(text, Object.class));
            } catch (JsonProcessingException e) {
                out.put("json", null);
            }
        }
        return out;
    }

    private static Charset charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", ""));
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Basic authentication's header value. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "HttpTask";
    }

}
