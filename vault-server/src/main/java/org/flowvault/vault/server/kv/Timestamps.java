package org.flowvault.vault.server.kv;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as the KV engine prints them: Go's {@code time.RFC3339Nano} in UTC, which drops
 * trailing zeros of the fraction ("2024-05-01T10:00:00.12Z", "2024-05-01T10:00:00Z"). Java's
 * ISO formatter pads to groups of three digits, so clients comparing strings would see drift.
 */
final class Timestamps {
    private Timestamps() {
    }

    /** Formats {@code t}; {@code null} is Vault's unset timestamp, the empty string. */
    static String format(Instant t) {
        if (t == null) {
            return "";
        }
        LocalDateTime utc = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        int year = utc.getYear();
        if (year < 1000) {
            sb.append(String.format("%04d", year));
        } else {
            sb.append(year);
        }
        sb.append('-');
        pad2(sb, utc.getMonthValue());
        sb.append('-');
        pad2(sb, utc.getDayOfMonth());
        sb.append('T');
        pad2(sb, utc.getHour());
        sb.append(':');
        pad2(sb, utc.getMinute());
        sb.append(':');
        pad2(sb, utc.getSecond());
        int nanos = utc.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            sb.append('.');
            for (int scale = pow10(digits - 1); scale > 0; scale /= 10) {
                sb.append((char) ('0' + nanos / scale % 10));
            }
        }
        return sb.append('Z').toString();
    }

    /** Parses a stored timestamp; the empty string (unset) gives {@code null}. */
    static Instant parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("stored KV timestamp is malformed: " + s, e);
        }
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static void pad2(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }
}
