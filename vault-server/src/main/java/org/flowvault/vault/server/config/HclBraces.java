package org.flowvault.vault.server.config;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks that braces and brackets in HCL text pair up, skipping strings, comments and heredocs.
 *
 * <p>hcl4j accepts an unclosed block silently: it swallows the rest of the file into the open block
 * (so a following {@code listener} becomes a key of {@code storage}) or drops a stray {@code }}.
 * The resulting errors would point far from the typo, so this check runs first and names the line.
 */
final class HclBraces {
    private final String text;
    private final String fileName;
    private int pos;
    private int line = 1;

    private HclBraces(String text, String fileName) {
        this.text = text;
        this.fileName = fileName;
    }

    /** Throws a {@link ConfigException} naming the line of the first unbalanced brace, if any. */
    static void check(String text, String fileName) {
        new HclBraces(text, fileName).run();
    }

    private void run() {
        Deque<int[]> open = new ArrayDeque<>(); // {bracket char, line}
        while (pos < text.length()) {
            char c = text.charAt(pos);
            char next = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == '#' || (c == '/' && next == '/')) {
                skipToEndOfLine();
            } else if (c == '/' && next == '*') {
                skipBlockComment();
            } else if (c == '"') {
                skipString();
            } else if (c == '<' && next == '<') {
                skipHeredoc();
            } else if (c == '{' || c == '[') {
                open.push(new int[] {c, line});
                pos++;
            } else if (c == '}' || c == ']') {
                if (open.isEmpty()) {
                    throw fail("line " + line + ": '" + c + "' has no matching '" + partner(c) + "'; remove it");
                }
                int[] opened = open.pop();
                if (opened[0] != partner(c)) {
                    throw fail("line " + line + ": '" + c + "' does not close the '" + (char) opened[0]
                            + "' opened on line " + opened[1] + "; add the missing '" + partner((char) opened[0]) + "'");
                }
                pos++;
            } else {
                pos++;
            }
        }
        if (!open.isEmpty()) {
            int[] opened = open.pop();
            throw fail("line " + opened[1] + ": '" + (char) opened[0] + "' is never closed; add the missing '"
                    + partner((char) opened[0]) + "'");
        }
    }

    private static char partner(char c) {
        return switch (c) {
            case '{' -> '}';
            case '}' -> '{';
            case '[' -> ']';
            default -> '[';
        };
    }

    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int startLine = line;
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
            throw fail("line " + startLine + ": comment opened with /* is never closed; add */");
        }
        advanceTo(end + 2);
    }

    private void skipString() {
        int startLine = line;
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '"') {
                pos++;
                return;
            } else if (c == '\n') {
                break;
            } else {
                pos++;
            }
        }
        throw fail("line " + startLine + ": string is not closed; add the closing '\"'");
    }

    /** {@code <<EOT} or {@code <<-EOT}, up to a line holding only the marker. */
    private void skipHeredoc() {
        int startLine = line;
        int i = pos + 2;
        if (i < text.length() && text.charAt(i) == '-') {
            i++;
        }
        int markerStart = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        String marker = text.substring(markerStart, i);
        if (marker.isEmpty()) {
            pos += 2; // not a heredoc; let the parser report it
            return;
        }
        int lineEnd = text.indexOf('\n', i);
        while (lineEnd >= 0) {
            int nextEnd = text.indexOf('\n', lineEnd + 1);
            String candidate = text.substring(lineEnd + 1, nextEnd < 0 ? text.length() : nextEnd);
            if (candidate.strip().equals(marker)) {
                advanceTo(nextEnd < 0 ? text.length() : nextEnd);
                return;
            }
            lineEnd = nextEnd;
        }
        throw fail("line " + startLine + ": heredoc <<" + marker + " is never closed; add a line holding only " + marker);
    }

    private void advanceTo(int end) {
        for (int i = pos; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        pos = end;
    }

    private ConfigException fail(String problem) {
        return new ConfigException(fileName + ": not valid HCL: " + problem);
    }
}
