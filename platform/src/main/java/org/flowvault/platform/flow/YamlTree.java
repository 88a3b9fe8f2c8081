package org.flowvault.platform.flow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into maps, lists and scalars that remember where they were written, so
 * that every validation error can name the line and column. Jackson's streaming parser does the
 * YAML; we only keep the token locations it reports.
 */
final class YamlTree {
    static final int MAX_DOCUMENT_CHARS = 512 * 1024;
    private static final int MAX_DEPTH = 40;
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 10).build())
            .build();

    private YamlTree() {
    }

    /** Where a node starts in the document (1-based). */
    record Pos(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    sealed interface Node permits MapNode, ListNode, Scalar {
        Pos pos();

        /** A word for messages: "a map", "a list", "text", "a number"... */
        String kind();
    }

    record MapNode(Map<String, Node> entries, Map<String, Pos> keys, Pos pos) implements Node {
        @Override
        public String kind() {
            return "a map";
        }
    }

    record ListNode(List<Node> items, Pos pos) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A string, Long, Double, Boolean or null. */
    record Scalar(Object value, Pos pos) implements Node {
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
     * Parses one document.
     *
     * @throws FlowDefinitionException with the line and column of a YAML syntax error
     */
    static Node parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(1, 1,
                    "the flow document is empty: write a YAML map with at least 'name' and 'steps'")));
        }
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(1, 1,
                    "the flow document has " + text.length() + " characters; the limit is " + MAX_DOCUMENT_CHARS)));
        }
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(1, 1, "the flow document is empty")));
            }
            Node root = read(p, 0);
            if (p.nextToken() != null) {
                Pos at = pos(p.currentTokenLocation());
                throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(at.line(), at.column(),
                        "the file holds more than one YAML document: keep one flow per file")));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            int line = l == null ? 1 : Math.max(1, l.getLineNr());
            int column = l == null ? 1 : Math.max(1, l.getColumnNr());
            throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(line, column,
                    "invalid YAML: " + firstLine(e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(1, 1, "unreadable YAML: " + e.getMessage())));
        }
    }

    private static Node read(JsonParser p, int depth) throws IOException {
        Pos at = pos(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(at.line(), at.column(),
                    "the document nests deeper than " + MAX_DEPTH + " levels")));
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
                        throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(keyAt.line(), keyAt.column(),
                                "key '" + key + "' appears twice in the same map (first at " + keys.get(key) + ")")));
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
            default -> throw new FlowDefinitionException(List.of(new FlowDefinitionException.Problem(at.line(), at.column(),
                    "unsupported YAML element " + t)));
        }
    }

    private static Pos pos(JsonLocation l) {
        return new Pos(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The plain Java value of a node (maps, lists, scalars), positions dropped. */
    static Object plain(Node node) {
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
