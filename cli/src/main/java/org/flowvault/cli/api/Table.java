package org.flowvault.cli.api;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of text under a header line, columns padded to their widest cell: what every list command
 * prints for people ({@code --output json} is for scripts). A null cell prints empty.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers;
    }

    /** A table with these column headers (upper case by convention, e.g. {@code NAME}). */
    public static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /**
     * Adds a row; a cell that is not a string prints as {@link Output#text}.
     *
     * @throws IllegalArgumentException when the row has another number of cells than the table has columns
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "" : Output.text(c)).toList());
        return this;
    }

    /** Prints the header and the rows, two spaces between columns, no trailing blanks. */
    public void print(PrintStream out) {
        print(out, "");
    }

    /** As {@link #print(PrintStream)}, each line indented by {@code indent}. */
    public void print(PrintStream out, String indent) {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        line(out, indent, headers, width);
        for (List<String> row : rows) {
            line(out, indent, row, width);
        }
    }

    private static void line(PrintStream out, String indent, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            b.append(cells.get(c));
            if (c < cells.size() - 1) {
                b.append(" ".repeat(width[c] - cells.get(c).length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
