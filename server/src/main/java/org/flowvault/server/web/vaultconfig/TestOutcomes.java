package org.flowvault.server.web.vaultconfig;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.flowvault.platform.vaultconfig.ConnectionReport;

/**
 * The last "Test" outcome of each configuration, per user (a USER_TOKEN configuration is tested
 * with the tester's own token, so one user's outcome says nothing about another's). Kept in memory
 * on this node: a restart forgets it, which costs a click.
 */
public final class TestOutcomes {
    /** Bounds the memory a user clicking Test on many configurations can take. */
    private static final int MAX = 10_000;

    /** One outcome as the list shows it: a word for the category, the platform's sentence, when. */
    public record Outcome(String label, boolean ok, String message, Instant at) {
    }

    private record Key(UUID config, UUID user) {
    }

    TestOutcomes() {
    }

    private final Map<Key, Outcome> last = new ConcurrentHashMap<>();

    void put(UUID config, UUID user, ConnectionReport report, Instant at) {
        if (last.size() >= MAX) {
            last.clear();
        }
        last.put(new Key(config, user), new Outcome(label(report.outcome()), report.ok(), report.message(), at));
    }

    Outcome get(UUID config, UUID user) {
        return last.get(new Key(config, user));
    }

    /** The outcome's name as the issue lists them: OK, unreachable, TLS, sealed, login failed, permission denied. */
    static String label(ConnectionReport.Outcome o) {
        return switch (o) {
            case OK -> "OK";
            case TLS -> "TLS";
            default -> o.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
