package org.flowvault.platform.vaultconfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.flowvault.platform.error.PlatformException;

/**
 * The operator's allow-list of Vault servers admins may configure, so that an admin account cannot
 * point the platform at arbitrary hosts (internal services, metadata endpoints). Given at start-up,
 * immutable, thread-safe.
 *
 * <p>Entries are either
 * <ul>
 *   <li>URL prefixes — {@code https://vault.example.com:8200} or {@code https://gw.example.com/vault}:
 *       same scheme, host and port, and a path that starts with the entry's path at a segment
 *       boundary; or</li>
 *   <li>host patterns — {@code vault.example.com}, {@code *.example.com} (any subdomain),
 *       {@code 127.0.0.1:8200} (that port only): any http/https URL on a matching host; or</li>
 *   <li>{@code *} — any URL (development only).</li>
 * </ul>
 */
public final class UrlAllowList {
    private final List<String> entries;
    private final List<Rule> rules;

    private record Rule(String scheme, String hostPattern, int port, String pathPrefix) {
    }

    private UrlAllowList(List<String> entries, List<Rule> rules) {
        this.entries = entries;
        this.rules = rules;
    }

    /**
     * @throws IllegalArgumentException naming an entry that is neither a URL nor a host pattern
     */
    public static UrlAllowList of(List<String> entries) {
        Objects.requireNonNull(entries, "entries");
        List<Rule> rules = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String raw : entries) {
            String e = raw == null ? "" : raw.strip();
            if (e.isEmpty()) {
                continue;
            }
            kept.add(e);
            rules.add(parse(e));
        }
        return new UrlAllowList(List.copyOf(kept), List.copyOf(rules));
    }

    /** Allows any URL: for dev mode and tests only. */
    public static UrlAllowList allowAll() {
        return of(List.of("*"));
    }

    private static Rule parse(String e) {
        if (e.equals("*")) {
            return new Rule(null, "*", -1, "");
        }
        if (e.contains("://")) {
            URI u;
            try {
                u = new URI(e);
            } catch (URISyntaxException x) {
                throw new IllegalArgumentException("allow-list entry '" + e + "' is not a valid URL");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("allow-list entry '" + e + "' must be an http(s) URL with a host");
            }
            String path = u.getPath() == null ? "" : u.getPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return new Rule(scheme, u.getHost().toLowerCase(Locale.ROOT), port(scheme, u.getPort()), path);
        }
        String host = e;
        int port = -1;
        int colon = e.startsWith("[") ? e.indexOf("]:") + 1 : e.indexOf(':') == e.lastIndexOf(':') ? e.indexOf(':') : -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(e.substring(colon + 1));
                host = e.substring(0, colon);
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("allow-list entry '" + e + "' has a bad port");
            }
        }
        if (!host.matches("(\\*\\.)?[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalArgumentException("allow-list entry '" + e + "' is neither a URL (https://host:port) nor a host pattern "
                    + "(vault.example.com, *.example.com)");
        }
        return new Rule(null, host.toLowerCase(Locale.ROOT), port, null);
    }

    private static int port(String scheme, int port) {
        return port != -1 ? port : scheme.equals("https") ? 443 : 80;
    }

    /** True when {@code url} is allowed. */
    public boolean allows(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = port(scheme, url.getPort());
        String path = url.getPath() == null ? "" : url.getPath();
        for (Rule r : rules) {
            if (r.hostPattern().equals("*")) {
                return true;
            }
            if (r.scheme() != null) {
                if (r.scheme().equals(scheme) && r.hostPattern().equals(host) && r.port() == port
                        && (r.pathPrefix().isEmpty() || path.equals(r.pathPrefix()) || path.startsWith(r.pathPrefix() + "/"))) {
                    return true;
                }
                continue;
            }
            boolean hostOk = r.hostPattern().startsWith("*.")
                    ? host.endsWith(r.hostPattern().substring(1)) && host.length() > r.hostPattern().length() - 1
                    : r.hostPattern().equals(host);
            if (hostOk && (r.port() == -1 || r.port() == port)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws PlatformException INVALID naming the URL and saying the operator must add it
     */
    public void check(URI url) {
        if (!allows(url)) {
            throw PlatformException.invalid("vault URL " + safe(url) + " is not on the operator's allow-list of Vault servers"
                    + (entries.isEmpty() ? " (the list is empty)" : " " + entries)
                    + "; the operator must add it (a URL prefix or host pattern) to the allow-list in the server configuration");
        }
    }

    /** The URL without user info, which may hold a password. */
    static String safe(URI url) {
        if (url == null) {
            return "null";
        }
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.getScheme() + "://<user-info>@" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** The entries as given. */
    public List<String> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "UrlAllowList" + entries;
    }
}
