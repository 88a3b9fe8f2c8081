package org.flowvault.platform.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Converts between {@link Instant} and {@code timestamp with time zone} columns the same way on
 * H2 and PostgreSQL: bound as a UTC {@link OffsetDateTime}, read back as one, so no JVM default
 * time zone ever takes part.
 */
public final class Times {
    private Times() {
    }

    /** The value to bind for {@code instant}; null stays null. */
    public static OffsetDateTime db(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The instant in column {@code column}, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
