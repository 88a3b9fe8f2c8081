package org.flowvault.platform.reference;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for the Vault paths users write: attached secrets ({@code [config:]path}), paths
 * in references, and paths secrets are written to. A path is segments separated by {@code /};
 * no segment is empty, {@code .} or {@code ..} (a path never climbs out of its mount); no
 * control, bidirectional-formatting, {@code ?} or {@code #} character; a segment is at most
 * {@value #MAX_SEGMENT_BYTES} bytes in UTF-8 and the path at most {@value #MAX_PATH_BYTES}, so
 * that it fits the file names and paths of Vault's file storage. Checked when a connection or
 * flow is saved, and again before Vault is asked.
 */
public final class VaultPaths {
    /** The longest path segment, in UTF-8 bytes (the embedded Vault's limit: a segment becomes a file name, encrypted). */
    public static final int MAX_SEGMENT_BYTES = 128;
    /** The longest path, in UTF-8 bytes. */
    public static final int MAX_PATH_BYTES = 1024;

    private VaultPaths() {
    }

    /**
     * What is wrong with {@code path} (without leading or trailing slashes), or empty when it is
     * valid. The problem never quotes the path.
     */
    public static Optional<String> problem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("the path is empty");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Escaping.isControl(c) || isBidi(c)) {
                return Optional.of("the path holds a control or bidirectional-formatting character (at position " + (i + 1) + ")");
            }
            if (c == '?' || c == '#') {
                return Optional.of("the path must not contain '?' or '#'");
            }
        }
        int at = path.lastIndexOf('@');
        if (at > 0 && at < path.length() - 1 && path.charAt(at - 1) != '/' && path.substring(at + 1).chars().allMatch(Character::isDigit)
                && pin(path).version() == 0) {
            return Optional.of("a version pinned after '@' must be a number from 1 (such as secret/db@3), at most 18 digits");
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            return Optional.of("the path is " + bytes + " bytes long; the limit is " + MAX_PATH_BYTES + " bytes (UTF-8)");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("the path has an empty, \".\" or \"..\" segment; a path names each segment and stays in its mount");
            }
            int n = segment.getBytes(StandardCharsets.UTF_8).length;
            if (n > MAX_SEGMENT_BYTES) {
                return Optional.of("a path segment is " + n + " bytes long; the limit is " + MAX_SEGMENT_BYTES + " bytes (UTF-8)");
            }
        }
        return Optional.empty();
    }

    /**
     * A path split into the secret's path and a pinned KV v2 version. The one rule, for attached
     * secrets, references and {@code vault://} alike: a path ending in {@code @N} (N: digits, a
     * version from 1) is version N of the path before it; a path ending in {@code @latest} is the
     * latest version of the path before it (the way to name a secret whose own name ends in
     * {@code @N}: {@code secret/x@5@latest}); any other {@code @} is part of the path
     * ({@code secret/user@example.com}, {@code secret/team@corp/db}).
     *
     * @param path    the path without the suffix
     * @param version the pinned version, or 0 for the latest
     */
    public record Pinned(String path, long version) {
        /** The text that reads back as this: the path, then {@code @N}, or {@code @latest} when the path itself ends like a pin. */
        public String text() {
            if (version > 0) {
                return path + "@" + version;
            }
            return pin(path).path().equals(path) && !path.endsWith("@latest") ? path : path + "@latest";
        }
    }

    /** {@code path} split by the rule of {@link Pinned}; a version that is 0 or too long is left for {@link #problem} to refuse. */
    public static Pinned pin(String path) {
        int at = path.lastIndexOf('@');
        if (at <= 0 || at == path.length() - 1 || path.charAt(at - 1) == '/') {
            return new Pinned(path, 0);
        }
        String suffix = path.substring(at + 1);
        if (suffix.equals("latest")) {
            return new Pinned(path.substring(0, at), 0);
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (suffix.charAt(i) < '0' || suffix.charAt(i) > '9') {
                return new Pinned(path, 0);
            }
        }
        if (suffix.length() > 18 || Long.parseLong(suffix) == 0) {
            return new Pinned(path, 0);
        }
        return new Pinned(path.substring(0, at), Long.parseLong(suffix));
    }

    /** Characters that reorder displayed text (U+202E and kin): a path shown in a terminal must read as it is. */
    static boolean isBidi(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
    }
}
