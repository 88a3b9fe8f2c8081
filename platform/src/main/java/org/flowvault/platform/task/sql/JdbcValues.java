package org.flowvault.platform.task.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Types;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Conversions between JDBC values and JSON-friendly ones. */
final class JdbcValues {
    private JdbcValues() {
    }

    /**
     * A column value as JSON-friendly Java: strings, booleans, Integer/Long/Double/BigDecimal,
     * lists, null; dates and times as ISO-8601 text, binary as base64 text, anything else as its text.
     */
    static Object read(ResultSet rs, int column, int sqlType) throws SQLException {
        Object v;
        switch (sqlType) {
            case Types.DATE -> v = rs.getObject(column, java.time.LocalDate.class);
            case Types.TIME -> v = rs.getObject(column, java.time.LocalTime.class);
            case Types.TIMESTAMP -> v = rs.getObject(column, java.time.LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> v = rs.getObject(column, java.time.OffsetDateTime.class);
            default -> v = rs.getObject(column);
        }
        return json(v);
    }

    /**
     * As {@link #read}, but never through {@code getObject(column)}: each value is converted to the
     * Java type the column declares (text for anything unusual), so a value the server marked as a
     * serialized Java object is never deserialized (H2's client would, and a remote H2 server picks
     * the type of each value it sends).
     */
    static Object readTyped(ResultSet rs, int column, int sqlType) throws SQLException {
        Object v = switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> rs.getObject(column, Boolean.class);
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> rs.getObject(column, Integer.class);
            case Types.BIGINT -> rs.getObject(column, Long.class);
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> rs.getObject(column, Double.class);
            case Types.DECIMAL, Types.NUMERIC -> rs.getObject(column, BigDecimal.class);
            case Types.DATE -> rs.getObject(column, java.time.LocalDate.class);
            case Types.TIME -> rs.getObject(column, java.time.LocalTime.class);
            case Types.TIMESTAMP -> rs.getObject(column, java.time.LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(column, java.time.OffsetDateTime.class);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.JAVA_OBJECT -> rs.getBytes(column);
            default -> rs.getString(column);
        };
        return json(v);
    }

    static Object json(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof TemporalAccessor t) {
            return t.toString();
        }
        if (v instanceof java.util.Date d) {
            return d instanceof java.sql.Date sd ? sd.toLocalDate().toString()
                    : d instanceof java.sql.Time st ? st.toLocalTime().toString()
                    : d.toInstant().toString();
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Clob c) {
            return c.getSubString(1, (int) Math.min(Integer.MAX_VALUE, c.length()));
        }
        if (v instanceof Blob b) {
            return Base64.getEncoder().encodeToString(b.getBytes(1, (int) Math.min(Integer.MAX_VALUE, b.length())));
        }
        if (v instanceof SQLXML x) {
            return x.getString();
        }
        if (v instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> out = new ArrayList<>(items.length);
            for (Object item : items) {
                out.add(json(item));
            }
            return out;
        }
        if (v instanceof Object[] items) {
            List<Object> out = new ArrayList<>(items.length);
            for (Object item : items) {
                out.add(json(item));
            }
            return out;
        }
        return v.toString();
    }

    /** Binds one parameter; only scalars are accepted (the caller reports other kinds). */
    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof Integer i) {
            ps.setInt(index, i);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof Double d) {
            ps.setDouble(index, d);
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else {
            ps.setObject(index, value);
        }
    }

    static boolean bindable(Object value) {
        return !(value instanceof Map || value instanceof List);
    }
}
