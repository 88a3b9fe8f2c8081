package org.flowvault.platform.reference;

/**
 * A string value that uses the reference syntax wrongly. The message names the column and what
 * to write instead; it never contains the value itself (a connection value may hold a literal
 * password next to a reference).
 */
public final class ReferenceSyntaxException extends IllegalArgumentException {
    private final int column;

    ReferenceSyntaxException(int column, String reason) {
        super("malformed reference at column " + column + ": " + reason);
        this.column = column;
    }

    /** The 1-based column of the offending character within the string value. */
    public int column() {
        return column;
    }
}
