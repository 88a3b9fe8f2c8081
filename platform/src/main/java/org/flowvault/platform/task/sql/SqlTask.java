package org.flowvault.platform.task.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskInputs;
import org.flowvault.platform.task.TaskResult;

/**
 * Runs SQL over JDBC.
 *
 * <p>Inputs: {@code url} (a JDBC URL) or {@code dialect} ({@value SqlUrls#DIALECTS}) with
 * {@code host}, {@code port}, {@code database} (Oracle: {@code service_name} or {@code sid});
 * {@code user} (or {@code username}, as Vault's database credentials name it), {@code password}
 * (sent as connection properties, never put in the URL);
 * {@code properties} (optional driver properties, e.g. {@code {sslmode: verify-full}});
 * {@code driver} (optional driver class name); {@code execute} (one statement) or
 * {@code statements} (a list of statements, each text or {@code {execute, params}}, run in one
 * transaction); {@code params} for {@code execute}: a list bound to {@code ?} in order, or a map
 * bound to {@code :name} placeholders, always by the driver, never concatenated;
 * {@code max_rows} (default 1000); {@code timeout_seconds} per statement (default 60, capped by
 * the run's deadline).
 *
 * <p>Outputs: {@code rows} (a list of column→value maps, JSON-friendly values), {@code columns},
 * {@code row_count}, {@code truncated} (more rows than {@code max_rows}), {@code update_count}
 * (null for a query); with {@code statements}, also {@code results}: one such map per statement,
 * the top-level outputs being those of the last.
 *
 * <p>Drivers: PostgreSQL, MariaDB/MySQL and H2 are built in; any other (Oracle's ojdbc11.jar, for
 * the SQLORACLE alias that builds {@code jdbc:oracle:thin:@//host:port/service_name}) is used by
 * dropping its jar in the plugins directory given to {@link #SqlTask(Path)}.
 *
 * <p>Sandbox: a step reaches only a database of an allowed driver family on a host the run's
 * {@linkplain TaskContext#egress() egress list} allows, never the platform's own database, never
 * an in-process H2 (H2 only as {@code jdbc:h2:tcp://host:port/name}), and sets only driver
 * properties that cannot load code, read files or reach other hosts; every refusal is an INPUT
 * failure before any driver runs (see {@code SqlSandbox}).
 */
public final class SqlTask implements Task {
    public static final String TYPE = "SQL";
    private static final long DEFAULT_MAX_ROWS = 1000;
    private static final long DEFAULT_TIMEOUT_SECONDS = 60;

    /** The driver families (JDBC subprotocols) allowed when the operator names none: postgresql, mariadb, mysql,
     * h2 (remote only), oracle, sqlserver. */
    public static final List<String> DEFAULT_DRIVERS = SqlSandbox.DEFAULT_DRIVERS;

    private final SqlDrivers drivers;
    private final SqlSandbox sandbox;

    /** With the built-in drivers only, the {@linkplain #DEFAULT_DRIVERS default driver families}. */
    public SqlTask() {
        this(null, DEFAULT_DRIVERS, null);
    }

    /** With the built-in drivers and those in the jars of {@code pluginDirectory} (ignored when null or absent; read once per JVM). */
    public SqlTask(Path pluginDirectory) {
        this(pluginDirectory, DEFAULT_DRIVERS, null);
    }

    /**
     * The SQL task as the operator configured it.
     *
     * @param pluginDirectory     extra JDBC driver jars, or null
     * @param drivers             the JDBC subprotocols steps may use ({@code postgresql}, {@code mariadb},
     *                            {@code mysql}, {@code h2} — remote only —, {@code oracle}, {@code sqlserver},
     *                            or a plugin driver's); any other is refused
     * @param platformDatabaseUrl the platform's own JDBC URL, which no step may open; null when
     *                            unknown
     */
    public SqlTask(Path pluginDirectory, java.util.Collection<String> drivers, String platformDatabaseUrl) {
        this.drivers = SqlDrivers.withPlugins(pluginDirectory);
        this.sandbox = new SqlSandbox(drivers, platformDatabaseUrl);
    }

    SqlDrivers drivers() {
        return drivers;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** A unit to run: SQL with placeholders already rewritten, and its parameter values in order. */
    private record Statement(String sql, List<Object> params) {
    }

    @Override
    public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
        TaskInputs in = TaskInputs.of(TYPE, inputs, context.masker());
        String url = SqlUrls.url(in);
        context.masker().registerAll(SqlUrls.embeddedPasswords(url));
        List<Statement> statements = statements(in);
        long maxRows = in.number("max_rows", 0, 1_000_000).orElse(DEFAULT_MAX_ROWS);
        long timeout = in.number("timeout_seconds", 1, 86_400).orElse(DEFAULT_TIMEOUT_SECONDS);
        Map<String, String> given = properties(in);
        SqlSandbox.Target target = sandbox.check(url, given, in.string("driver").orElse(null), drivers.pluginClassNames(),
                context.egress());
        context.checkActive();

        String where = context.mask(target.shown()) + user(in).map(u -> " as user \"" + context.mask(u) + "\"").orElse("");
        Connection connection;
        try {
            connection = drivers.connect(target.url(), target.properties(), target.driverClass());
        } catch (SQLException e) {
            String hint = e.getMessage() != null && e.getMessage().startsWith("No suitable driver")
                    ? " (no JDBC driver for " + SqlDrivers.prefix(url) + " URLs: put the driver's jar, e.g. ojdbc11.jar for Oracle, "
                    + "in the SQL plugins directory)" : "";
            throw failure(context, "cannot connect to " + where + hint, e);
        }
        // a remote H2 server chooses the type of each value it sends: reading by the column's declared
        // type keeps the client from deserializing Java objects such a server sends
        boolean typedReads = target.family().equals("h2");
        List<Map<String, Object>> results = new ArrayList<>();
        try (Connection c = connection) {
            boolean transaction = statements.size() > 1;
            c.setAutoCommit(!transaction);
            int index = 0;
            try {
                for (Statement s : statements) {
                    index++;
                    context.checkActive();
                    results.add(run(c, s, maxRows, context.timeLeft(Duration.ofSeconds(timeout)), typedReads));
                }
                if (transaction) {
                    c.commit();
                }
            } catch (SQLException e) {
                if (transaction) {
                    rollbackQuietly(c);
                }
                String which = statements.size() > 1 ? "statement " + index + " of " + statements.size() : "the statement";
                throw failure(context, which + " failed on " + where + (transaction ? " (the transaction was rolled back)" : ""), e);
            } catch (RuntimeException e) {
                if (transaction) {
                    rollbackQuietly(c);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(context, "closing the connection to " + where + " failed", e);
        }
        context.log("SQL: ran " + statements.size() + " statement(s) on " + where);
        Map<String, Object> outputs = new LinkedHashMap<>(results.getLast());
        if (in.has("statements")) {
            outputs.put("results", results);
        }
        return TaskResult.of(outputs);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the user needs to see
        }
    }

    private static TaskException failure(TaskContext context, String what, SQLException e) {
        TaskException.Kind kind = e instanceof SQLTimeoutException ? TaskException.Kind.TIMEOUT : TaskException.Kind.REMOTE;
        String message = what + ": " + (e.getSQLState() == null ? "" : "SQLState " + e.getSQLState() + ", ")
                + "error code " + e.getErrorCode() + ": " + e.getMessage();
        // the cause is dropped on purpose: drivers put URLs and statement text in their messages
        return new TaskException(kind, context.mask(message));
    }

    /** {@code user}, else {@code username}: a connection with a dynamic database secret receives the latter from Vault. */
    private static java.util.Optional<String> user(TaskInputs in) {
        java.util.Optional<String> user = in.string("user");
        return user.isPresent() ? user : in.string("username");
    }

    /** The {@code properties} input, then {@code user} and {@code password}; values as text. */
    private static Map<String, String> properties(TaskInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.map("properties").ifPresent(m -> m.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List) {
                throw in.wrongType("properties." + k, v, "a text, number or boolean");
            }
            if (v != null) {
                out.put(k, v.toString());
            }
        }));
        user(in).ifPresent(u -> out.put("user", u));
        in.string("password").ifPresent(p -> out.put("password", p));
        return out;
    }

    private List<Statement> statements(TaskInputs in) {
        if (in.has("execute") && in.has("statements")) {
            throw in.invalid("statements", "cannot be given together with \"execute\": use one of them");
        }
        if (in.has("execute")) {
            return List.of(statement(in, "execute", in.requireString("execute", ""), in.raw("params")));
        }
        List<Object> list = in.list("statements").orElseThrow(() -> in.missing("execute",
                "give the SQL to run as \"execute\" (one statement) or \"statements\" (a list)"));
        if (list.isEmpty()) {
            throw in.invalid("statements", "is empty: give at least one statement");
        }
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String label = "statements[" + i + "]";
            if (item instanceof String s && !s.isBlank()) {
                out.add(statement(in, label, s, null));
            } else if (item instanceof Map<?, ?> m && m.get("execute") instanceof String s && !s.isBlank()) {
                out.add(statement(in, label, s, m.get("params")));
            } else {
                throw in.wrongType(label, item, "a SQL text or an object {execute: SQL, params: ...}");
            }
        }
        return out;
    }

    private static Statement statement(TaskInputs in, String label, String sql, Object params) {
        if (params == null) {
            return new Statement(sql, List.of());
        }
        String name = label.equals("execute") ? "params" : label + ".params";
        if (params instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!JdbcValues.bindable(list.get(i))) {
                    throw in.wrongType(name + "[" + i + "]", list.get(i), "a text, number, boolean or null");
                }
            }
            return new Statement(sql, new ArrayList<>(list));
        }
        if (params instanceof Map<?, ?> map) {
            NamedParameters parsed = NamedParameters.parse(sql);
            List<Object> values = new ArrayList<>();
            for (String p : parsed.names()) {
                if (!map.containsKey(p)) {
                    throw in.invalid(name, "has no value for the placeholder :" + p + "; it has " + map.keySet());
                }
                if (!JdbcValues.bindable(map.get(p))) {
                    throw in.wrongType(name + "." + p, map.get(p), "a text, number, boolean or null");
                }
                values.add(map.get(p));
            }
            return new Statement(parsed.sql(), values);
        }
        throw in.wrongType(name, params, "a list (bound to ? in order) or an object (bound to :name placeholders)");
    }

    private static Map<String, Object> run(Connection c, Statement s, long maxRows, Duration timeout, boolean typedReads)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(s.sql())) {
            for (int i = 0; i < s.params().size(); i++) {
                JdbcValues.bind(ps, i + 1, s.params().get(i));
            }
            ps.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
            if (maxRows > 0 && maxRows < Integer.MAX_VALUE) {
                ps.setMaxRows((int) maxRows + 1);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    readRows(rs, maxRows, result, typedReads);
                }
                result.put("update_count", null);
            } else {
                result.put("rows", List.of());
                result.put("columns", List.of());
                result.put("row_count", 0);
                result.put("truncated", false);
                result.put("update_count", ps.getLargeUpdateCount());
            }
            return result;
        }
    }

    private static void readRows(ResultSet rs, long maxRows, Map<String, Object> result, boolean typedReads) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        int[] types = new int[n];
        for (int i = 1; i <= n; i++) {
            columns.add(meta.getColumnLabel(i));
            types[i - 1] = meta.getColumnType(i);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() >= maxRows) {
                truncated = true;
                break;
            }
            Map<String, Object> row = new LinkedHashMap<>(n * 2);
            for (int i = 1; i <= n; i++) {
                row.put(columns.get(i - 1), typedReads ? JdbcValues.readTyped(rs, i, types[i - 1]) : JdbcValues.read(rs, i, types[i - 1]));
            }
            rows.add(row);
        }
        result.put("rows", rows);
        result.put("columns", columns);
        result.put("row_count", rows.size());
        result.put("truncated", truncated);
    }

    @Override
    public String toString() {
        return "SqlTask";
    }
}
