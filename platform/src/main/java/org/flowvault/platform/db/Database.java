package org.flowvault.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * The platform's database: a HikariCP pool, Flyway migrations (applied on open, from
 * {@code classpath:db/migration}) and a {@link Jdbi} handle factory. One SQL dialect serves both
 * engines: H2 runs in PostgreSQL compatibility mode, so the migrations and queries are plain
 * PostgreSQL SQL.
 *
 * <p>An embedded H2 database (a file, or memory) is opened so that a commit has reached the
 * operating system when it returns ({@code WRITE_DELAY=0}: an answer the API gives after a commit
 * survives {@code kill -9} of the process; a power loss can still lose the last commits, as H2
 * never forces its file to the disk on commit) and never writes a {@code .trace.db} file
 * ({@code TRACE_LEVEL_FILE=0}: H2 writes SQL errors there with the values bound). A URL that sets
 * either to another value is refused.
 *
 * <p>Thread-safe; open one per process and close it at shutdown.
 */
public final class Database implements AutoCloseable {

    /** The engines the platform runs on. */
    public enum Dialect {
        /** H2 in a file (the embedded default) or in memory (tests). */
        H2,
        /** PostgreSQL: production and scale-out (SKIP LOCKED claims, LISTEN/NOTIFY). */
        POSTGRESQL
    }

    /**
     * Settings every embedded H2 database of the platform has. H2's default {@code WRITE_DELAY}
     * (500 ms) keeps committed transactions in memory until a background thread writes them, so
     * {@code kill -9} lost writes the API had acknowledged; at 0 each commit writes its chunk to
     * the file before it returns. A remote H2 ({@code tcp:}, {@code ssl:}) applies its server's
     * settings, and setting them from a client needs admin rights, so only a conflicting value
     * is refused there.
     */
    private static final SortedMap<String, String> H2_REQUIRED =
            Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("WRITE_DELAY", "0", "TRACE_LEVEL_FILE", "0")));

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        // Jdbi's default message appends the statement's bound values, which may be secrets, to
        // every SQL error; the driver's own message is all a log or an error needs
        this.jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    }

    /**
     * Opens a pool on {@code jdbcUrl} and migrates the schema to the newest version.
     *
     * @param jdbcUrl  {@code jdbc:h2:...} or {@code jdbc:postgresql://...}; an H2 URL gets
     *                 PostgreSQL mode added when it does not set a mode itself, and an embedded
     *                 one the durability and trace settings above
     * @param user     may be null when the URL carries it
     * @param password may be null; never logged (HikariCP masks it)
     * @param poolSize the maximum number of connections
     * @throws IllegalArgumentException for a URL of another engine, or an H2 URL that sets
     *                                  {@code WRITE_DELAY} or {@code TRACE_LEVEL_FILE} to another value
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Dialect dialect = dialectOf(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dialect == Dialect.H2 ? h2Url(jdbcUrl) : jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("flowvault-db");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, dialect);
    }

    static Dialect dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL (expected jdbc:h2:... or jdbc:postgresql://...): "
                + jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1" + org.flowvault.platform.masking.Masker.REPLACEMENT));
    }

    static String h2Url(String url) {
        Map<String, String> given = h2Settings(url);
        StringBuilder out = new StringBuilder(url);
        if (!given.containsKey("MODE")) {
            out.append(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        }
        String name = url.substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        boolean remote = name.startsWith("tcp:") || name.startsWith("ssl:");
        for (Map.Entry<String, String> required : H2_REQUIRED.entrySet()) {
            String value = given.get(required.getKey());
            if (value == null) {
                if (!remote) {
                    out.append(';').append(required.getKey()).append('=').append(required.getValue());
                }
            } else if (!value.strip().equals(required.getValue())) {
                throw new IllegalArgumentException("the platform's H2 database URL sets " + required.getKey() + "; remove it: "
                        + "the platform needs " + required.getKey() + "=" + required.getValue()
                        + " (WRITE_DELAY=0: a commit is in the file before the API answers; TRACE_LEVEL_FILE=0: no .trace.db, "
                        + "which would hold the values of failed statements)");
            }
        }
        return out.toString();
    }

    /** The {@code ;KEY=VALUE} settings of an H2 URL, keys upper-cased. */
    private static Map<String, String> h2Settings(String url) {
        Map<String, String> settings = new HashMap<>();
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                settings.put(parts[i].substring(0, eq).strip().toUpperCase(Locale.ROOT), parts[i].substring(eq + 1));
            }
        }
        return settings;
    }

    /**
     * How many of the shipped migrations are not applied to this database: 0 once {@link #open}
     * succeeded, unless another node of an older version shares it. For the readiness probe.
     */
    public int pendingMigrations() {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().info().pending().length;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
