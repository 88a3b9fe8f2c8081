package org.flowvault.platform.task.sql;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The JDBC drivers the SQL task can use: those on the class path, and those in the jars of a
 * plugins directory. Plugin jars get their own class loader whose parent is the platform class
 * loader, so a plugin driver never sees (or is shadowed by) the application's classes. Each
 * plugin driver is registered with {@link DriverManager} through a {@link Shim} (DriverManager
 * refuses drivers from a class loader the caller cannot see); the task itself connects through
 * the driver objects directly, so the plugin directory wins over the class path for a URL both
 * accept, and a {@code driver} input picks a class by name.
 */
final class SqlDrivers {
    private final List<Driver> plugins;
    private final ClassLoader pluginLoader;

    private SqlDrivers(List<Driver> plugins, ClassLoader pluginLoader) {
        this.plugins = List.copyOf(plugins);
        this.pluginLoader = pluginLoader;
    }

    static SqlDrivers classpathOnly() {
        return new SqlDrivers(List.of(), null);
    }

    /** One loader per plugins directory for the life of the JVM: drivers register with DriverManager only once. */
    private static final java.util.concurrent.ConcurrentMap<Path, SqlDrivers> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The drivers declared (META-INF/services/java.sql.Driver) by the jars in {@code directory}. The
     * directory is read once per JVM: jars added later are seen after a restart.
     */
    static SqlDrivers withPlugins(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return classpathOnly();
        }
        return LOADED.computeIfAbsent(directory.toAbsolutePath().normalize(), SqlDrivers::load);
    }

    private static SqlDrivers load(Path directory) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the SQL driver plugins directory " + directory + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            return classpathOnly();
        }
        URLClassLoader loader = new URLClassLoader("flowvault-sql-plugins", jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        List<Driver> drivers = new ArrayList<>();
        for (Driver d : ServiceLoader.load(Driver.class, loader)) {
            if (d.getClass().getClassLoader() == loader) {
                drivers.add(d);
                try {
                    DriverManager.registerDriver(new Shim(d));
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot register plugin driver " + d.getClass().getName(), e);
                }
            }
        }
        return new SqlDrivers(drivers, loader);
    }

    /** The plugin drivers, in jar order. */
    List<Driver> plugins() {
        return plugins;
    }

    /** The class names of the plugin drivers, which a step's {@code driver} input may name. */
    java.util.Set<String> pluginClassNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        plugins.forEach(d -> names.add(d.getClass().getName()));
        return names;
    }

    /** The plugin class loader, or null when there is none. */
    ClassLoader pluginLoader() {
        return pluginLoader;
    }

    /**
     * Opens a connection. With {@code driverClass}, that class (from the plugins first, then the
     * class path) must accept the URL; without, the first plugin driver accepting it, then
     * DriverManager.
     */
    Connection connect(String url, Properties properties, String driverClass) throws SQLException {
        if (driverClass != null) {
            Driver d = driverNamed(driverClass);
            Connection c = d.connect(url, properties);
            if (c == null) {
                throw new SQLException("driver " + driverClass + " does not accept URLs of this form (" + prefix(url) + "...)", "08001");
            }
            return c;
        }
        for (Driver d : plugins) {
            if (d.acceptsURL(url)) {
                return d.connect(url, properties);
            }
        }
        return DriverManager.getConnection(url, properties);
    }

    private Driver driverNamed(String name) throws SQLException {
        for (Driver d : plugins) {
            if (d.getClass().getName().equals(name)) {
                return d;
            }
        }
        try {
            Class<?> type = Class.forName(name, true, SqlDrivers.class.getClassLoader());
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new SQLException("JDBC driver class " + name + " is neither in the plugins directory nor on the class path; "
                    + "put its jar in the SQL plugins directory", "08001");
        }
    }

    /** The scheme part of a JDBC URL, safe to show (no host, user or password). */
    static String prefix(String url) {
        int second = url.indexOf(':', url.indexOf(':') + 1);
        return second > 0 ? url.substring(0, second + 1) : "jdbc:";
    }

    /** Delegates to a driver from another class loader, so DriverManager accepts it. */
    static final class Shim implements Driver {
        private final Driver driver;

        Shim(Driver driver) {
            this.driver = driver;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            return driver.connect(url, info);
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return driver.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return driver.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return driver.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return driver.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return driver.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return driver.getParentLogger();
        }

        @Override
        public String toString() {
            return "Shim[" + driver.getClass().getName() + "]";
        }
    }
}
