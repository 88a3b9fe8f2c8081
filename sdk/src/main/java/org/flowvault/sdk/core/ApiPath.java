package org.flowvault.sdk.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path under {@code /api/v1/} built from segments, each escaped, plus query parameters: the one
 * place paths are made, so a name can never add a segment ({@code a/b}), climb one ({@code ..}) or
 * start a query ({@code ?}). Immutable.
 */
final class ApiPath {
    private final String path;

    private ApiPath(String path) {
        this.path = path;
    }

    /** {@code segments} joined by {@code /}, each escaped as one segment; a null or empty segment is refused. */
    static ApiPath of(String... segments) {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("a name in a Flowvault API path must not be empty");
            }
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(segment(s));
        }
        return new ApiPath(b.toString());
    }

    /** This path and one more segment. */
    ApiPath then(String segment) {
        return new ApiPath(path + "/" + of(segment).path);
    }

    /** This path with the query parameters given as name, value pairs; a null value leaves its parameter out. */
    ApiPath query(Object... namesAndValues) {
        List<String> params = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            if (v != null) {
                params.add(encode(String.valueOf(namesAndValues[i])) + "=" + encode(String.valueOf(v)));
            }
        }
        if (params.isEmpty()) {
            return this;
        }
        return new ApiPath(path + (path.contains("?") ? "&" : "?") + String.join("&", params));
    }

    /**
     * One segment: percent-encoded (a space as {@code %20}), and the dot segments {@code .} and
     * {@code ..} escaped as {@code %2E}, which URI resolution would otherwise remove, sending the
     * call to the parent resource (a connection named {@code ..} would delete the project).
     */
    static String segment(String name) {
        String s = encode(name);
        if (s.equals(".") || s.equals("..")) {
            return s.replace(".", "%2E");
        }
        return s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return path;
    }
}
