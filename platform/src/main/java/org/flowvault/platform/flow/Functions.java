package org.flowvault.platform.flow;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed set of pure functions expressions may call. Adding one is a code change here, never
 * something a flow document can do.
 */
final class Functions {
    /** The function names, for parse errors. */
    static final List<String> NAMES = List.of("default", "json", "lower", "upper", "length", "contains", "string");

    private Functions() {
    }

    static void checkArity(String name, int count, String source, int col) {
        int expected = switch (name) {
            case "default", "contains" -> 2;
            default -> 1;
        };
        if (count != expected) {
            throw new ExpressionException(source, col, name + "(...) takes " + expected + " argument" + (expected == 1 ? "" : "s")
                    + ", got " + count);
        }
    }

    static Object apply(String name, List<Object> args, String source, int col) {
        Object a = args.get(0);
        return switch (name) {
            case "default" -> a == null || (a instanceof String s && s.isEmpty()) ? args.get(1) : a;
            case "json" -> Values.json(a);
            case "string" -> Values.text(a);
            case "lower" -> text(name, a, source, col).toLowerCase(Locale.ROOT);
            case "upper" -> text(name, a, source, col).toUpperCase(Locale.ROOT);
            case "length" -> {
                if (a instanceof String s) {
                    yield (long) s.length();
                }
                if (a instanceof Collection<?> c) {
                    yield (long) c.size();
                }
                if (a instanceof Map<?, ?> m) {
                    yield (long) m.size();
                }
                throw new ExpressionException(source, col, "length(...) takes text, a list or a map, not " + Values.kind(a));
            }
            case "contains" -> {
                Object needle = args.get(1);
                if (a instanceof String s && needle instanceof String n) {
                    yield s.contains(n);
                }
                if (a instanceof Collection<?> c) {
                    yield c.stream().anyMatch(e -> Values.equal(e, needle));
                }
                if (a instanceof Map<?, ?> m && needle instanceof String k) {
                    yield m.containsKey(k);
                }
                throw new ExpressionException(source, col, "contains(...) takes text and text, a list and a value, or a map and a key; got "
                        + Values.kind(a) + " and " + Values.kind(needle));
            }
            default -> throw new ExpressionException(source, col, "unknown function '" + name + "'");
        };
    }

    private static String text(String fn, Object a, String source, int col) {
        if (a == null) {
            return "";
        }
        if (a instanceof String s) {
            return s;
        }
        throw new ExpressionException(source, col, fn + "(...) takes text, not " + Values.kind(a));
    }
}
