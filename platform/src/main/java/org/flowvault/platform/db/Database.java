package org.flowvault.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The platform's database: a HikariCP pool, Flyway migrations (applied on open, from
 * {@code classpath:db/migration}) and a {@link Jdbi} handle factory. One SQL dialect serves both
 * engines: H2 runs in PostgreSQL compatibility mode, so the migrations and queries are plain
 * PostgreSQL SQL.
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

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens a pool on {@code jdbcUrl} and migrates the schema to the newest version.
     *
     * @param jdbcUrl  {@code jdbc:h2:...} or {@code jdbc:postgresql://...}; an H2 URL gets
     *                 PostgreSQL mode added when it does not set a mode itself
     * @param user     may be null when the URL carries it
     * @param password may be null; never logged (HikariCP masks it)
     * @param poolSize the maximum number of connections
     * @throws IllegalArgumentException for a URL of another engine
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
                + jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1<masked>"));
    }

    private static String h2Url(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        return upper.contains(";MODE=") ? url : url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
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
