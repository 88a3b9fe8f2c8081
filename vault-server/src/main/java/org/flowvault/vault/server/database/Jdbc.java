package org.flowvault.vault.server.database;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens JDBC connections from a connection config. Vault's connection URLs are Go driver URLs:
 * {@code postgresql://{{username}}:{{password}}@host:5432/db?sslmode=disable} (lib/pq) and
 * {@code {{username}}:{{password}}@tcp(host:3306)/db} (go-sql-driver/mysql); both are translated
 * to JDBC, and a {@code jdbc:} URL is taken as it is. The root credentials go in as driver
 * properties, never into a URL that an error message could print.
 */
final class Jdbc {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final Pattern GO_POSTGRES = Pattern.compile("^postgres(?:ql)?://(?:(?<userinfo>[^/]*)@)?(?<rest>.*)$");
    private static final Pattern GO_MYSQL = Pattern.compile("^(?:(?<userinfo>.*)@)?(?:tcp\\((?<addr>[^)]*)\\))?/(?<db>[^?]*)(?:\\?.*)?$");

    private Jdbc() {
    }

    /** A JDBC URL and the user and password to connect with. */
    record Target(String url, String user, String password) {
        @Override
        public String toString() {
            return "Target[" + url + "]";
        }
    }

    static Connection open(ConnectionConfig c) throws SQLException {
        return open(target(c.plugin(), c.connectionUrl(), c.username(), c.password()));
    }

    static Connection open(Target t) throws SQLException {
        Properties props = new Properties();
        if (t.user() != null && !t.user().isEmpty()) {
            props.setProperty("user", t.user());
        }
        if (t.password() != null && !t.password().isEmpty()) {
            props.setProperty("password", t.password());
        }
        if (t.url().startsWith("jdbc:postgresql:")) {
            props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        } else {
            props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
        }
        return DriverManager.getConnection(t.url(), props);
    }

    /**
     * Translates a connection_url; throws {@link IllegalArgumentException} (with a message that
     * does not repeat the URL) when it is not one the plugin understands.
     */
    static Target target(DatabasePlugin plugin, String url, String user, String password) {
        if (url.startsWith("jdbc:")) {
            String jdbc = url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
            boolean templated = jdbc.contains("{{username}}") || jdbc.contains("{{password}}");
            jdbc = jdbc.replace("{{username}}", encode(user)).replace("{{password}}", encode(password));
            boolean expected = plugin.postgres() ? jdbc.startsWith("jdbc:postgresql:") : jdbc.startsWith("jdbc:mariadb:");
            if (!expected) {
                throw new IllegalArgumentException("connection_url is a JDBC URL for another database than " + plugin.pluginName);
            }
            return templated ? new Target(jdbc, null, null) : new Target(jdbc, user, password);
        }
        if (plugin.postgres()) {
            Matcher m = GO_POSTGRES.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("connection_url must look like postgresql://{{username}}:{{password}}@HOST:PORT/DB");
            }
            String[] creds = userinfo(m.group("userinfo"), user, password);
            return new Target("jdbc:postgresql://" + m.group("rest"), creds[0], creds[1]);
        }
        Matcher m = GO_MYSQL.matcher(url);
        if (!m.matches() || m.group("addr") == null) {
            throw new IllegalArgumentException("connection_url must look like {{username}}:{{password}}@tcp(HOST:PORT)/DB");
        }
        String[] creds = userinfo(m.group("userinfo"), user, password);
        return new Target("jdbc:mariadb://" + m.group("addr") + "/" + m.group("db"), creds[0], creds[1]);
    }

    /** The user and password of a URL's user info, with the templates filled from the config. */
    private static String[] userinfo(String info, String user, String password) {
        if (info == null || info.isEmpty()) {
            return new String[] {user, password};
        }
        int colon = info.indexOf(':');
        String u = colon < 0 ? info : info.substring(0, colon);
        String p = colon < 0 ? "" : info.substring(colon + 1);
        u = u.equals("{{username}}") ? user : URLDecoder.decode(u, StandardCharsets.UTF_8);
        p = p.equals("{{password}}") ? password : URLDecoder.decode(p, StandardCharsets.UTF_8);
        return new String[] {u, p};
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /**
     * A driver error as a client may see it: the driver's message with every given secret (and
     * its URL-encoded form) and any {@code password=...} parameter masked.
     */
    static String redact(SQLException e, String... secrets) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                msg = msg.replace(s, "*****").replace(encode(s), "*****");
            }
        }
        msg = msg.replaceAll("(?i)(password=)[^&\\s)]*", "$1*****");
        int newline = msg.indexOf('\n');
        return newline < 0 ? msg : msg.substring(0, newline);
    }
}
