package org.flowvault.platform.task.sql;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.TaskException;

/**
 * What an SQL step may connect to, decided before any driver sees the URL: a database of a
 * driver family the operator allows, on hosts the egress allow-list allows, never the platform's
 * own database, never an in-process H2, with only the driver properties of
 * {@link DriverProperties}. The driver gets a URL rebuilt from the checked parts
 * ({@link JdbcUrl#build}) and every setting as a property, so nothing unchecked reaches it.
 *
 * <p>Hosts are pinned: the URL names the address the egress check approved, so a name that
 * resolves elsewhere a moment later (DNS rebinding) cannot redirect the driver. Only when the
 * flow asks for TLS with host name verification is the name kept: then a rebound address fails
 * the certificate check instead.
 *
 * <p>Immutable and thread-safe.
 */
final class SqlSandbox {
    /** The driver families allowed when the operator says nothing. */
    static final List<String> DEFAULT_DRIVERS = List.of("postgresql", "mariadb", "mysql", "h2", "oracle", "sqlserver");
    private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Map<String, Set<String>> DRIVER_CLASSES = Map.of(
            "postgresql", Set.of("org.postgresql.Driver"),
            "mariadb", Set.of("org.mariadb.jdbc.Driver"),
            "mysql", Set.of("com.mysql.cj.jdbc.Driver", "com.mysql.jdbc.Driver", "org.mariadb.jdbc.Driver"),
            "h2", Set.of("org.h2.Driver"),
            "oracle", Set.of("oracle.jdbc.OracleDriver", "oracle.jdbc.driver.OracleDriver"),
            "sqlserver", Set.of("com.microsoft.sqlserver.jdbc.SQLServerDriver"));

    private final Set<String> drivers;
    private final JdbcUrl own;

    /** What to connect to: the rebuilt URL, the checked properties, the driver class (or null) and the URL as it may be shown. */
    record Target(String family, String url, Properties properties, String driverClass, String shown) {
        @Override
        public String toString() {
            return "Target[" + shown + "]";
        }
    }

    /**
     * @param drivers             the allowed subprotocols ({@code postgresql}, {@code h2}, a plugin driver's)
     * @param platformDatabaseUrl the platform's own JDBC URL, always refused; null when unknown
     */
    SqlSandbox(Collection<String> drivers, String platformDatabaseUrl) {
        Set<String> d = new LinkedHashSet<>();
        for (String s : drivers) {
            if (s != null && !s.isBlank()) {
                d.add(s.strip().toLowerCase(Locale.ROOT));
            }
        }
        this.drivers = Set.copyOf(d);
        this.own = ownDatabase(platformDatabaseUrl);
    }

    private static JdbcUrl ownDatabase(String url) {
        if (url == null) {
            return null;
        }
        try {
            return JdbcUrl.parse(url);
        } catch (TaskException e) {
            // an in-process H2 (mem:, file:): no SQL step can open one, so there is nothing to compare
            return null;
        }
    }

    /**
     * Checks a connection request.
     *
     * @param url           the JDBC URL as the flow gave it (or as built from dialect, host...)
     * @param given         properties from the flow: {@code properties}, then {@code user}/{@code password} (later wins)
     * @param driverClass   the {@code driver} input, or null
     * @param pluginClasses the class names of the drivers in the plugins directory
     * @throws TaskException INPUT naming what is refused and how to fix it, never a value
     */
    Target check(String url, Map<String, String> given, String driverClass, Set<String> pluginClasses, Egress egress) {
        JdbcUrl u = JdbcUrl.parse(url);
        String sub = u.subprotocol();
        if (!drivers.contains(sub)) {
            throw TaskException.input("SQL may not use jdbc:" + sub + ": URLs: the operator's SQL driver allow-list (sql.drivers) has "
                    + (drivers.isEmpty() ? "none" : String.join(", ", new TreeSet<>(drivers))));
        }
        String family = DriverProperties.family(sub);
        Map<String, String> props = properties(u, given, family);
        if (driverClass != null && !DRIVER_CLASSES.getOrDefault(sub, Set.of()).contains(driverClass)
                && !pluginClasses.contains(driverClass)) {
            throw TaskException.input("SQL input \"driver\" must be the JDBC driver of jdbc:" + sub + ": URLs"
                    + (DRIVER_CLASSES.containsKey(sub) ? " (" + String.join(" or ", new TreeSet<>(DRIVER_CLASSES.get(sub))) + ")" : "")
                    + " or a driver in the SQL plugins directory; or leave it out");
        }
        List<List<InetAddress>> resolved = new ArrayList<>();
        for (JdbcUrl.Host h : u.hosts()) {
            resolved.add(egress.check("SQL", sub, h.name(), h.port()));
        }
        refuseOwnDatabase(u, resolved);
        boolean keepNames = verifiesHostName(family, props);
        List<String> connectTo = new ArrayList<>();
        for (int i = 0; i < u.hosts().size(); i++) {
            connectTo.add(keepNames ? u.hosts().get(i).name() : resolved.get(i).getFirst().getHostAddress());
        }
        if (family.equals("sqlserver") && !keepNames && !"true".equalsIgnoreCase(value(props, "trustservercertificate"))
                && value(props, "hostnameincertificate") == null) {
            // the certificate is still checked against the name the flow gave, not the pinned address
            props.put("hostNameInCertificate", u.hosts().getFirst().name());
        }
        Properties p = new Properties();
        props.forEach(p::setProperty);
        return new Target(family, u.build(connectTo), p, driverClass, u.shown());
    }

    /** The URL's settings and the flow's properties, checked, with the platform's forced ones on top. */
    private static Map<String, String> properties(JdbcUrl u, Map<String, String> given, String family) {
        Map<String, String> merged = new LinkedHashMap<>();
        u.properties().forEach((k, v) -> putIgnoringCase(merged, k, v));
        given.forEach((k, v) -> putIgnoringCase(merged, k, v));
        Set<String> allowed = DriverProperties.allowed(family);
        for (Map.Entry<String, String> e : merged.entrySet()) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw TaskException.input("SQL may not set the driver property " + shownName(e.getKey()) + " for jdbc:" + u.subprotocol()
                        + ": URLs (only settings that cannot load code, read files or reach other hosts are allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (!DriverProperties.valueAllowed(lower, e.getValue())) {
                throw TaskException.input("SQL driver property " + shownName(e.getKey()) + " may name only "
                        + "org.postgresql.ssl.DefaultJavaSSLFactory (the JVM's trust store)");
            }
        }
        DriverProperties.forced(family).forEach((k, v) -> putIgnoringCase(merged, k, v));
        if (family.equals("postgresql") && value(merged, "password") == null) {
            // without a password the PostgreSQL driver reads the server's ~/.pgpass and would log in with the operator's
            merged.put("password", "");
        }
        return merged;
    }

    private static void putIgnoringCase(Map<String, String> map, String key, String value) {
        map.keySet().removeIf(k -> k.equalsIgnoreCase(key));
        map.put(key, value);
    }

    private static String value(Map<String, String> map, String lowerKey) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey().equalsIgnoreCase(lowerKey)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean verifiesHostName(String family, Map<String, String> props) {
        String mode = String.valueOf(value(props, "sslmode")).toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (family) {
            case "postgresql", "mariadb" -> mode.equals("verify-full") || mode.equals("verify-identity");
            default -> false;
        };
    }

    private void refuseOwnDatabase(JdbcUrl u, List<List<InetAddress>> resolved) {
        if (own == null || !own.database().equalsIgnoreCase(u.database())) {
            return;
        }
        for (JdbcUrl.Host mine : own.hosts()) {
            List<InetAddress> mineAt = addresses(mine.name());
            for (int i = 0; i < u.hosts().size(); i++) {
                JdbcUrl.Host h = u.hosts().get(i);
                if (h.port() == mine.port() && (h.name().equalsIgnoreCase(mine.name()) || sameMachine(resolved.get(i), mineAt))) {
                    throw TaskException.input("SQL may not connect to the platform's own database (" + h.name() + ":" + h.port() + "/"
                            + u.database() + "): flows reach only the databases the operator meant for them");
                }
            }
        }
    }

    /** Whether two address lists share an address, or both point at this machine (loopback or one of its interfaces). */
    private static boolean sameMachine(List<InetAddress> a, List<InetAddress> b) {
        for (InetAddress x : a) {
            if (b.contains(x) || isLocal(x) && b.stream().anyMatch(SqlSandbox::isLocal)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static List<InetAddress> addresses(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    /** A property name for a message: as written when it looks like one, else only that it is odd (it might be a pasted secret). */
    static String shownName(String name) {
        String n = name.strip();
        return PLAIN_NAME.matcher(n).matches() ? "\"" + n + "\"" : "(a setting with an unusual name)";
    }

    @Override
    public String toString() {
        return "SqlSandbox" + new TreeSet<>(drivers);
    }
}
