package org.flowvault.vault.server.internal;

import java.time.Duration;

/**
 * Vault's durations: Go's {@code time.ParseDuration} syntax ("1h30m", "768h", "1.5s", "300ms"),
 * or a bare number of seconds, as a string or a JSON number. Formatting follows Go's
 * {@code Duration.String()} ("1h0m0s", "30s", "0s") which Vault echoes in KV metadata.
 */
public final class Durations {
    private Durations() {
    }

    /** Parses a duration; throws {@link IllegalArgumentException} naming the bad value. */
    public static Duration parse(Object value) {
        if (value == null) {
            return Duration.ZERO;
        }
        if (value instanceof Number n) {
            return Duration.ofSeconds(n.longValue());
        }
        String s = value.toString().trim();
        if (s.isEmpty()) {
            return Duration.ZERO;
        }
        if (s.matches("-?\\d+")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        double totalNanos = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw invalid(s);
            }
            double number;
            try {
                number = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw invalid(s);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            double scale = switch (unit) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                case "d" -> 86400e9; // Vault's parseutil also accepts days
                default -> throw invalid(s);
            };
            totalNanos += number * scale;
            any = true;
        }
        if (!any) {
            throw invalid(s);
        }
        Duration d = Duration.ofNanos((long) totalNanos);
        return negative ? d.negated() : d;
    }

    /** Parses and returns whole seconds. */
    public static long seconds(Object value) {
        return parse(value).toSeconds();
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration \"" + s + "\"");
    }

    /** Go's {@code Duration.String()} for whole seconds: "0s", "45s", "2m30s", "1h0m0s". */
    public static String format(Duration d) {
        long total = d.toSeconds();
        if (total == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (total < 0) {
            sb.append('-');
            total = -total;
        }
        long h = total / 3600;
        long m = (total % 3600) / 60;
        long sec = total % 60;
        if (h > 0) {
            sb.append(h).append('h').append(m).append('m');
        } else if (m > 0) {
            sb.append(m).append('m');
        }
        sb.append(sec).append('s');
        return sb.toString();
    }
}
