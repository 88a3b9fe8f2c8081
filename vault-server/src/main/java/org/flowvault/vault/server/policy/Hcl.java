package org.flowvault.vault.server.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A reader for the subset of HCL 1 that Vault policies use, and for JSON, which HCL 1 also
 * accepts: comments ({@code #}, {@code //}, {@code /* *}{@code /}), blocks with labels
 * ({@code path "secret/*" { ... }}), attributes ({@code key = value} or JSON's {@code "key": value}),
 * strings, heredocs, numbers, booleans, lists and nested objects. Newlines are plain whitespace,
 * so {@code path "x"} may be followed by its brace on the next line, as Vault allows.
 *
 * <p>We do not use hcl4j here: it accepts unterminated strings, unclosed blocks and lists, and
 * drops keys when a brace sits on its own line, so a typo would silently become a different
 * policy. Errors here name the line and column, like HCL's own "At 3:7: ...".
 */
final class Hcl {

    /** An object: the ordered items, repeated keys kept (two {@code path "a"} blocks are two items). */
    record Obj(List<Item> items, int line) {
    }

    /**
     * One item: {@code keys} holds the key and any block labels ({@code ["path", "secret/*"]});
     * the value is a String, BigDecimal, Boolean, {@code null}, a List of values or an {@link Obj}.
     */
    record Item(List<String> keys, Object value, int line) {
    }

    /** Thrown with a message like {@code At 2:16: unexpected '=', expected a value}. */
    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private enum Kind { IDENT, STRING, NUMBER, LBRACE, RBRACE, LBRACK, RBRACK, ASSIGN, COMMA, EOF }

    private record Token(Kind kind, String text, Object value, int line, int col) {
        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case STRING -> "string \"" + text + "\"";
                default -> "'" + text + "'";
            };
        }
    }

    private final List<Token> tokens;
    private int pos;

    private Hcl(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a document; a document that is one {@code { ... }} object (JSON) is unwrapped. */
    static Obj parse(String text) {
        Hcl p = new Hcl(new Lexer(text).run());
        Obj root;
        if (p.peek().kind == Kind.LBRACE) {
            Token open = p.next();
            root = p.body(Kind.RBRACE, open.line);
            p.expect(Kind.RBRACE, "'}' closing the object opened at line " + open.line);
        } else {
            root = p.body(Kind.EOF, 1);
        }
        p.expect(Kind.EOF, "end of input");
        return root;
    }

    private Obj body(Kind end, int line) {
        List<Item> items = new ArrayList<>();
        while (peek().kind != end) {
            if (peek().kind == Kind.EOF) {
                throw error(peek(), "unexpected end of input, expected '}' closing the object opened at line " + line);
            }
            items.add(item());
            if (peek().kind == Kind.COMMA) {
                next();
            }
        }
        return new Obj(Collections.unmodifiableList(items), line);
    }

    private Item item() {
        Token first = peek();
        List<String> keys = new ArrayList<>();
        while (peek().kind == Kind.IDENT || peek().kind == Kind.STRING) {
            keys.add(next().text);
        }
        if (keys.isEmpty()) {
            throw error(first, "unexpected " + first.describe() + ", expected a key");
        }
        Token t = peek();
        if (t.kind == Kind.ASSIGN) {
            if (keys.size() > 1) {
                throw error(t, "unexpected '" + t.text + "' after block labels; a block needs '{'");
            }
            next();
            return new Item(List.copyOf(keys), value(), first.line);
        }
        if (t.kind == Kind.LBRACE) {
            return new Item(List.copyOf(keys), value(), first.line);
        }
        throw error(t, "unexpected " + t.describe() + " after key \"" + keys.getLast() + "\", expected '=' or '{'");
    }

    private Object value() {
        Token t = next();
        return switch (t.kind) {
            case STRING, NUMBER -> t.value;
            case IDENT -> switch (t.text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> throw error(t, "unexpected identifier " + t.text + ", strings must be quoted");
            };
            case LBRACE -> {
                Obj obj = body(Kind.RBRACE, t.line);
                expect(Kind.RBRACE, "'}'");
                yield obj;
            }
            case LBRACK -> list(t);
            default -> throw error(t, "unexpected " + t.describe() + ", expected a value");
        };
    }

    private List<Object> list(Token open) {
        List<Object> values = new ArrayList<>();
        while (peek().kind != Kind.RBRACK) {
            if (peek().kind == Kind.EOF) {
                throw error(peek(), "unexpected end of input, expected ']' closing the list opened at line " + open.line);
            }
            values.add(value());
            if (peek().kind == Kind.COMMA) {
                next();
            } else if (peek().kind != Kind.RBRACK) {
                throw error(peek(), "unexpected " + peek().describe() + " in list, expected ',' or ']'");
            }
        }
        next();
        return Collections.unmodifiableList(values);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private void expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind != kind) {
            throw error(t, "unexpected " + t.describe() + ", expected " + what);
        }
        next();
    }

    private static SyntaxError error(Token t, String message) {
        return new SyntaxError("At " + t.line + ":" + t.col + ": " + message);
    }

    /** Splits the text into tokens, tracking 1-based line and column. */
    private static final class Lexer {
        private final String s;
        private int i;
        private int line = 1;
        private int lineStart;
        private final List<Token> out = new ArrayList<>();

        Lexer(String s) {
            this.s = s;
        }

        List<Token> run() {
            while (true) {
                skipBlankAndComments();
                if (i >= s.length()) {
                    out.add(new Token(Kind.EOF, "", null, line, col()));
                    return out;
                }
                char c = s.charAt(i);
                int tl = line;
                int tc = col();
                switch (c) {
                    case '{' -> single(Kind.LBRACE, tl, tc);
                    case '}' -> single(Kind.RBRACE, tl, tc);
                    case '[' -> single(Kind.LBRACK, tl, tc);
                    case ']' -> single(Kind.RBRACK, tl, tc);
                    case '=', ':' -> single(Kind.ASSIGN, tl, tc);
                    case ',' -> single(Kind.COMMA, tl, tc);
                    case '"' -> string(tl, tc);
                    case '<' -> heredoc(tl, tc);
                    default -> {
                        if (c == '-' || Character.isDigit(c)) {
                            number(tl, tc);
                        } else if (Character.isLetter(c) || c == '_') {
                            int start = i;
                            while (i < s.length() && isIdentPart(s.charAt(i))) {
                                i++;
                            }
                            String text = s.substring(start, i);
                            out.add(new Token(Kind.IDENT, text, text, tl, tc));
                        } else {
                            throw new SyntaxError("At " + tl + ":" + tc + ": illegal character '" + c + "'");
                        }
                    }
                }
            }
        }

        private static boolean isIdentPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
        }

        private int col() {
            return i - lineStart + 1;
        }

        private void single(Kind kind, int tl, int tc) {
            out.add(new Token(kind, String.valueOf(s.charAt(i)), null, tl, tc));
            i++;
        }

        private void newline() {
            line++;
            lineStart = i + 1;
        }

        private void skipBlankAndComments() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    newline();
                    i++;
                } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                    i++;
                } else if (c == '#' || s.startsWith("//", i)) {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (s.startsWith("/*", i)) {
                    int tl = line;
                    int tc = col();
                    i += 2;
                    while (i < s.length() && !s.startsWith("*/", i)) {
                        if (s.charAt(i) == '\n') {
                            newline();
                        }
                        i++;
                    }
                    if (i >= s.length()) {
                        throw new SyntaxError("At " + tl + ":" + tc + ": comment not terminated");
                    }
                    i += 2;
                } else {
                    return;
                }
            }
        }

        private void string(int tl, int tc) {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length() || s.charAt(i) == '\n') {
                    throw new SyntaxError("At " + tl + ":" + tc + ": string not terminated");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw new SyntaxError("At " + tl + ":" + tc + ": string not terminated");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case '"', '\\', '/' -> sb.append(e);
                    case 'u', 'U' -> {
                        int n = e == 'u' ? 4 : 8;
                        if (i + n > s.length()) {
                            throw new SyntaxError("At " + line + ":" + col() + ": invalid unicode escape");
                        }
                        try {
                            sb.appendCodePoint(Integer.parseInt(s.substring(i, i + n), 16));
                        } catch (IllegalArgumentException ex) {
                            throw new SyntaxError("At " + line + ":" + col() + ": invalid unicode escape");
                        }
                        i += n;
                    }
                    default -> throw new SyntaxError("At " + line + ":" + (col() - 1) + ": invalid escape \\" + e);
                }
            }
            String text = sb.toString();
            out.add(new Token(Kind.STRING, text, text, tl, tc));
        }

        private void number(int tl, int tc) {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || ".eE+-".indexOf(s.charAt(i)) >= 0)) {
                i++;
            }
            String text = s.substring(start, i);
            try {
                out.add(new Token(Kind.NUMBER, text, new BigDecimal(text), tl, tc));
            } catch (NumberFormatException e) {
                throw new SyntaxError("At " + tl + ":" + tc + ": invalid number " + text);
            }
        }

        private void heredoc(int tl, int tc) {
            if (!s.startsWith("<<", i)) {
                throw new SyntaxError("At " + tl + ":" + tc + ": illegal character '<'");
            }
            i += 2;
            boolean indented = i < s.length() && s.charAt(i) == '-';
            if (indented) {
                i++;
            }
            int eol = s.indexOf('\n', i);
            String anchor = (eol < 0 ? "" : s.substring(i, eol)).strip();
            if (anchor.isEmpty() || !anchor.chars().allMatch(ch -> isIdentPart((char) ch))) {
                throw new SyntaxError("At " + tl + ":" + tc + ": heredoc needs an anchor, like <<EOT");
            }
            i = eol;
            List<String> lines = new ArrayList<>();
            while (true) {
                newline();
                i++;
                if (i > s.length()) {
                    throw new SyntaxError("At " + tl + ":" + tc + ": heredoc not terminated, expected " + anchor);
                }
                int end = s.indexOf('\n', i);
                String l = end < 0 ? s.substring(i) : s.substring(i, end);
                if (l.strip().equals(anchor)) {
                    i = end < 0 ? s.length() : end;
                    break;
                }
                lines.add(l);
                if (end < 0) {
                    throw new SyntaxError("At " + tl + ":" + tc + ": heredoc not terminated, expected " + anchor);
                }
                i = end;
            }
            if (indented) {
                int indent = lines.stream().filter(l -> !l.isBlank())
                        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
                lines.replaceAll(l -> l.length() >= indent ? l.substring(indent) : l.stripLeading());
            }
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            String text = sb.toString();
            out.add(new Token(Kind.STRING, text, text, tl, tc));
        }
    }
}
