package org.flowvault.platform.task.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites {@code :name} placeholders into JDBC's {@code ?}, remembering the order of the names,
 * so named parameters are bound by the driver, never concatenated into the SQL. Quoted strings,
 * quoted identifiers, comments, PostgreSQL casts ({@code ::}) and dollar-quoted bodies are left
 * alone.
 *
 * @param sql   the statement with {@code ?} placeholders
 * @param names the parameter name of each placeholder, in order
 */
record NamedParameters(String sql, List<String> names) {

    static NamedParameters parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(sql, i + 1, c);
                out.append(sql, i, end);
                i = end - 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end - 1;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                out.append(sql, i, end);
                i = end - 1;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(sql.charAt(i + 1))
                    && (i == 0 || !Character.isJavaIdentifierPart(sql.charAt(i - 1)))) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return new NamedParameters(out.toString(), List.copyOf(names));
    }

    /** Index after the closing quote (a doubled quote is an escaped one). */
    private static int closing(String sql, int from, char quote) {
        for (int j = from; j < sql.length(); j++) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j++;
                    continue;
                }
                return j + 1;
            }
        }
        return sql.length();
    }

    /** The {@code $tag$} starting at {@code i}, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }
}
