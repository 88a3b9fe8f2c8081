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

    /** Characters that reorder displayed text (U+202E and kin): a path shown in a terminal must read as it is. */
    static boolean isBidi(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
    }
}
