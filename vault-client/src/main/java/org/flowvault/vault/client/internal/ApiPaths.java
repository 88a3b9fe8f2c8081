package org.flowvault.vault.client.internal;

import java.nio.charset.StandardCharsets;

/**
 * Checks and normalizes the mounts and secret paths callers pass, and percent-encodes an API path
 * for the request line. Stateless. Not public API.
 */
public final class ApiPaths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ApiPaths() {
    }

    /**
     * A mount as given ("secret", "/team/secrets/") without surrounding slashes; refuses empty
     * mounts and empty, "." or ".." segments, which Vault would refuse too but less clearly.
     */
    public static String mount(String mount) {
        if (mount == null) {
            throw new IllegalArgumentException("mount must not be null: pass the engine's mount path, such as \"secret\"");
        }
        String m = strip(mount);
        if (m.isEmpty()) {
            throw new IllegalArgumentException("mount must not be empty: pass the engine's mount path, such as \"secret\"");
        }
        checkSegments("mount", m);
        return m;
    }

    /** A secret path below a mount without surrounding slashes; refuses empty paths. */
    public static String path(String path) {
        String p = relative(path);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty: name the secret below the mount, such as \"app/db\"");
        }
        return p;
    }

    /** A path that may be empty (the mount root, for lists). */
    public static String relative(String path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null (use \"\" for the mount root)");
        }
        String p = strip(path);
        if (!p.isEmpty()) {
            checkSegments("path", p);
        }
        return p;
    }

    /** {@code base} + "/" + {@code rest}, where rest may be empty. */
    public static String join(String base, String rest) {
        return rest.isEmpty() ? base : base + "/" + rest;
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    private static void checkSegments(String what, String p) {
        if (p.indexOf('?') >= 0) {
            // The transport reads '?' as the start of the query string.
            throw new IllegalArgumentException(what + " \"" + p + "\" contains '?', which Vault paths cannot carry");
        }
        int start = 0;
        while (start <= p.length()) {
            int slash = p.indexOf('/', start);
            int end = slash < 0 ? p.length() : slash;
            int len = end - start;
            if (len == 0 || (len == 1 && p.charAt(start) == '.') || (len == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.')) {
                throw new IllegalArgumentException(what + " \"" + p + "\" has an empty, \".\" or \"..\" segment");
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
    }

    /**
     * Percent-encodes what a URI path may not hold literally (space, '?', '#', '%', non-ASCII...),
     * keeping '/' as the separator. Returns the input itself when nothing needs encoding, which is
     * the common case and costs one scan.
     */
    public static String encode(String path) {
        int i = 0;
        int n = path.length();
        while (i < n && allowed(path.charAt(i))) {
            i++;
        }
        if (i == n) {
            return path;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(path, 0, i);
        byte[] rest = path.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : rest) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && allowed(c)) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /** RFC 3986 pchar plus '/', less '+', which some servers decode as a space in paths. */
    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '/'
                || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*'
                || c == ',' || c == ';' || c == '=' || c == ':' || c == '@';
    }
}
