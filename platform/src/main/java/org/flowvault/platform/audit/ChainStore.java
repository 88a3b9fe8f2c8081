package org.flowvault.platform.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.jdbi.v3.core.Handle;

/**
 * The chain in the database: appends under the head row's lock (so any number of nodes extend one
 * chain), verification from the newest purge anchor to the head, and purges that leave an anchor.
 *
 * <p>A record is stored as a link ({@code audit_links}: seq, id, time, template, mac) pointing at
 * its template ({@code audit_templates}: every other field, stored once); the view
 * {@code audit_records} joins them. The writer remembers which template objects of its journal it
 * has stored, so a warm batch writes narrow rows and touches each of its templates once.
 */
final class ChainStore {
    static final String COLUMNS = "seq, id, at, template, node, action, outcome, user_id, username, api_key_id, run_id, flow_id, "
            + "project_id, config_name, namespace, mount, path, kv_version, connection_id, connection_name, entry_id, field, detail, "
            + "secrets, mac";
    /** {@link #COLUMNS} qualified for the join of links ({@code l}) and templates ({@code t}) that the view {@code audit_records} is. */
    private static final String JOINED = java.util.Arrays.stream(COLUMNS.split(", "))
            .map(c -> (Set.of("seq", "id", "at", "template", "mac").contains(c) ? "l." : "t.") + c)
            .collect(java.util.stream.Collectors.joining(", "));
    private static final String INSERT_LINK = "INSERT INTO audit_links (seq, id, at, template, mac) VALUES (?, ?, ?, ?, ?)";
    private static final int ROWS_PER_INSERT = 50;
    private static final String INSERT_LINKS = "INSERT INTO audit_links (seq, id, at, template, mac) VALUES "
            + String.join(", ", java.util.Collections.nCopies(ROWS_PER_INSERT, "(?, ?, ?, ?, ?)"));
    /** uuids bound as text and cast: a batch cannot type a null uuid on PostgreSQL. */
    private static final String INSERT_TEMPLATE = "INSERT INTO audit_templates (id, digest, node, action, outcome, user_id, username, "
            + "api_key_id, run_id, flow_id, project_id, config_name, namespace, mount, path, kv_version, connection_id, connection_name, "
            + "entry_id, field, detail, secrets, first_seq, last_seq, last_at) VALUES (?, ?, ?, ?, ?, CAST(? AS uuid), ?, CAST(? AS uuid), "
            + "CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), ?, ?, ?, ?, ?, CAST(? AS uuid), ?, CAST(? AS uuid), ?, ?, ?, ?, ?, ?)";
    /**
     * Only widens the template's seq range and time: several journal templates of one batch (two
     * drafts with the same content) can be one stored template, touched once for each.
     */
    private static final String TOUCH_TEMPLATE = "UPDATE audit_templates SET first_seq = CASE WHEN first_seq > ? THEN ? ELSE first_seq END, "
            + "last_seq = CASE WHEN last_seq < ? THEN ? ELSE last_seq END, "
            + "last_at = CASE WHEN last_at < ? THEN ? ELSE last_at END WHERE id = ?";
    private static final String LOCK_HEAD = "SELECT seq, mac FROM audit_chain WHERE id = 'head' FOR UPDATE";
    /** Template objects remembered at most; the journal makes new ones per generation. */
    private static final int KNOWN_TEMPLATES = 4096;
    /** Up to this many matching templates, a scan names them by id; beyond, it joins on the condition. */
    private static final int SCAN_BY_IDS = 500;

    private final Database db;
    private final Chain chain;
    private final String node;
    /** The writer's templates already in the database, by the journal's object (one writer thread per store). */
    private final Map<AuditRecord, Known> known = new IdentityHashMap<>();

    ChainStore(Database db, Chain chain, String node) {
        this.db = db;
        this.chain = chain;
        this.node = node;
    }

    /** A template in the database: its id and digest. */
    private record Known(long id, byte[] digest) {
    }

    /**
     * Appends {@code records} in order, each id once.
     *
     * @param maybeStored whether some may be stored already (a journal replayed after a crash, a
     *                    batch retried after its commit's answer was lost): they are skipped
     */
    void append(List<Stamp> records, boolean maybeStored) {
        try {
            db.jdbi().useTransaction(h -> append(h, records, maybeStored));
        } catch (RuntimeException e) {
            forgetKnown(); // rolled back, or its commit's answer lost: the templates it inserted may be gone
            throw e;
        }
    }

    private synchronized void forgetKnown() {
        known.clear();
    }

    private synchronized void append(Handle h, List<Stamp> records, boolean maybeStored) {
        Head head = lockHead(h);
        Set<UUID> stored = maybeStored ? alreadyStored(h, records) : new HashSet<>();
        long seq = head.seq;
        String mac = head.mac;
        // seqs and each template's use first; then the template rows the links point at, then the links
        Map<AuditRecord, long[]> uses = new IdentityHashMap<>(); // template -> {first seq, last seq, newest at (micros)}
        long[] seqs = new long[records.size()];
        for (int i = 0; i < records.size(); i++) {
            Stamp r = records.get(i);
            if (maybeStored && !stored.add(r.id())) {
                continue; // already stored, or twice in a replayed journal
            }
            seqs[i] = ++seq;
            long at = Journal.micros(r.at());
            long[] use = uses.get(r.template());
            if (use == null) {
                uses.put(r.template(), new long[] {seq, seq, at});
            } else {
                use[1] = seq;
                use[2] = Math.max(use[2], at);
            }
        }
        if (seq == head.seq) {
            return;
        }
        try {
            Map<AuditRecord, Known> ids = templates(h, uses);
            // multi-row INSERTs of ROWS_PER_INSERT links, the rest one by one in a batch: the
            // per-statement work of a JDBC batch cost the writer as much as the rows' HMACs
            try (PreparedStatement many = h.getConnection().prepareStatement(INSERT_LINKS);
                 PreparedStatement one = h.getConnection().prepareStatement(INSERT_LINK)) {
                int inMany = 0;
                int count = (int) (seq - head.seq);
                int full = count / ROWS_PER_INSERT * ROWS_PER_INSERT;
                int written = 0;
                for (int i = 0; i < records.size(); i++) {
                    if (seqs[i] == 0) {
                        continue;
                    }
                    Stamp r = records.get(i);
                    Known t = ids.get(r.template());
                    mac = chain.link(seqs[i], r.id(), r.at(), t.digest, mac);
                    if (written++ < full) {
                        bindLink(many, inMany * 5, seqs[i], r, t.id, mac);
                        if (++inMany == ROWS_PER_INSERT) {
                            many.addBatch();
                            inMany = 0;
                        }
                    } else {
                        bindLink(one, 0, seqs[i], r, t.id, mac);
                        one.addBatch();
                    }
                }
                if (full > 0) {
                    many.executeBatch();
                }
                if (full < count) {
                    one.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store audit records (SQL state " + e.getSQLState() + ")", e);
        }
        h.createUpdate("UPDATE audit_chain SET seq = :s, mac = :m WHERE id = 'head'").bind("s", seq).bind("m", mac).execute();
        if (h.createUpdate("UPDATE audit_nodes SET last_seq = :s WHERE node = :n").bind("s", seq).bind("n", node).execute() == 0) {
            h.createUpdate("INSERT INTO audit_nodes (node, last_seq) VALUES (:n, :s)").bind("s", seq).bind("n", node).execute();
        }
    }

    /** The id of the last record this node stored, or null. */
    UUID lastStoredId() {
        return db.jdbi().withHandle(this::lastStoredId);
    }

    private UUID lastStoredId(Handle h) {
        return h.createQuery("SELECT l.id FROM audit_nodes n JOIN audit_links l ON l.seq = n.last_seq WHERE n.node = :n")
                .bind("n", node).map((rs, ctx) -> uuid(rs, "id")).findOne().orElse(null);
    }

    /**
     * The ids among {@code records} already stored: a batch retried after its commit answer was
     * lost was stored whole or not at all, and if it was, it ends with this node's last stored
     * record; a record twice in the batch is stored once.
     */
    private Set<UUID> alreadyStored(Handle h, List<Stamp> records) {
        UUID last = lastStoredId(h);
        Set<UUID> out = new HashSet<>();
        for (int i = records.size() - 1; i >= 0 && last != null; i--) {
            if (records.get(i).id().equals(last)) {
                for (int j = 0; j <= i; j++) {
                    out.add(records.get(j).id());
                }
                break;
            }
        }
        return out;
    }

    /**
     * The database ids of the batch's templates: known ones touched (their last seq and time),
     * new ones found by digest (stored by an earlier generation or process) or inserted.
     */
    private Map<AuditRecord, Known> templates(Handle h, Map<AuditRecord, long[]> uses) throws SQLException {
        if (known.size() > KNOWN_TEMPLATES) {
            known.clear();
        }
        Map<AuditRecord, Known> out = new IdentityHashMap<>();
        long next = -1;
        try (PreparedStatement touch = h.getConnection().prepareStatement(TOUCH_TEMPLATE)) {
            for (var e : uses.entrySet()) {
                long[] use = e.getValue();
                Known t = known.get(e.getKey());
                if (t != null && touch(touch, t.id, use) == 0) {
                    t = null; // purged since: store it again
                }
                if (t == null) {
                    byte[] digest = Chain.digest(e.getKey());
                    String hex = HexFormat.of().formatHex(digest);
                    Long id = h.createQuery("SELECT id FROM audit_templates WHERE digest = :d").bind("d", hex).mapTo(Long.class)
                            .findOne().orElse(null);
                    if (id != null) {
                        touch(touch, id, use);
                    } else {
                        if (next < 0) {
                            next = h.createQuery("SELECT seq FROM audit_chain WHERE id = 'templates'").mapTo(Long.class).one() + 1;
                        }
                        id = next++;
                        insertTemplate(h, id, hex, e.getKey(), use);
                    }
                    t = new Known(id, digest);
                    known.put(e.getKey(), t);
                }
                out.put(e.getKey(), t);
            }
        }
        if (next > 0) { // ids are never reused, so a writer's remembered id never names another template
            h.createUpdate("UPDATE audit_chain SET seq = :s WHERE id = 'templates'").bind("s", next - 1).execute();
        }
        return out;
    }

    private static void bindLink(PreparedStatement ps, int at, long seq, Stamp r, long template, String mac) throws SQLException {
        ps.setLong(at + 1, seq);
        ps.setObject(at + 2, r.id());
        ps.setObject(at + 3, Times.db(r.at()));
        ps.setLong(at + 4, template);
        ps.setString(at + 5, mac);
    }

    private static int touch(PreparedStatement touch, long id, long[] use) throws SQLException {
        Object at = Times.db(Instant.EPOCH.plus(use[2], ChronoUnit.MICROS));
        touch.setLong(1, use[0]);
        touch.setLong(2, use[0]);
        touch.setLong(3, use[1]);
        touch.setLong(4, use[1]);
        touch.setObject(5, at);
        touch.setObject(6, at);
        touch.setLong(7, id);
        return touch.executeUpdate();
    }

    private static void insertTemplate(Handle h, long id, String digest, AuditRecord r, long[] use) throws SQLException {
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT_TEMPLATE)) {
            ps.setLong(1, id);
            ps.setString(2, digest);
            ps.setString(3, r.node());
            ps.setString(4, r.action().label());
            ps.setString(5, r.outcome().label());
            ps.setString(6, text(r.userId()));
            ps.setString(7, r.username());
            ps.setString(8, text(r.apiKeyId()));
            ps.setString(9, text(r.runId()));
            ps.setString(10, text(r.flowId()));
            ps.setString(11, text(r.projectId()));
            ps.setString(12, r.config());
            ps.setString(13, r.namespace());
            ps.setString(14, r.mount());
            ps.setString(15, r.path());
            if (r.kvVersion() == null) {
                ps.setNull(16, Types.BIGINT);
            } else {
                ps.setLong(16, r.kvVersion());
            }
            ps.setString(17, text(r.connectionId()));
            ps.setString(18, r.connection());
            ps.setString(19, text(r.entryId()));
            ps.setString(20, r.field());
            ps.setString(21, r.detail());
            ps.setString(22, SecretList.encode(r.secrets()));
            ps.setLong(23, use[0]);
            ps.setLong(24, use[1]);
            ps.setObject(25, Times.db(Instant.EPOCH.plus(use[2], ChronoUnit.MICROS)));
            ps.executeUpdate();
        }
    }

    /**
     * Deletes the records older than {@code cutoff} (a prefix of the chain: up to the newest such
     * seq) and appends an {@link AuditAction#AUDIT_PURGE} anchor naming the last purged seq and its
     * mac, so verification starts there. Returns how many records were purged.
     */
    int purge(Instant cutoff, AuditRecord anchorDraft) {
        return db.jdbi().inTransaction(h -> {
            lockHead(h);
            long through = lastBefore(h, cutoff);
            if (through == 0) {
                return 0;
            }
            String mac = h.createQuery("SELECT mac FROM audit_links WHERE seq = :s").bind("s", through).mapTo(String.class).one();
            int n = h.createUpdate("DELETE FROM audit_links WHERE seq <= :s").bind("s", through).execute();
            h.createUpdate("DELETE FROM audit_templates WHERE last_seq <= :s").bind("s", through).execute();
            AuditRecord anchor = new AuditRecord(anchorDraft.id(), anchorDraft.at(), anchorDraft.node(), AuditAction.AUDIT_PURGE,
                    AuditRecord.Outcome.OK, anchorDraft.userId(), anchorDraft.username(), null, null, null, null, null, null, null,
                    null, null, null, null, null, null, Anchor.detail(through, mac, n), null);
            append(h, List.of(Stamp.of(anchor)), false);
            return n;
        });
    }

    /**
     * The newest seq of a record older than {@code cutoff}, or 0: a binary search over the links
     * by seq (their times follow the seq order, up to a lagging node's backlog), so a purge reads
     * a few dozen rows instead of an index on time that every append would have to update.
     */
    private static long lastBefore(Handle h, Instant cutoff) {
        Long first = h.createQuery("SELECT min(seq) FROM audit_links").mapTo(Long.class).one();
        if (first == null) {
            return 0;
        }
        long last = h.createQuery("SELECT max(seq) FROM audit_links").mapTo(Long.class).one();
        Object c = Times.db(cutoff);
        java.util.function.LongPredicate olderAt = s -> h.createQuery("SELECT count(*) FROM audit_links WHERE seq = "
                + "(SELECT min(seq) FROM audit_links WHERE seq >= :s) AND at < :c").bind("s", s).bind("c", c).mapTo(Long.class).one() > 0;
        if (!olderAt.test(first)) {
            return 0;
        }
        long lo = first; // older than the cutoff
        long hi = last + 1; // not
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (olderAt.test(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return h.createQuery("SELECT max(seq) FROM audit_links WHERE seq <= :s").bind("s", lo).mapTo(Long.class).one();
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
            long linksFrom = h.createQuery("SELECT seq FROM audit_chain WHERE id = 'links'").mapTo(Long.class).one();
            Map<Long, byte[]> digests = new HashMap<>(); // computed from the first record of each template, so an edited template breaks it
            var rows = h.createQuery("SELECT " + COLUMNS + " FROM audit_records WHERE seq >= :from ORDER BY seq")
                    .bind("from", expected).setFetchSize(1000)
                    .map((rs, ctx) -> new Row(rs.getLong("seq"), rs.getLong("template"), read(rs), rs.getString("mac")));
            try (var it = rows.iterator()) {
                while (it.hasNext()) {
                    Row row = it.next();
                    if (row.seq != expected) {
                        return Verification.broken(checked, expected, "record " + expected + " is missing: deleted or renumbered"
                                + (row.seq > expected ? " (the next record is " + row.seq + ")" : ""));
                    }
                    String mac = row.seq < linksFrom ? chain.mac(row.seq, row.record, previous)
                            : chain.link(row.seq, row.record.id(), row.record.at(),
                                    digests.computeIfAbsent(row.template, t -> Chain.digest(row.record)), previous);
                    if (!mac.equals(row.mac)) {
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

    /**
     * The records matching both conditions, newest first or in chain order. The templates that
     * match come first (few, indexed), so only the links of those templates, between the first
     * and last seq they were used, are read: the links have no index but their seq.
     *
     * @param templates a condition on what templates hold ({@link AuditQuery#templateSql})
     * @param time      a condition on time and seq ({@link AuditQuery#timeSql})
     */
    void scan(AuditQuery.Sql templates, AuditQuery.Sql time, boolean newestFirst, int limit, Consumer<AuditEntry> out) {
        db.jdbi().useHandle(h -> {
            var range = h.createQuery("SELECT count(*) AS n, min(first_seq) AS lo, max(last_seq) AS hi FROM audit_templates WHERE "
                    + templates.condition());
            templates.bindings().forEach(range::bind);
            long[] r = range.map((rs, ctx) -> new long[] {rs.getLong("n"), rs.getLong("lo"), rs.getLong("hi")}).one();
            if (r[0] == 0) {
                return;
            }
            StringBuilder where = new StringBuilder("l.seq >= :s_lo AND l.seq <= :s_hi AND ").append(time.condition());
            List<Long> ids = List.of();
            if (r[0] <= SCAN_BY_IDS) {
                var q = h.createQuery("SELECT id FROM audit_templates WHERE " + templates.condition());
                templates.bindings().forEach(q::bind);
                ids = q.mapTo(Long.class).list();
                where.append(" AND l.template IN (<s_ids>)");
            } else {
                where.append(" AND ").append(templates.condition());
            }
            // the join itself, not the view: the seq range and the template list then name the links' own columns
            var q = h.createQuery("SELECT " + JOINED + " FROM audit_links l JOIN audit_templates t ON t.id = l.template WHERE " + where
                    + " ORDER BY seq "
                    + (newestFirst ? "DESC" : "ASC") + (limit > 0 ? " LIMIT " + limit : "")).setFetchSize(1000);
            q.bind("s_lo", r[1]).bind("s_hi", r[2]);
            time.bindings().forEach(q::bind);
            if (!ids.isEmpty()) {
                q.bindList("s_ids", ids);
            } else {
                templates.bindings().forEach(q::bind);
            }
            try (var it = q.map((rs, ctx) -> new AuditEntry(rs.getLong("seq"), read(rs))).iterator()) {
                it.forEachRemaining(out);
            }
        });
    }

    /**
     * When a record matching {@code where} was last written, if ever.
     *
     * @param byTemplate whether {@code where} names only what a template holds (no time or seq):
     *                   then the templates' newest times answer without reading the records
     */
    Instant lastAt(AuditQuery.Sql where, boolean byTemplate) {
        return db.jdbi().withHandle(h -> {
            var q = h.createQuery("SELECT max(" + (byTemplate ? "last_at" : "at") + ") AS at FROM "
                    + (byTemplate ? "audit_templates" : "audit_records") + " WHERE " + where.condition());
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

    private record Row(long seq, long template, AuditRecord record, String mac) {
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
