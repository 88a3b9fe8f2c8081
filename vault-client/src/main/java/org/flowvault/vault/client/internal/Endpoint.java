package org.flowvault.vault.client.internal;

import java.net.URI;

/**
 * Where requests go: scheme, host and port to connect to, the Host header, and the base path that
 * precedes {@code /v1/}. Parsed once from the configured address (or a redirect's target).
 *
 * @param tls       whether to speak TLS
 * @param host      the host to connect to and verify (an IPv6 literal without brackets)
 * @param port      the TCP port
 * @param authority the Host header's value
 * @param base      the origin as text, "https://host:port", for messages and redirect checks
 * @param prefix    the request-target prefix up to and including "/v1/", such as "/v1/" or "/vault/v1/"
 */
record Endpoint(boolean tls, String host, int port, String authority, String base, String prefix) {

    /** From an absolute http(s) URI; its path (a prefix such as "/vault") comes before "/v1/". */
    static Endpoint of(URI address) {
        boolean tls = "https".equalsIgnoreCase(address.getScheme());
        String host = address.getHost();
        if (host == null) {
            throw new IllegalArgumentException("the address has no host: " + address);
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = address.getPort() >= 0 ? address.getPort() : tls ? 443 : 80;
        String authority = address.getPort() >= 0 ? host + ":" + address.getPort() : host;
        String path = address.getRawPath() == null ? "" : address.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String origin = (tls ? "https://" : "http://") + authority;
        return new Endpoint(tls, bare, port, authority, origin, path + "/v1/");
    }

    /** The pool key: requests to the same key may share connections. */
    String key() {
        return base;
    }
}
