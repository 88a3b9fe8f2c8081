package org.flowvault.platform.flow;

import java.util.ArrayList;
import java.util.List;
import org.flowvault.platform.flow.Expression.Ast;

/**
 * Recursive-descent parser for the expression grammar (see the package documentation). It reads
 * from {@code text} starting at {@code start} and stops at the closing {@code }}} of a
 * {@code ${{ ... }}} or at the end of the text. Bounded: the expression may be at most
 * {@link #MAX_LENGTH} characters and its syntax tree at most {@link #MAX_DEPTH} levels deep, so
 * parsing and evaluation are linear and never overflow the stack.
 */
final class ExpressionParser {
    static final int MAX_LENGTH = 2000;
    static final int MAX_DEPTH = 48;

    private final String text;
    private final int start;
    private final boolean delimited;
    private int at;
    private int depth;

    private ExpressionParser(String text, int start, boolean delimited) {
        this.text = text;
        this.start = start;
        this.delimited = delimited;
        this.at = start;
    }

    /** Parses the whole of {@code source} as one expression (no delimiters). */
    static Expression parse(String source) {
        ExpressionParser p = new ExpressionParser(source, 0, false);
        Ast ast = p.parseTop();
        return new Expression(source, ast);
    }

    /**
     * Parses the expression that starts at {@code from} (just after {@code ${{}) and ends with
     * {@code }}}.
     *
     * @return the expression and the index just after the closing braces
     */
    static Parsed parseDelimited(String text, int from) {
        ExpressionParser p = new ExpressionParser(text, from, true);
        Ast ast = p.parseTop();
        String source = text.substring(from, p.at);
        return new Parsed(new Expression(source, ast), p.at + 2);
    }

    record Parsed(Expression expression, int end) {
    }

    private Ast parseTop() {
        skipSpace();
        if (atEnd()) {
            throw error("empty expression: write a name such as inputs.x, a literal or a function call");
        }
        Ast ast = or();
        skipSpace();
        if (!atEnd()) {
            throw error("unexpected '" + text.charAt(at) + "'" + (delimited ? ": expected an operator or }}" : ": expected an operator"));
        }
        if (delimited && !text.startsWith("}}", at)) {
            throw error("the expression is not closed: end it with }}");
        }
        if (at - start > MAX_LENGTH) {
            throw error("the expression is longer than " + MAX_LENGTH + " characters: split it across steps");
        }
        return ast;
    }

    private boolean atEnd() {
        return at >= text.length() || (delimited && text.startsWith("}}", at));
    }

    private Ast or() {
        Ast left = and();
        while (skipSpace() && text.startsWith("||", at)) {
            int col = col();
            at += 2;
            left = node(new Expression.Binary("||", left, and(), col));
        }
        return left;
    }

    private Ast and() {
        Ast left = comparison();
        while (skipSpace() && text.startsWith("&&", at)) {
            int col = col();
            at += 2;
            left = node(new Expression.Binary("&&", left, comparison(), col));
        }
        return left;
    }

    private Ast comparison() {
        Ast left = unary();
        while (skipSpace()) {
            String op = null;
            for (String candidate : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (text.startsWith(candidate, at)) {
                    op = candidate;
                    break;
                }
            }
            if (op == null) {
                break;
            }
            int col = col();
            at += op.length();
            left = node(new Expression.Binary(op, left, unary(), col));
        }
        return left;
    }

    private Ast unary() {
        skipSpace();
        if (at < text.length() && text.charAt(at) == '!' && !text.startsWith("!=", at)) {
            int col = col();
            at++;
            enter();
            Ast operand = unary();
            depth--;
            return node(new Expression.Not(operand, col));
        }
        return postfix();
    }

    private Ast postfix() {
        Ast target = primary();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '.') {
                int col = col();
                at++;
                String name = identifier("a property name after '.'");
                target = node(new Expression.Member(target, name, col));
            } else if (c == '[') {
                int col = col();
                at++;
                enter();
                Ast index = or();
                depth--;
                expect(']');
                target = node(new Expression.Index(target, index, col));
            } else {
                break;
            }
        }
        return target;
    }

    private Ast primary() {
        skipSpace();
        if (atEnd()) {
            throw error("the expression ends too early: expected a value");
        }
        char c = text.charAt(at);
        int col = col();
        if (c == '(') {
            at++;
            enter();
            Ast inner = or();
            depth--;
            expect(')');
            return inner;
        }
        if (c == '\'' || c == '"') {
            return new Expression.Literal(string(c));
        }
        if (c == '-' || Character.isDigit(c)) {
            return new Expression.Literal(number());
        }
        if (isIdentStart(c)) {
            String name = identifier("a name");
            skipSpace();
            if (at < text.length() && text.charAt(at) == '(') {
                return call(name, col);
            }
            return switch (name) {
                case "true" -> new Expression.Literal(Boolean.TRUE);
                case "false" -> new Expression.Literal(Boolean.FALSE);
                case "null" -> new Expression.Literal(null);
                case "inputs", "steps" -> new Expression.Root(name, col);
                default -> throw new ExpressionException(source(), col, "unknown name '" + name
                        + "': an expression starts with inputs, steps, a literal or a function (" + String.join(", ", Functions.NAMES) + ")");
            };
        }
        throw error("unexpected '" + c + "': expected a value (inputs.x, steps.id.outputs.y, 'text', 42, true, a function call)");
    }

    private Ast call(String name, int col) {
        if (!Functions.NAMES.contains(name)) {
            throw new ExpressionException(source(), col, "unknown function '" + name + "'; the functions are " + String.join(", ", Functions.NAMES));
        }
        at++; // (
        enter();
        List<Ast> args = new ArrayList<>();
        skipSpace();
        if (at < text.length() && text.charAt(at) == ')') {
            at++;
        } else {
            while (true) {
                args.add(or());
                skipSpace();
                if (at < text.length() && text.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect(')');
                break;
            }
        }
        depth--;
        Functions.checkArity(name, args.size(), source(), col);
        return node(new Expression.Call(name, List.copyOf(args), col));
    }

    private String identifier(String what) {
        skipSpace();
        int from = at;
        if (at < text.length() && isIdentStart(text.charAt(at))) {
            at++;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '-')) {
                at++;
            }
        }
        if (from == at) {
            throw error("expected " + what);
        }
        return text.substring(from, at);
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private String string(char quote) {
        int openCol = col();
        at++;
        StringBuilder b = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                if (quote == '\'' && at < text.length() && text.charAt(at) == '\'') {
                    b.append('\'');
                    at++;
                    continue;
                }
                return b.toString();
            }
            if (c == '\\' && quote == '"') {
                if (at >= text.length()) {
                    break;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case '"', '\\' -> b.append(e);
                    default -> throw new ExpressionException(source(), col() - 1, "unknown escape \\" + e + " (use \\n, \\t, \\\" or \\\\)");
                }
                continue;
            }
            b.append(c);
        }
        throw new ExpressionException(source(), openCol, "the text literal is not closed: end it with " + quote);
    }

    private Object number() {
        int from = at;
        int col = col();
        if (text.charAt(at) == '-') {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        boolean decimal = false;
        if (at + 1 < text.length() && text.charAt(at) == '.' && Character.isDigit(text.charAt(at + 1))) {
            decimal = true;
            at++;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
        }
        String n = text.substring(from, at);
        try {
            return decimal ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw new ExpressionException(source(), col, "'" + n + "' is not a number (whole numbers up to 19 digits, or decimals like 1.5)");
        }
    }

    private void expect(char c) {
        skipSpace();
        if (at >= text.length() || text.charAt(at) != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private boolean skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return true;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("the expression nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Ast node(Ast ast) {
        if (Expression.depthOf(ast) > MAX_DEPTH) {
            throw error("the expression is more than " + MAX_DEPTH + " operations deep: split it across steps");
        }
        if (at - start > MAX_LENGTH) {
            throw error("the expression is longer than " + MAX_LENGTH + " characters: split it across steps");
        }
        return ast;
    }

    private int col() {
        return at - start + 1;
    }

    private String source() {
        int end = text.indexOf("}}", at);
        if (!delimited || end < 0) {
            end = text.length();
        }
        return text.substring(start, Math.min(end, start + MAX_LENGTH + 1));
    }

    private ExpressionException error(String reason) {
        return new ExpressionException(source(), col(), reason);
    }
}
