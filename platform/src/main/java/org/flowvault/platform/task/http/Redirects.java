package org.flowvault.platform.task.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskInputs;

/**
 * Sends one request and follows its redirects by hand, so that every hop's destination is checked
 * against the operator's egress list before anything connects to it (the JDK client, left to
 * follow redirects itself, would connect wherever a server points it).
 *
 * <p>As the JDK's {@code Redirect.NORMAL} and browsers do: 301 and 302 turn a POST into a GET,
 * 303 turns any method into a GET, both without the body and its headers; 307 and 308 keep method
 * and body; a redirect from https to http, to another scheme, or without a usable
 * {@code Location} is not followed (its answer is the result). Credentials — the authentication
 * header, {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and any header whose
 * name says it is secret — go to the first request's origin only.
 */
final class Redirects {
    /** Hops after the first request; more fails the step. */
    static final int MAX = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-encoding", "content-language", "content-location");

    /** What the task asked for; {@code body} null sends none, {@code credentialHeader} null: no authentication header. */
    record Request(String method, URI uri, Map<String, String> headers, String credentialHeader, byte[] body) {
    }

    /** The final answer, its body unread, and how many redirects led to it. */
    record Answer(HttpResponse<InputStream> response, int hops) {
    }

    private Redirects() {
    }

    /**
     * Sends {@code first}, following redirects when {@code follow}; each request gets the time left
     * before {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws TaskException INPUT when a hop's destination is not allowed, REMOTE after {@link #MAX} hops
     */
    static Answer send(HttpClient client, Request first, boolean follow, long deadlineNanos, TaskContext context)
            throws IOException, InterruptedException {
        Request current = first;
        for (int hop = 0; ; hop++) {
            check(context, current.uri(), hop == 0 ? null : first.uri());
            HttpResponse<InputStream> response = client.send(build(current, first.uri(), deadlineNanos),
                    HttpResponse.BodyHandlers.ofInputStream());
            Request next = follow ? next(current, response) : null;
            if (next == null) {
                return new Answer(response, hop);
            }
            response.body().close();
            if (hop == MAX) {
                throw new TaskException(TaskException.Kind.REMOTE, "HTTP " + first.method() + " to " + origin(first.uri())
                        + " was redirected more than " + MAX + " times; call the final URL directly or set follow_redirects: false");
            }
            current = next;
        }
    }

    private static void check(TaskContext context, URI uri, URI redirectedFrom) {
        try {
            context.egress().check("HTTP", uri.getScheme(), uri.getHost(), port(uri));
        } catch (TaskException e) {
            throw redirectedFrom == null ? e : TaskException.input("HTTP: " + origin(redirectedFrom)
                    + " redirected to a destination the operator does not allow; " + e.getMessage());
        }
    }

    /** The request a redirect answer asks for, or null when it is not a redirect to follow. */
    private static Request next(Request current, HttpResponse<?> response) {
        int status = response.statusCode();
        String location = response.headers().firstValue("Location").orElse(null);
        if (!REDIRECTS.contains(status) || location == null || location.isBlank()) {
            return null;
        }
        URI target;
        try {
            target = current.uri().resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null || target.getRawUserInfo() != null
                || current.uri().getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            return null;
        }
        boolean toGet = status == 303 || (status == 301 || status == 302) && current.method().equals("POST");
        return toGet ? new Request("GET", target, withoutBodyHeaders(current.headers()), current.credentialHeader(), null)
                : new Request(current.method(), target, current.headers(), current.credentialHeader(), current.body());
    }

    private static HttpRequest build(Request r, URI firstUri, long deadlineNanos) {
        boolean sameOrigin = origin(r.uri()).equals(origin(firstUri));
        long left = deadlineNanos - System.nanoTime();
        HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).timeout(Duration.ofNanos(Math.max(1_000_000, left)));
        r.headers().forEach((name, value) -> {
            if (sameOrigin || !isCredential(name, r.credentialHeader())) {
                b.header(name, value);
            }
        });
        b.method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        return b.build();
    }

    private static boolean isCredential(String name, String credentialHeader) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equalsIgnoreCase(Objects.requireNonNullElse(credentialHeader, "")) || n.equals("authorization")
                || n.equals("proxy-authorization") || n.equals("cookie") || TaskInputs.isSecretName(n);
    }

    private static Map<String, String> withoutBodyHeaders(Map<String, String> headers) {
        Map<String, String> out = new java.util.LinkedHashMap<>(headers);
        out.keySet().removeIf(h -> BODY_HEADERS.contains(h.toLowerCase(Locale.ROOT)));
        return out;
    }

    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** scheme://host:port: what may be shown of a destination (never a path, query or user info). */
    static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    }
}
