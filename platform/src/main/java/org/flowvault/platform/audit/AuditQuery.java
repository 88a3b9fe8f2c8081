package org.flowvault.platform.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;

/**
 * Which records to list: every filter optional, all given ones must match.
 *
 * @param path   a secret path as written ({@code secret/app}), optionally {@code config:path}
 * @param user   a user name or user id
 * @param runId  a run
 * @param action an action label ({@code connection.resolve}...)
 * @param since  at or after (inclusive)
 * @param until  before (exclusive)
 * @param before only records with a smaller seq (the paging cursor), or 0
 * @param limit  how many at most (1..1000); export ignores it
 */
public record AuditQuery(String path, String user, UUID runId, String action, Instant since, Instant until, long before, int limit) {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw PlatformException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (before < 0) {
            throw PlatformException.invalid("before must be a record's seq (a positive number)");
        }
        if (action != null && AuditAction.of(action).isEmpty()) {
            throw PlatformException.invalid("action must be one of " + java.util.Arrays.stream(AuditAction.values())
                    .map(AuditAction::label).toList());
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw PlatformException.invalid("since must be before until");
        }
    }

    /** Every record, newest first, one default page. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    /** An SQL condition and its bindings. */
    record Sql(String condition, Map<String, Object> bindings) {
    }

    /** The conditions on what a record's own entry holds: its time and seq. */
    Window window() {
        return new Window(since, until, before);
    }

    /**
     * Time and seq bounds of records ({@code since} inclusive, {@code until} and {@code before}
     * exclusive; null or 0 when unbounded). A block holds many records, so the bounds are checked
     * twice: on the block's time range and first seq in SQL ({@link #blockSql}), then per record.
     */
    record Window(Instant since, Instant until, long before) {
        static final Window ALL = new Window(null, null, 0);

        /** Whether any bound is set. */
        boolean bounded() {
            return since != null || until != null || before > 0;
        }

        /** A condition on {@code audit_blocks b} that keeps every block holding a record inside. */
        Sql blockSql() {
            List<String> and = new ArrayList<>();
            Map<String, Object> b = new LinkedHashMap<>();
            and.add("1 = 1");
            if (since != null) {
                and.add("b.last_at >= :w_since");
                b.put("w_since", Times.db(since));
            }
            if (until != null) {
                and.add("b.first_at < :w_until");
                b.put("w_until", Times.db(until));
            }
            if (before > 0) {
                and.add("b.first_seq < :w_before");
                b.put("w_before", before);
            }
            return new Sql(String.join(" AND ", and), b);
        }

        boolean contains(long seq, long atMicros) {
            return (before <= 0 || seq < before)
                    && (since == null || atMicros >= Journal.micros(since))
                    && (until == null || atMicros < Journal.micros(until));
        }
    }

    /**
     * The conditions on what a template holds (path, user, run, action, project), limited to
     * {@code projects} when not null: a condition on {@code audit_templates}.
     */
    Sql templateSql(List<UUID> projects) {
        List<String> and = new ArrayList<>();
        Map<String, Object> b = new LinkedHashMap<>();
        and.add("1 = 1");
        if (path != null && !path.isBlank()) {
            String p = path.strip();
            String config = null;
            int colon = p.indexOf(':');
            if (colon > 0 && p.lastIndexOf('/', colon) < 0) {
                config = p.substring(0, colon);
                p = p.substring(colon + 1);
            }
            p = trimSlashes(p);
            // the single-location columns, or any line of a multi-secret record's list
            and.add("((path = :q_path" + (config == null ? "" : " AND config_name = :q_config")
                    + ") OR secrets LIKE :q_secrets ESCAPE '!')");
            b.put("q_path", p);
            if (config != null) {
                b.put("q_config", config);
            }
            b.put("q_secrets", SecretList.likePattern(p, config));
        }
        if (user != null && !user.isBlank()) {
            UUID id = uuidOrNull(user.strip());
            if (id != null) {
                and.add("user_id = CAST(:q_user AS uuid)");
                b.put("q_user", id.toString());
            } else {
                and.add("username = :q_user");
                b.put("q_user", user.strip());
            }
        }
        if (runId != null) {
            and.add("run_id = CAST(:q_run AS uuid)");
            b.put("q_run", runId.toString());
        }
        if (action != null) {
            and.add("action = :q_action");
            b.put("q_action", action);
        }
        if (projects != null) {
            if (projects.isEmpty()) {
                and.add("1 = 0");
            } else {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < projects.size(); i++) {
                    names.add("CAST(:q_p" + i + " AS uuid)");
                    b.put("q_p" + i, projects.get(i).toString());
                }
                and.add("project_id IN (" + String.join(", ", names) + ")");
            }
        }
        return new Sql(String.join(" AND ", and), b);
    }

    static String trimSlashes(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static UUID uuidOrNull(String s) {
        try {
            return s.length() == 36 ? UUID.fromString(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
