package org.flowvault.platform.task.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.platform.task.TaskInputs;

/**
 * Builds the JDBC URL from the {@code url} input, or from {@code dialect}, {@code host},
 * {@code port}, {@code database}/{@code service_name}/{@code sid}. Host and names are checked
 * against strict patterns so an input cannot smuggle URL parameters in.
 */
final class SqlUrls {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.$\\-]+");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)password=([^&;]+)");
    private static final Pattern USERINFO = Pattern.compile("//[^/@:]*:([^/@]+)@");
    static final String DIALECTS = "postgresql, mariadb, mysql, h2, oracle, sqlserver";

    private SqlUrls() {
    }

    static String url(TaskInputs in) {
        if (in.has("url")) {
            String url = in.requireString("url", "");
            if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
                throw in.invalid("url", "must be a JDBC URL starting with \"jdbc:\" (e.g. jdbc:postgresql://host:5432/db); "
                        + "or give dialect, host, port and database instead");
            }
            return url;
        }
        String dialect = in.string("dialect").orElseThrow(() -> in.missing("url",
                "give a JDBC url, or dialect (" + DIALECTS + "), host, port and database")).toLowerCase(Locale.ROOT);
        return switch (dialect) {
            case "postgresql", "postgres" -> "jdbc:postgresql://" + hostPort(in, 5432) + "/" + name(in, "database");
            case "mariadb", "mysql" -> "jdbc:mariadb://" + hostPort(in, 3306) + "/" + name(in, "database");
            case "h2" -> {
                if (!in.has("host")) {
                    throw in.missing("host", JdbcUrl.H2_ONLY_REMOTE + "; give the H2 server's host (and port, default 9092)");
                }
                yield "jdbc:h2:tcp://" + hostPort(in, 9092) + "/" + name(in, "database");
            }
            case "oracle" -> in.has("sid") && !in.has("service_name")
                    ? "jdbc:oracle:thin:@" + hostPort(in, 1521) + ":" + name(in, "sid")
                    : "jdbc:oracle:thin:@//" + hostPort(in, 1521) + "/" + name(in, "service_name");
            case "sqlserver" -> "jdbc:sqlserver://" + hostPort(in, 1433) + ";databaseName=" + name(in, "database");
            default -> throw in.invalid("dialect", "must be one of " + DIALECTS);
        };
    }

    private static String hostPort(TaskInputs in, int defaultPort) {
        String host = in.requireString("host", "give the database server's host name");
        if (!HOST.matcher(host).matches()) {
            throw in.invalid("host", "must be a host name or IP address (letters, digits, '.', '-')");
        }
        long port = in.number("port", 1, 65535).orElse((long) defaultPort);
        return host + ":" + port;
    }

    private static String name(TaskInputs in, String input) {
        String v = in.requireString(input, "give the " + input.replace('_', ' ') + " to connect to");
        if (!NAME.matcher(v).matches()) {
            throw in.invalid(input, "may contain only letters, digits, '_', '.', '$' and '-'");
        }
        return v;
    }

    /** The URL as it may be shown: without user info, parameters or properties. */
    static String shown(String url) {
        String u = url.replaceFirst("//[^/@]*@", "//");
        int cut = u.length();
        for (char c : new char[] {'?', ';', '&'}) {
            int i = u.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return u.substring(0, cut);
    }

    /** Passwords written into a URL ({@code password=...}, {@code //user:pass@}), to register as secrets. */
    static java.util.List<String> embeddedPasswords(String url) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Pattern p : new Pattern[] {URL_PASSWORD, USERINFO}) {
            Matcher m = p.matcher(url);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
