package org.flowvault.platform.reference;

import java.util.ArrayList;
import java.util.List;
import org.flowvault.platform.naming.Names;

/** The reference grammar of the package documentation, as a hand-written scanner. Stateless. */
final class Parser {
    private static final int MARKER_LEN = ReferenceTemplate.MARKER.length();

    private Parser() {
    }

    static List<Object> parse(String value) {
        List<Object> parts = new ArrayList<>(1);
        if (value.startsWith(ReferenceTemplate.FULL_PATH_PREFIX)) {
            parts.add(fullPath(value));
            return parts;
        }
        int lead = 0;
        while (lead < value.length() && value.charAt(lead) == '\\') {
            lead++;
        }
        // "\vault://..." is the literal text "vault://...": one leading backslash is dropped.
        int start = lead > 0 && value.startsWith(ReferenceTemplate.FULL_PATH_PREFIX, lead) ? 1 : 0;
        if (value.indexOf(ReferenceTemplate.MARKER, start) < 0) {
            if (!value.isEmpty()) {
                parts.add(start == 0 ? value : value.substring(start));
            }
            return parts;
        }
        StringBuilder text = new StringBuilder();
        int pos = start;
        int idx;
        while ((idx = value.indexOf(ReferenceTemplate.MARKER, pos)) >= 0) {
            int run = 0;
            while (idx - run - 1 >= pos && value.charAt(idx - run - 1) == '\\') {
                run++;
            }
            text.append(value, pos, idx - run).append("\\".repeat(run / 2));
            if (run % 2 == 1) {
                text.append(ReferenceTemplate.MARKER);
                pos = idx + MARKER_LEN;
                continue;
            }
            int[] end = new int[1];
            Reference ref = argument(value, idx + MARKER_LEN, end);
            if (!text.isEmpty()) {
                parts.add(text.toString());
                text.setLength(0);
            }
            parts.add(ref);
            pos = end[0];
        }
        text.append(value, pos, value.length());
        if (!text.isEmpty()) {
            parts.add(text.toString());
        }
        return parts;
    }

    /** Tokens of an argument: names (String) and separators (Character). */
    private static Reference argument(String value, int from, int[] end) {
        List<Object> tokens = new ArrayList<>(7);
        StringBuilder name = new StringBuilder();
        int i = from;
        while (true) {
            if (i >= value.length()) {
                throw new ReferenceSyntaxException(from - MARKER_LEN + 1, "\"vault.secret(\" is not closed by \")\"; "
                        + "write a literal \"vault.secret(\" as \"\\vault.secret(\"");
            }
            char c = value.charAt(i);
            if (c == ')') {
                break;
            }
            if (c == '\\') {
                i = escaped(value, i, name);
                continue;
            }
            if (c == '(') {
                throw new ReferenceSyntaxException(i + 1, "unescaped \"(\" inside a reference; write it as \"\\(\"");
            }
            if (Escaping.isControl(c)) {
                throw new ReferenceSyntaxException(i + 1, "control character inside a reference");
            }
            if (c == ':' || c == '.' || c == '/') {
                tokens.add(name.toString());
                name.setLength(0);
                tokens.add(c);
            } else {
                name.append(c);
            }
            i++;
        }
        tokens.add(name.toString());
        end[0] = i + 1;
        int col = from + 1;
        if (tokens.size() == 1) {
            String key = (String) tokens.getFirst();
            if (key.isEmpty()) {
                throw new ReferenceSyntaxException(col, "empty reference: write vault.secret(KEY)");
            }
            return new Reference.AttachedKey(key);
        }
        if (!(tokens.get(1) instanceof Character sep) || sep != ':') {
            throw new ReferenceSyntaxException(col, "a reference to a path names its configuration first: "
                    + "vault.secret(CONFIG:PATH.KEY), or vault.secret(:PATH.KEY) for the project's default configuration; "
                    + "escape a literal \".\", \"/\" or \":\" in a key as \"\\.\", \"\\/\" or \"\\:\"");
        }
        String config = (String) tokens.getFirst();
        int n = tokens.size();
        // config ':' seg ('/' seg)* '.' key  -> names at even indexes, separators at odd ones
        if (n < 5 || !(tokens.get(n - 2) instanceof Character dot) || dot != '.') {
            throw new ReferenceSyntaxException(col, "expected vault.secret(CONFIG:PATH.KEY): the key follows the last unescaped \".\"");
        }
        StringBuilder path = new StringBuilder();
        for (int t = 2; t < n - 2; t += 2) {
            String seg = (String) tokens.get(t);
            if (seg.isEmpty()) {
                throw new ReferenceSyntaxException(col, "the path has an empty segment");
            }
            if (t > 2) {
                char s = (Character) tokens.get(t - 1);
                if (s != '/') {
                    throw new ReferenceSyntaxException(col, "unexpected \"" + s + "\" in the path: path segments are separated by \"/\" "
                            + "and only one \".\" (before the key) and one \":\" (after the configuration) are allowed; escape others with \"\\\"");
                }
                path.append('/');
            }
            path.append(seg);
        }
        String key = (String) tokens.get(n - 1);
        if (key.isEmpty()) {
            throw new ReferenceSyntaxException(col, "the key after the last \".\" is empty");
        }
        checkTarget(col, config.isEmpty() ? null : config, path.toString());
        return new Reference.PathKey(config.isEmpty() ? null : config, path.toString(), key, false);
    }

    /** The full-path form: "vault://" [CONFIG ":"] SEGMENT ("/" SEGMENT)+, the last segment being the key. */
    private static Reference fullPath(String value) {
        List<String> segments = new ArrayList<>();
        String config = null;
        StringBuilder name = new StringBuilder();
        int i = ReferenceTemplate.FULL_PATH_PREFIX.length();
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '\\') {
                i = escaped(value, i, name);
                continue;
            }
            if (Escaping.isControl(c)) {
                throw new ReferenceSyntaxException(i + 1, "control character inside a reference");
            }
            if (c == ':') {
                if (config != null || !segments.isEmpty()) {
                    throw new ReferenceSyntaxException(i + 1, "only one \":\" (after the configuration name) is allowed in vault://; escape others as \"\\:\"");
                }
                if (name.isEmpty()) {
                    throw new ReferenceSyntaxException(i + 1, "empty configuration name before \":\"; leave out \":\" to use the default configuration");
                }
                config = name.toString();
                name.setLength(0);
            } else if (c == '/') {
                if (name.isEmpty()) {
                    throw new ReferenceSyntaxException(i + 1, "empty path segment in vault://");
                }
                segments.add(name.toString());
                name.setLength(0);
            } else {
                name.append(c);
            }
            i++;
        }
        if (name.isEmpty() || segments.isEmpty()) {
            throw new ReferenceSyntaxException(value.length(), "expected vault://[CONFIG:]MOUNT/data/PATH/KEY (the last segment is the key); "
                    + "write a literal text starting with \"vault://\" as \"\\vault://...\"");
        }
        String path = String.join("/", segments);
        checkTarget(ReferenceTemplate.FULL_PATH_PREFIX.length() + 1, config, path);
        return new Reference.PathKey(config, path, name.toString(), true);
    }

    /** The configuration name and path follow the rules of {@link Names.Kind#VAULT_CONFIGURATION} and {@link VaultPaths}. */
    private static void checkTarget(int column, String config, String path) {
        if (config != null) {
            Names.problem(Names.Kind.VAULT_CONFIGURATION, config).ifPresent(p -> {
                throw new ReferenceSyntaxException(column, p);
            });
        }
        VaultPaths.problem(path).ifPresent(p -> {
            throw new ReferenceSyntaxException(column, p);
        });
    }

    /** Appends the character escaped by the backslash at {@code i}; returns the index after it. */
    private static int escaped(String value, int i, StringBuilder name) {
        if (i + 1 >= value.length() || Escaping.ESCAPABLE.indexOf(value.charAt(i + 1)) < 0) {
            throw new ReferenceSyntaxException(i + 1, "inside a reference a backslash escapes one of \\ . / : ( ) and nothing else");
        }
        name.append(value.charAt(i + 1));
        return i + 2;
    }
}
