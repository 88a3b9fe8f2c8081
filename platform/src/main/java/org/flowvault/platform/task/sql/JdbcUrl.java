package org.flowvault.platform.task.sql;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flowvault.platform.task.TaskException;

/**
 * A JDBC URL taken apart by the rules of its driver family, strictly: only the forms whose
 * meaning is certain are accepted, and {@link #build(List)} writes the URL the driver gets from
 * the parts alone, so the driver never parses anything this class did not check (no second
 * opinion on where a host ends or which setting an odd spelling selects).
 *
 * <p>Accepted forms (host: a name, an IPv4 address or a bracketed IPv6 address; names of
 * databases and services: letters, digits, {@code _ . $ -}):
 * <ul>
 *   <li>{@code jdbc:postgresql://host[:port][,host[:port]...]/database[?key=value&...]}</li>
 *   <li>{@code jdbc:mariadb:[mode:]//hosts[/database][?key=value&...]} and {@code jdbc:mysql:...}
 *       likewise; a host may also be {@code address=(host=..)(port=..)(type=primary|replica)}</li>
 *   <li>{@code jdbc:h2:tcp://host[:port]/name}: H2 only as a remote database, without settings</li>
 *   <li>{@code jdbc:oracle:thin:@//host[:port]/service}, {@code @host:port/service} or {@code @host:port:sid}</li>
 *   <li>{@code jdbc:sqlserver://host[:port][;key=value...]}</li>
 *   <li>any other subprotocol (a plugin driver): {@code jdbc:name://host:port[/name]}</li>
 * </ul>
 *
 * @param subprotocol lower case: {@code postgresql}, {@code h2}...
 * @param mode        a MariaDB/MySQL high-availability mode ({@code replication}...), or null
 * @param hosts       one or more, in order
 * @param database    the database, service or SID name; empty when the URL names none
 * @param properties  the settings written in the URL, keys as written, values decoded
 */
record JdbcUrl(String subprotocol, String mode, List<Host> hosts, String database, boolean sid,
               Map<String, String> properties) {
    private static final Pattern SUBPROTOCOL = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.$-]+");
    private static final Pattern H2_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> MARIADB_MODES = Set.of("replication", "loadbalance", "load-balance-read", "sequential");
    private static final Set<String> MYSQL_MODES = Set.of("replication", "loadbalance");
    static final String H2_ONLY_REMOTE = "SQL may use H2 only as a remote database: jdbc:h2:tcp://host:port/name; "
            + "in-process H2 (mem:, file:, a path, zip: and the like) could reach the server's own files";

    /** One server of the URL; {@code role} is {@code primary}/{@code replica} from a MariaDB address form, else null. */
    record Host(String name, int port, String role) {
    }

    JdbcUrl {
        hosts = List.copyOf(hosts);
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * Parses {@code url}.
     *
     * @throws TaskException INPUT saying which form is expected; never quoting the URL
     */
    static JdbcUrl parse(String url) {
        if (url.length() < 6 || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw bad("must be a JDBC URL starting with \"jdbc:\" (e.g. jdbc:postgresql://host:5432/db); "
                    + "or give dialect, host, port and database instead");
        }
        int colon = url.indexOf(':', 5);
        String sub = (colon < 0 ? url.substring(5) : url.substring(5, colon)).toLowerCase(Locale.ROOT);
        if (colon < 0 || !SUBPROTOCOL.matcher(sub).matches()) {
            throw bad("must be jdbc:<driver>:..., e.g. jdbc:postgresql://host:5432/db");
        }
        String rest = url.substring(colon + 1);
        return switch (sub) {
            case "postgresql" -> withHosts(sub, null, rest, 5432, true, "jdbc:postgresql://host:5432/database");
            case "mariadb", "mysql" -> mysqlFamily(sub, rest);
            case "h2" -> h2(rest);
            case "oracle" -> oracle(rest);
            case "sqlserver" -> sqlserver(rest);
            default -> plugin(sub, rest);
        };
    }

    private static JdbcUrl mysqlFamily(String sub, String rest) {
        String mode = null;
        int slashes = rest.indexOf("//");
        if (slashes > 0 && rest.charAt(slashes - 1) == ':') {
            mode = rest.substring(0, slashes - 1).toLowerCase(Locale.ROOT);
            if (!(sub.equals("mariadb") ? MARIADB_MODES : MYSQL_MODES).contains(mode)) {
                throw bad("has an unknown jdbc:" + sub + ": mode; use jdbc:" + sub + "://host:3306/database or one of the modes "
                        + String.join(", ", new java.util.TreeSet<>(sub.equals("mariadb") ? MARIADB_MODES : MYSQL_MODES)));
            }
            rest = rest.substring(slashes);
        }
        return withHosts(sub, mode, rest, 3306, false, "jdbc:" + sub + "://host:3306/database");
    }

    /** {@code //hosts[/database][?query]} of PostgreSQL and MariaDB/MySQL. */
    private static JdbcUrl withHosts(String sub, String mode, String rest, int defaultPort, boolean databaseRequired, String example) {
        if (!rest.startsWith("//")) {
            throw bad("must have the form " + example);
        }
        String s = rest.substring(2);
        int q = s.indexOf('?');
        String query = q < 0 ? null : s.substring(q + 1);
        String path = q < 0 ? s : s.substring(0, q);
        int slash = path.indexOf('/');
        String authority = slash < 0 ? path : path.substring(0, slash);
        String database = slash < 0 ? "" : path.substring(slash + 1);
        if (databaseRequired && database.isEmpty() || !database.isEmpty() && !NAME.matcher(database).matches()) {
            throw bad("must name the database after the host, in letters, digits, '_', '.', '$' or '-': " + example);
        }
        List<Host> hosts = new ArrayList<>();
        for (String h : authority.split(",", -1)) {
            hosts.add(h.startsWith("address=") && !sub.equals("postgresql") ? addressForm(h) : host(h, defaultPort, example));
        }
        return new JdbcUrl(sub, mode, hosts, database, false, query(query, sub.equals("postgresql")));
    }

    /** MariaDB's {@code address=(host=h)(port=p)(type=t)}: only these keys, each once, host required. */
    private static Host addressForm(String text) {
        String body = text.substring("address=".length());
        if (!body.matches("(\\([A-Za-z]+=[^()=,\\s]+\\))+")) {
            throw bad("has a host in the address=(...) form that is not address=(host=name)(port=n)(type=primary|replica)");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : body.substring(1, body.length() - 1).split("\\)\\(")) {
            int eq = part.indexOf('=');
            String key = part.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!Set.of("host", "port", "type").contains(key) || parts.put(key, part.substring(eq + 1)) != null) {
                throw bad("has a host in the address=(...) form with a key other than host, port and type, or one given twice");
            }
        }
        String role = parts.get("type") == null ? null : switch (parts.get("type").toLowerCase(Locale.ROOT)) {
            case "primary", "master" -> "primary";
            case "replica", "slave" -> "replica";
            default -> throw bad("has an address=(type=...) other than primary or replica");
        };
        if (parts.get("host") == null) {
            throw bad("has an address=(...) without (host=...)");
        }
        Host h = host(parts.get("host") + (parts.containsKey("port") ? ":" + parts.get("port") : ""), 3306, "address=(host=name)(port=3306)");
        return new Host(h.name(), h.port(), role);
    }

    private static JdbcUrl h2(String rest) {
        if (!rest.regionMatches(true, 0, "tcp://", 0, 6)) {
            throw bad("is refused: " + H2_ONLY_REMOTE);
        }
        String s = rest.substring(6);
        int semicolon = s.indexOf(';');
        if (semicolon >= 0) {
            throw bad("has H2 settings after ';' (" + keysOf(s.substring(semicolon + 1), ";") + "), which a flow may not set: "
                    + "use jdbc:h2:tcp://host:port/name alone; the platform sets what a task connection needs");
        }
        int slash = s.indexOf('/');
        String authority = slash < 0 ? s : s.substring(0, slash);
        String name = slash < 0 ? "" : s.substring(slash + 1);
        if (authority.contains(",")) {
            throw bad("names several H2 servers (a cluster); give one: jdbc:h2:tcp://host:port/name");
        }
        if (!H2_NAME.matcher(name).matches()) {
            throw bad("must name the remote H2 database in letters, digits, '_' or '-' only (no path, '~', '..' or ':'): "
                    + "jdbc:h2:tcp://host:9092/name");
        }
        return new JdbcUrl("h2", null, List.of(host(authority, 9092, "jdbc:h2:tcp://host:9092/name")), name, false, Map.of());
    }

    private static JdbcUrl oracle(String rest) {
        String example = "jdbc:oracle:thin:@//host:1521/service_name or jdbc:oracle:thin:@host:1521:SID";
        if (!rest.regionMatches(true, 0, "thin:@", 0, 6) || rest.contains("(") || rest.contains("?")) {
            throw bad("must have the form " + example + " (TNS descriptors, aliases and URL parameters are not supported)");
        }
        String s = rest.substring(6);
        java.util.regex.Matcher sid = Pattern.compile("(.+:\\d{1,5}):([^:/]+)").matcher(s);
        java.util.regex.Matcher service = Pattern.compile("(?://)?([^/]+)/([^/]+)").matcher(s);
        // a bare name would be looked up in tnsnames.ora on the server: only host, port and name are accepted
        boolean bySid = sid.matches() && !s.startsWith("//");
        if (!bySid && !service.matches()) {
            throw bad("must have the form " + example);
        }
        String name = bySid ? sid.group(2) : service.group(2);
        if (!NAME.matcher(name).matches()) {
            throw bad("must name the service or SID in letters, digits, '_', '.', '$' or '-': " + example);
        }
        Host h = host(bySid ? sid.group(1) : service.group(1), 1521, example);
        return new JdbcUrl("oracle", null, List.of(h), name, bySid, Map.of());
    }

    private static JdbcUrl sqlserver(String rest) {
        String example = "jdbc:sqlserver://host:1433;databaseName=db";
        if (!rest.startsWith("//")) {
            throw bad("must have the form " + example);
        }
        String s = rest.substring(2);
        int semicolon = s.indexOf(';');
        String authority = semicolon < 0 ? s : s.substring(0, semicolon);
        if (authority.contains("\\")) {
            throw bad("names a SQL Server instance (host\\instance), whose port the SQL Browser service picks; give the port instead: "
                    + example);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (semicolon >= 0) {
            for (String pair : s.substring(semicolon + 1).split(";")) {
                if (pair.isEmpty()) {
                    continue;
                }
                if (pair.indexOf('{') >= 0 || pair.indexOf('}') >= 0) {
                    throw bad("has a {braced} setting value, which is not supported; pass such values in \"properties\"");
                }
                put(properties, pair, false);
            }
        }
        return new JdbcUrl("sqlserver", null, List.of(host(authority, 1433, example)), "", false, properties);
    }

    private static JdbcUrl plugin(String sub, String rest) {
        String example = "jdbc:" + sub + "://host:port/name";
        if (!rest.startsWith("//") || rest.contains("?") || rest.contains(";") || rest.contains("@")) {
            throw bad("must have the form " + example + " (the SQL task cannot vouch for other forms of plugin drivers' URLs)");
        }
        String s = rest.substring(2);
        int slash = s.indexOf('/');
        String name = slash < 0 ? "" : s.substring(slash + 1);
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            throw bad("must name the database in letters, digits, '_', '.', '$' or '-': " + example);
        }
        Host h = host(slash < 0 ? s : s.substring(0, slash), -1, example);
        if (h.port() < 0) {
            throw bad("must give the port of the " + sub + " server: " + example);
        }
        return new JdbcUrl(sub, null, List.of(h), name, false, Map.of());
    }

    /** {@code host[:port]} or {@code [v6][:port]}; {@code defaultPort} -1: none. */
    private static Host host(String text, int defaultPort, String example) {
        if (text.indexOf('@') >= 0) {
            throw bad("must not carry a user name or password before the host: give them as the inputs user and password");
        }
        String name = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            name = close < 0 ? "" : text.substring(1, close);
            String after = close < 0 ? "x" : text.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":") || !IPV6.matcher(name).matches()) {
                throw bad("has an IPv6 host that is not [address] or [address]:port: " + example);
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else if (text.indexOf(':') >= 0) {
            name = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (!text.startsWith("[") && !HOST_NAME.matcher(name).matches()) {
            throw bad("must name each server as host or host:port (a host name or an IP address; no user name, path or "
                    + "socket): " + example);
        }
        int p = defaultPort;
        if (port != null) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw bad("has a port that is not a number from 1 to 65535: " + example);
            }
            p = Integer.parseInt(port);
        }
        return new Host(name, p, null);
    }

    /** {@code key=value&...}; with {@code decode}, keys and values URL-decoded as PostgreSQL's driver does. */
    private static Map<String, String> query(String query, boolean decode) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                put(out, pair, decode);
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String pair, boolean decode) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
            key = (decode ? URLDecoder.decode(key, StandardCharsets.UTF_8) : key).strip();
            value = decode ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value;
        } catch (IllegalArgumentException e) {
            throw bad("has a setting that is not properly URL-encoded");
        }
        if (key.isEmpty()) {
            throw bad("has a setting without a name");
        }
        for (String k : out.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                throw bad("sets " + SqlSandbox.shownName(key) + " twice");
            }
        }
        out.put(key, value);
    }

    /** The names of {@code key=value} settings (not their values), for a message. */
    private static String keysOf(String settings, String separator) {
        List<String> keys = new ArrayList<>();
        for (String pair : settings.split(Pattern.quote(separator))) {
            if (!pair.isBlank()) {
                keys.add(SqlSandbox.shownName(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair));
            }
        }
        return String.join(", ", keys);
    }

    private static TaskException bad(String why) {
        return TaskException.input("SQL input \"url\" " + why);
    }

    /**
     * The URL for the driver: this one's parts with each host replaced by {@code connectTo} (same
     * order; an address the egress check returned, or the name itself) and no settings (they go
     * to the driver as properties).
     */
    String build(List<String> connectTo) {
        List<String> hostPorts = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String h = connectTo.get(i);
            String name = h.indexOf(':') >= 0 ? "[" + h + "]" : h;
            Host host = hosts.get(i);
            hostPorts.add(host.role() != null
                    ? "address=(host=" + name + ")(port=" + host.port() + ")(type=" + host.role() + ")"
                    : name + ":" + host.port());
        }
        String hostList = String.join(",", hostPorts);
        return switch (subprotocol) {
            case "postgresql" -> "jdbc:postgresql://" + hostList + "/" + database;
            // the MariaDB driver takes jdbc:mysql: URLs only when they say so; MySQL's own driver ignores the marker
            case "mariadb", "mysql" -> "jdbc:" + subprotocol + ":" + (mode == null ? "" : mode + ":") + "//" + hostList + "/" + database
                    + (subprotocol.equals("mysql") ? "?permitMysqlScheme" : "");
            case "h2" -> "jdbc:h2:tcp://" + hostList + "/" + database;
            case "oracle" -> "jdbc:oracle:thin:@" + (sid ? hostList + ":" + database : "//" + hostList + "/" + database);
            case "sqlserver" -> "jdbc:sqlserver://" + hostList;
            default -> "jdbc:" + subprotocol + "://" + hostList + (database.isEmpty() ? "" : "/" + database);
        };
    }

    /** The URL as it may be shown: the hosts as written, no settings or credentials. */
    String shown() {
        List<String> names = new ArrayList<>();
        hosts.forEach(h -> names.add(h.name()));
        return build(names).replace("?permitMysqlScheme", "");
    }

    @Override
    public String toString() {
        return "JdbcUrl[" + shown() + "]";
    }
}
