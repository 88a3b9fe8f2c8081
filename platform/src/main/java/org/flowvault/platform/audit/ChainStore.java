package org.flowvault.platform.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.jdbi.v3.core.Handle;

/**
 * The chain in the database: appends under the head row's lock (so any number of nodes extend one
 * chain), verification from the newest purge anchor to the head, and purges that leave an anchor.
 */
final class ChainStore {
    static final String COLUMNS = "seq, id, at, node, action, outcome, user_id, username, api_key_id, run_id, flow_id, project_id, "
            + "config_name, namespace, mount, path, kv_version, connection_id, connection_name, entry_id, field, detail, secrets, mac";
    /** uuids bound as text and cast: a batch cannot type a null uuid on PostgreSQL. */
    private static final String INSERT = "INSERT INTO audit_records (" + COLUMNS + ") VALUES (?, CAST(? AS uuid), ?, ?, ?, ?, "
            + "CAST(? AS uuid), ?, CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), ?, ?, ?, ?, ?, "
            + "CAST(? AS uuid), ?, CAST(? AS uuid), ?, ?, ?, ?)";
    private static final String LOCK_HEAD = "SELECT seq, mac FROM audit_chain WHERE id = 'head' FOR UPDATE";

    private final Database db;
    private final Chain chain;

    ChainStore(Database db, Chain chain) {
        this.db = db;
        this.chain = chain;
    }

    /**
     * Appends {@code records} in order, each id once.
     *
     * @param maybeStored whether some may be stored already (a journal replayed after a crash, a
     *                    batch retried after its commit's answer was lost): they are skipped
     */
    void append(List<AuditRecord> records, boolean maybeStored) {
        db.jdbi().useTransaction(h -> append(h, records, maybeStored));
    }

    private void append(Handle h, List<AuditRecord> records, boolean maybeStored) {
        Head head = lockHead(h);
        Set<String> stored = !maybeStored ? new HashSet<>()
                : new HashSet<>(h.createQuery("SELECT CAST(id AS varchar) FROM audit_records WHERE id IN (<ids>)")
                .bindList("ids", records.stream().map(AuditRecord::id).toList()).mapTo(String.class).list());
        long seq = head.seq;
        String mac = head.mac;
        // plain JDBC: one reused statement, one batch per transaction; Jdbi's named binding cost
        // more CPU per row than the insert itself
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
            for (AuditRecord r : records) {
                if (maybeStored && !stored.add(r.id().toString())) {
                    continue; // already stored, or twice in a replayed journal
                }
                seq++;
                mac = chain.mac(seq, r, mac);
                ps.setLong(1, seq);
                ps.setString(2, r.id().toString());
                ps.setObject(3, Times.db(r.at()));
                ps.setString(4, r.node());
                ps.setString(5, r.action().label());
                ps.setString(6, r.outcome().label());
                ps.setString(7, text(r.userId()));
                ps.setString(8, r.username());
                ps.setString(9, text(r.apiKeyId()));
                ps.setString(10, text(r.runId()));
                ps.setString(11, text(r.flowId()));
                ps.setString(12, text(r.projectId()));
                ps.setString(13, r.config());
                ps.setString(14, r.namespace());
                ps.setString(15, r.mount());
                ps.setString(16, r.path());
                if (r.kvVersion() == null) {
                    ps.setNull(17, Types.BIGINT);
                } else {
                    ps.setLong(17, r.kvVersion());
                }
                ps.setString(18, text(r.connectionId()));
                ps.setString(19, r.connection());
                ps.setString(20, text(r.entryId()));
                ps.setString(21, r.field());
                ps.setString(22, r.detail());
                ps.setString(23, SecretList.encode(r.secrets()));
                ps.setString(24, mac);
                ps.addBatch();
            }
            if (seq == head.seq) {
                return;
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store audit records (SQL state " + e.getSQLState() + ")", e);
        }
        h.createUpdate("UPDATE audit_chain SET seq = :s, mac = :m WHERE id = 'head'").bind("s", seq).bind("m", mac).execute();
    }

    /**
     * Deletes the records older than {@code cutoff} (a prefix of the chain: up to the newest such
     * seq) and appends an {@link AuditAction#AUDIT_PURGE} anchor naming the last purged seq and its
     * mac, so verification starts there. Returns how many records were purged.
     */
    int purge(Instant cutoff, AuditRecord anchorDraft) {
        return db.jdbi().inTransaction(h -> {
            lockHead(h);
            Long through = h.createQuery("SELECT max(seq) FROM audit_records WHERE at < :c").bind("c", Times.db(cutoff))
                    .mapTo(Long.class).one();
            if (through == null) {
                return 0;
            }
            String mac = h.createQuery("SELECT mac FROM audit_records WHERE seq = :s").bind("s", through).mapTo(String.class).one();
            int n = h.createUpdate("DELETE FROM audit_records WHERE seq <= :s").bind("s", through).execute();
            AuditRecord anchor = new AuditRecord(anchorDraft.id(), anchorDraft.at(), anchorDraft.node(), AuditAction.AUDIT_PURGE,
                    AuditRecord.Outcome.OK, anchorDraft.userId(), anchorDraft.username(), null, null, null, null, null, null, null,
                    null, null, null, null, null, null, Anchor.detail(through, mac, n), null);
            append(h, List.of(anchor), false);
            return n;
        });
    }

    /** Walks the chain from the newest anchor (or the first record) to the head; stops at the first broken link. */
    Verification verify() {
        return db.jdbi().inTransaction(h -> {
            Head head = h.createQuery("SELECT seq, mac FROM audit_chain WHERE id = 'head'")
                    .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("mac"))).one();
            Anchor anchor = h.createQuery("SELECT detail FROM audit_records WHERE action = :a ORDER BY seq DESC LIMIT 1")
                    .bind("a", AuditAction.AUDIT_PURGE.label()).mapTo(String.class).findOne().flatMap(Anchor::parse).orElse(null);
            long expected = anchor == null ? 1 : anchor.through() + 1;
            String previous = anchor == null ? Chain.GENESIS : anchor.mac();
            long checked = 0;
            var rows = h.createQuery("SELECT " + COLUMNS + " FROM audit_records WHERE seq >= :from ORDER BY seq")
                    .bind("from", expected).setFetchSize(1000).map((rs, ctx) -> new Row(rs.getLong("seq"), read(rs), rs.getString("mac")));
            try (var it = rows.iterator()) {
                while (it.hasNext()) {
                    Row row = it.next();
                    if (row.seq != expected) {
                        return Verification.broken(checked, expected, "record " + expected + " is missing: deleted or renumbered"
                                + (row.seq > expected ? " (the next record is " + row.seq + ")" : ""));
                    }
                    if (!chain.mac(row.seq, row.record, previous).equals(row.mac)) {
                        return Verification.broken(checked, row.seq, "record " + row.seq
                                + " does not match its MAC: it was edited, moved, or a record before it was changed");
                    }
                    previous = row.mac;
                    expected++;
                    checked++;
                }
            }
            if (head.seq >= expected) {
                return Verification.broken(checked, expected, "the chain ends at record " + (expected - 1) + " but its head is record "
                        + head.seq + ": the newest records were deleted");
            }
            if (head.seq > 0 && !head.mac.equals(previous)) {
                return Verification.broken(checked, head.seq, "the chain head does not match record " + head.seq);
            }
            return Verification.intact(checked);
        });
    }

    /** The records matching {@code where} (a condition on the table, with its bindings), newest first or in chain order. */
    void scan(AuditQuery.Sql where, boolean newestFirst, int limit, Consumer<AuditEntry> out) {
        db.jdbi().useHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM audit_records WHERE " + where.condition() + " ORDER BY seq "
                    + (newestFirst ? "DESC" : "ASC") + (limit > 0 ? " LIMIT " + limit : "")).setFetchSize(1000);
            where.bindings().forEach(q::bind);
            try (var it = q.map((rs, ctx) -> new AuditEntry(rs.getLong("seq"), read(rs))).iterator()) {
                it.forEachRemaining(out);
            }
        });
    }

    /** When a record matching {@code where} was last written, if ever. */
    Instant lastAt(AuditQuery.Sql where) {
        return db.jdbi().withHandle(h -> {
            var q = h.createQuery("SELECT max(at) AS at FROM audit_records WHERE " + where.condition());
            where.bindings().forEach(q::bind);
            return q.map((rs, ctx) -> Times.instant(rs, "at")).findOne().orElse(null);
        });
    }

    private static Head lockHead(Handle h) {
        return h.createQuery(LOCK_HEAD).map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("mac"))).one();
    }

    static AuditRecord read(ResultSet rs) throws SQLException {
        long v = rs.getLong("kv_version");
        Long version = rs.wasNull() ? null : v;
        long seq = rs.getLong("seq");
        return new AuditRecord(uuid(rs, "id"), Times.instant(rs, "at"), rs.getString("node"),
                AuditAction.of(rs.getString("action")).orElseThrow(() -> new IllegalStateException("unknown audit action in record " + seq)),
                AuditRecord.Outcome.of(rs.getString("outcome")), uuid(rs, "user_id"), rs.getString("username"), uuid(rs, "api_key_id"),
                uuid(rs, "run_id"), uuid(rs, "flow_id"), uuid(rs, "project_id"), rs.getString("config_name"), rs.getString("namespace"),
                rs.getString("mount"), rs.getString("path"), version, uuid(rs, "connection_id"), rs.getString("connection_name"),
                uuid(rs, "entry_id"), rs.getString("field"), rs.getString("detail"), SecretList.decode(rs.getString("secrets")));
    }

    private static UUID uuid(ResultSet rs, String column) throws SQLException {
        Object o = rs.getObject(column);
        return o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    /** A nullable uuid as text: a batch cannot type a null uuid on PostgreSQL, so the SQL casts. */
    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    private record Head(long seq, String mac) {
    }

    private record Row(long seq, AuditRecord record, String mac) {
    }

    /** The detail of a purge record: the last purged seq and its mac, where verification starts. */
    record Anchor(long through, String mac) {
        static String detail(long through, String mac, int count) {
            return "purged " + count + " records through seq " + through + "; anchor mac " + mac;
        }

        static java.util.Optional<Anchor> parse(String detail) {
            var m = java.util.regex.Pattern.compile("through seq (\\d+); anchor mac ([0-9a-f]{64})").matcher(detail == null ? "" : detail);
            return m.find() ? java.util.Optional.of(new Anchor(Long.parseLong(m.group(1)), m.group(2))) : java.util.Optional.empty();
        }
    }

}
