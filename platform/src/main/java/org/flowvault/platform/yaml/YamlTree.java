package org.flowvault.platform.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A YAML (or JSON) document read strictly into maps, lists and scalars that remember where they
 * were written, so that every error can name the line and column. The one reader of YAML that
 * users write (flows, connection values): it refuses, with the line and column,
 * <ul>
 *   <li>a key given twice in one map (a silent "last wins" would hide a mistake);</li>
 *   <li>aliases ({@code *name}): the streaming parser would read one as the text of its name, so
 *       {@code b: *a} would silently not mean what it says; writing the value out is required.
 *       This also rules out alias bombs ("billion laughs");</li>
 *   <li>more than one document ({@code ---});</li>
 *   <li>nesting deeper than {@link #MAX_DEPTH} levels and documents over the caller's size
 *       limit, before the parser reads them.</li>
 * </ul>
 * Parser messages are reduced to their first line and stripped of the parser's class names.
 * Thread-safe.
 */
public final class YamlTree {
    /** How deep maps and lists may nest. */
    public static final int MAX_DEPTH = 40;
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9_.$ -]{1,64}");
    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 10).build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(CONSTRAINTS)
            .build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

    private YamlTree() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(0);
        o.setNestingDepthLimit(MAX_DEPTH + 10);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    /** Where a node starts in the document (1-based). */
    public record Pos(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    /** A node of the document. */
    public sealed interface Node permits MapNode, ListNode, Scalar {
        Pos pos();

        /** A word for messages: "a map", "a list", "text", "a number"... */
        String kind();
    }

    /** A map, its entries in document order, and where each key was written. */
    public record MapNode(Map<String, Node> entries, Map<String, Pos> keys, Pos pos) implements Node {
        @Override
        public String kind() {
            return "a map";
        }
    }

    public record ListNode(List<Node> items, Pos pos) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A string, Long, Double, Boolean or null (an integer too large for a Long is kept as its text). */
    public record Scalar(Object value, Pos pos) implements Node {
        @Override
        public String kind() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return "text";
            }
            return value instanceof Boolean ? "a boolean" : "a number";
        }
    }

    /**
     * A document that cannot be read. The message never quotes a value of the document: it is
     * either one of this class's own (a repeated key is named, keys are not secret) or the first
     * line of the parser's, which describes the syntax ({@link #fromParser()}).
     */
    public static final class SyntaxError extends RuntimeException {
        private final int line;
        private final int column;
        private final boolean fromParser;

        SyntaxError(Pos at, String message, boolean fromParser) {
            super(message, null, false, false);
            this.line = at.line();
            this.column = at.column();
            this.fromParser = fromParser;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** True when the message is the YAML parser's description of a syntax error. */
        public boolean fromParser() {
            return fromParser;
        }
    }

    /**
     * Reads one YAML document of at most {@code maxChars} characters; null for an empty one.
     *
     * @throws SyntaxError naming the line and column of the first problem
     */
    public static Node parse(String text, int maxChars) {
        return read(text, maxChars, true);
    }

    /** As {@link #parse}, for a JSON document (with JSON's syntax and positions). */
    public static Node parseJson(String text, int maxChars) {
        return read(text, maxChars, false);
    }

    private static Node read(String text, int maxChars, boolean yaml) {
        if (text.length() > maxChars) {
            throw new SyntaxError(new Pos(1, 1), "the document has " + text.length() + " characters; the limit is " + maxChars, false);
        }
        try (JsonParser p = yaml ? YAML.createParser(text) : JSON.createParser(text)) {
            if (p.nextToken() == null) {
                return null;
            }
            Node root = read(p, 0);
            if (p.nextToken() != null) {
                throw new SyntaxError(pos(p.currentTokenLocation()), "the text holds more than one " + (yaml ? "YAML" : "JSON")
                        + " document; give exactly one", false);
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new SyntaxError(new Pos(1, 1), "the document nests deeper than " + MAX_DEPTH + " levels", false);
        } catch (JsonProcessingException e) {
            throw parserError(e);
        } catch (YAMLException e) {
            // SnakeYAML's own, when Jackson does not wrap it
            throw parserError(e);
        } catch (IOException e) {
            throw new SyntaxError(new Pos(1, 1), "the document cannot be read", false);
        }
    }

    private static Node read(JsonParser p, int depth) throws IOException {
        Pos at = pos(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new SyntaxError(at, "the document nests deeper than " + MAX_DEPTH + " levels", false);
        }
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new SyntaxError(at, "aliases (*name) are not supported: write the value out in full", false);
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Pos> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Pos keyAt = pos(p.currentTokenLocation());
                    if (entries.containsKey(key)) {
                        throw new SyntaxError(keyAt, "key " + printable(key) + " appears twice in the same map (first at "
                                + keys.get(key) + ")", false);
                    }
                    p.nextToken();
                    entries.put(key, read(p, depth + 1));
                    keys.put(key, keyAt);
                }
                return new MapNode(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keys), at);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, depth + 1));
                }
                return new ListNode(Collections.unmodifiableList(items), at);
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), at);
            }
            case VALUE_NUMBER_INT -> {
                return new Scalar(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getText() : p.getLongValue(), at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(p.getDoubleValue(), at);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(p.getBooleanValue(), at);
            }
            case VALUE_NULL -> {
                return new Scalar(null, at);
            }
            default -> throw new SyntaxError(at, "unsupported element (a binary or custom-tagged value); write it as text", false);
        }
    }

    /** The parser's problem at the parser's position (SnakeYAML's own mark is the precise one). */
    private static SyntaxError parserError(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                return new SyntaxError(new Pos(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1),
                        describe(m.getProblem()), true);
            }
        }
        JsonLocation l = e instanceof JsonProcessingException j ? j.getLocation() : null;
        Pos at = l == null ? new Pos(1, 1) : pos(l);
        return new SyntaxError(at, describe(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), true);
    }

    /** The first line of a parser message, with the parser's event class names put in words. */
    static String describe(String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        int event = first.indexOf("<org.yaml.snakeyaml.events.");
        if (event >= 0) {
            String rest = first.substring(event);
            String what = rest.contains("AliasEvent") ? "an alias (*name)" : rest.contains("SequenceStartEvent") ? "a list"
                    : rest.contains("MappingStartEvent") ? "a map" : "something else";
            first = first.substring(0, event) + what;
        }
        return first.strip();
    }

    private static Pos pos(JsonLocation l) {
        return new Pos(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    /** A key as shown in a message: quoted when it is plain, else described (it could be anything). */
    private static String printable(String key) {
        return SHOWABLE.matcher(key).matches() ? "'" + key + "'" : "a key of " + key.length() + " characters";
    }

    /** The plain Java value of a node (maps, lists, scalars), positions dropped. */
    public static Object plain(Node node) {
        return switch (node) {
            case MapNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, plain(v)));
                yield out;
            }
            case ListNode l -> {
                List<Object> out = new ArrayList<>();
                l.items().forEach(v -> out.add(plain(v)));
                yield out;
            }
            case Scalar s -> s.value();
        };
    }
}
