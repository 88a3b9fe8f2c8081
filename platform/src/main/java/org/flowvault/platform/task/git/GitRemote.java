package org.flowvault.platform.task.git;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;
import org.flowvault.platform.task.TaskInputs;

/**
 * A repository URL the GIT task may hand to JGit: {@code https://}, {@code http://},
 * {@code ssh://} or the scp-like {@code user@host:path}, with a host. Everything else — local
 * paths, {@code file://}, bundles, {@code git://} (unauthenticated and unencrypted),
 * {@code ext::} and {@code fd::} commands, other schemes — is refused before JGit sees it. The
 * host and port are read the way JGit reads them (its {@link URIish}) and must agree with a
 * standard URI parser, so that what is checked is what is contacted.
 *
 * @param url    the URL as JGit gets it
 * @param scheme {@code https}, {@code http} or {@code ssh}
 * @param host   the host (an IPv6 address without brackets)
 * @param port   the port, the scheme's default when the URL has none
 */
record GitRemote(String url, String scheme, String host, int port) {
    private static final Pattern SCP_LIKE = Pattern.compile("([A-Za-z0-9._~+-]+)@([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):(.+)");
    private static final String ALLOWED = "must be a remote repository URL: https://, http://, ssh:// or user@host:path";

    /** @throws org.flowvault.platform.task.TaskException INPUT naming {@code repository_url} and what is allowed */
    static GitRemote parse(TaskInputs in, String url) {
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw in.invalid("repository_url", ALLOWED + ", without spaces or control characters");
        }
        int sep = url.indexOf("://");
        String scheme = sep > 0 ? url.substring(0, sep).toLowerCase(Locale.ROOT) : null;
        if (scheme == null) {
            Matcher scp = SCP_LIKE.matcher(url);
            if (!scp.matches() || url.contains("::") && !scp.group(2).startsWith("[")) {
                throw in.invalid("repository_url", ALLOWED + "; local paths, file://, bundles and transports such as ext:: "
                        + "are not allowed");
            }
            return checked(in, url, "ssh", unbracket(scp.group(2)), 22);
        }
        switch (scheme) {
            case "https", "http", "ssh" -> {
            }
            case "file" -> throw in.invalid("repository_url", ALLOWED + "; local paths and file:// are not allowed");
            case "git" -> throw in.invalid("repository_url", ALLOWED + "; git:// (unauthenticated and unencrypted) is not "
                    + "supported: use the server's https:// or ssh:// URL");
            default -> throw in.invalid("repository_url", ALLOWED + "; other schemes are not supported");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw in.invalid("repository_url", "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw in.invalid("repository_url", ALLOWED + ", with a host and a path and no query or fragment");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> 22;
        };
        return checked(in, url, scheme, unbracket(uri.getHost()), port);
    }

    /** Refuses a URL that JGit would read with another scheme, host or port than {@code scheme}, {@code host}, {@code port}. */
    private static GitRemote checked(TaskInputs in, String url, String scheme, String host, int port) {
        URIish jgit;
        try {
            jgit = new URIish(url);
        } catch (URISyntaxException e) {
            throw in.invalid("repository_url", "is not a URL git can use: " + e.getReason());
        }
        String jgitScheme = jgit.getScheme() == null ? "ssh" : jgit.getScheme().toLowerCase(Locale.ROOT);
        int jgitPort = jgit.getPort() > 0 ? jgit.getPort() : port;
        if (!jgitScheme.equals(scheme) || jgit.getHost() == null || !unbracket(jgit.getHost()).equalsIgnoreCase(host) || jgitPort != port) {
            throw in.invalid("repository_url", "is ambiguous: git and the standard URL rules read a different host or port in it");
        }
        return new GitRemote(url, scheme, host.toLowerCase(Locale.ROOT), port);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** scheme://host:port of a URL JGit is about to contact, for comparing origins; null when it has no host. */
    static String origin(URIish uri) {
        if (uri.getHost() == null) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "ssh" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> 22;
        };
        return scheme + "://" + unbracket(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** scheme://host:port of this remote. */
    String origin() {
        return scheme + "://" + host + ":" + port;
    }
}
