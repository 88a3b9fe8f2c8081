package org.flowvault.cli.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: whole seconds, or Vault-style {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})([smhd])");

    private Durations() {
    }

    /**
     * @throws CliError naming the option and the accepted forms
     */
    public static Duration parse(String option, String text) {
        String t = text.strip();
        if (t.matches("\\d{1,12}")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new CliError(option + " is seconds or a duration such as 90s, 15m, 1h, 2d or 1h30m");
        }
        return total;
    }
}
