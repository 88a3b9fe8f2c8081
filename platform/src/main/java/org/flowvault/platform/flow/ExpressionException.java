package org.flowvault.platform.flow;

import org.flowvault.platform.error.PlatformException;

/**
 * An expression that cannot be parsed or evaluated. The message names the expression text (as
 * written in the flow document), the 1-based column inside it and what to write instead. It never
 * quotes a value the expression evaluated to: values may be secrets. INVALID.
 */
public final class ExpressionException extends PlatformException {
    private final String expression;
    private final int column;
    private final int offset;

    ExpressionException(String expression, int column, String reason) {
        this(expression, column, reason, 0);
    }

    ExpressionException(String expression, int column, String reason, int offset) {
        super(Reason.INVALID, "expression `" + shorten(expression) + "` at column " + column + ": " + reason);
        this.expression = expression;
        this.column = column;
        this.offset = offset;
    }

    /** A copy placed at {@code offset} (the expression's first index in its template text). */
    ExpressionException at(int offset) {
        return new ExpressionException(expression, column, problem(), offset);
    }

    /** The 0-based index in the template text where the expression starts (after its ${{). */
    int offset() {
        return offset;
    }

    /** The expression text as written, without the {@code ${{ }}} delimiters. */
    public String expression() {
        return expression;
    }

    /** The 1-based column of the problem within {@link #expression()}. */
    public int column() {
        return column;
    }

    /** The reason alone, without the expression prefix. */
    public String problem() {
        String m = getMessage();
        int at = m.indexOf(": ", m.indexOf("` at column "));
        return at < 0 ? m : m.substring(at + 2);
    }

    private static String shorten(String s) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ').stripTrailing();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
