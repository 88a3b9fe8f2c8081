package org.flowvault.platform.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A string from a flow document with {@code ${{ expression }}} parts. A template that is exactly
 * one expression evaluates to the expression's value with its type (a list stays a list); text
 * around or between expressions makes the result a string, each value rendered as text (null as
 * empty, maps and lists as JSON). A string without {@code ${{} is a constant. To write a literal
 * {@code ${{}, use an expression: {@code ${{ '${{' }}}. Immutable and thread-safe.
 */
public final class FlowTemplate {
    private final String source;
    private final List<Object> parts; // String or Expression
    private final List<Integer> offsets; // where each part starts in source (after ${{ for an expression)

    private FlowTemplate(String source, List<Object> parts, List<Integer> offsets) {
        this.source = source;
        this.parts = parts;
        this.offsets = offsets;
    }

    /**
     * Parses {@code text}.
     *
     * @throws ExpressionException for a malformed expression; its column counts from the start of
     *         the expression inside its {@code ${{}
     */
    public static FlowTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Object> parts = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("${{", at);
            if (open < 0) {
                parts.add(text.substring(at));
                offsets.add(at);
                break;
            }
            if (open > at) {
                parts.add(text.substring(at, open));
                offsets.add(at);
            }
            ExpressionParser.Parsed p;
            try {
                p = ExpressionParser.parseDelimited(text, open + 3);
            } catch (ExpressionException e) {
                throw e.at(open + 3);
            }
            parts.add(p.expression());
            offsets.add(open + 3);
            at = p.end();
        }
        return new FlowTemplate(text, List.copyOf(parts), List.copyOf(offsets));
    }

    /** Parses one bare expression (no delimiters), e.g. a step's {@code if:} condition. */
    public static FlowTemplate expression(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new FlowTemplate(expression, List.of(ExpressionParser.parse(expression)), List.of(0));
    }

    /** The text as written. */
    public String source() {
        return source;
    }

    /** True when there is no expression in it. */
    public boolean isConstant() {
        return parts.stream().noneMatch(p -> p instanceof Expression);
    }

    /**
     * The value for {@code bindings}.
     *
     * @throws ExpressionException when an expression fails (a wrong type, an unknown function use)
     */
    public Object evaluate(Bindings bindings) {
        if (parts.isEmpty()) {
            return "";
        }
        if (parts.size() == 1) {
            Object only = parts.getFirst();
            return only instanceof Expression e ? e.evaluate(bindings) : only;
        }
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            b.append(p instanceof Expression e ? Values.text(e.evaluate(bindings)) : (String) p);
        }
        return b.toString();
    }

    /** Whether the evaluated value is truthy: not null, false, "", 0 or an empty list or map. */
    public boolean test(Bindings bindings) {
        return Values.truthy(evaluate(bindings));
    }

    /** Checks the inputs and steps the expressions read (see {@link #checkNames}). */
    void checkNames(Set<String> inputs, List<String> earlierSteps) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Expression e) {
                try {
                    e.checkNames(inputs, earlierSteps);
                } catch (ExpressionException x) {
                    throw x.at(offsets.get(i));
                }
            }
        }
    }

    /**
     * Evaluates every template in a tree of maps and lists; other leaves are copied.
     *
     * @throws ExpressionException from the first failing template
     */
    public static Object evaluateTree(Object tree, Bindings bindings) {
        if (tree instanceof FlowTemplate t) {
            return t.evaluate(bindings);
        }
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), evaluateTree(v, bindings)));
            return out;
        }
        if (tree instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(evaluateTree(v, bindings)));
            return out;
        }
        return tree;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowTemplate t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
