package org.flowvault.platform.audit;

import java.sql.Connection;
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
 * <p>Each append stores its records in {@link Block}s of {@code audit_blocks} (up to
 * {@link #RECORDS_PER_BLOCK} records packed 64 bytes each: template id, record id, time, MAC)
 * pointing at templates in {@code audit_templates} (what records say, each distinct content once);
 * {@code audit_uses} says which blocks use which template. The writer remembers which template
 * objects of its journal it has stored, so a warm batch of 10,000 records writes 40 block rows, a
 * row per template and block, and a touch of each template.
 */
final class ChainStore {
    private static final String TEMPLATE_COLUMNS = "id, node, action, outcome, user_id, username, api_key_id, run_id, flow_id, "
            + "project_id, config_name, namespace, mount, path, kv_version, connection_id, connection_name, entry_id, field, detail, "
            + "secrets";
    private static final String INSERT_BLOCK = "INSERT INTO audit_blocks (first_seq, last_seq, first_at, last_at, records) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_USE = "INSERT INTO audit_uses (template, block) VALUES (?, ?)";
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
    /** Up to this many matching templates, a scan names them by id; beyond, it selects them by the condition. */
    private static final int SCAN_BY_IDS = 500;
    /** Blocks read per query by lists (up to {@link #RECORDS_PER_BLOCK} records each). */
    private static final int BLOCKS_PER_READ = 16;
    /** Verification reads every block in order: larger reads, fewer queries (2 MiB each). */
    private static final int BLOCKS_PER_VERIFY_READ = 128;
    /**
     * At most this many records per block (16 KiB): a batch stores several. H2 rewrites the last
     * leaf page of a table on the next insert; a block larger than a page (one row per leaf) was
     * therefore written twice, and the chunk it left half dead was compacted again, about three
     * times the records' bytes in all.
     */
    static final int RECORDS_PER_BLOCK = 256;
    /** Templates a reader keeps at most; it reads them by id, block by block. */
    private static final int CACHED_TEMPLATES = 50_000;
    /** Links a V62 node left, moved into blocks per transaction. */
    private static final int LINKS_PER_MOVE = 5_000;

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
        // seqs and each template's use first; then the template rows the block points at, then the block
        Map<AuditRecord, long[]> uses = new IdentityHashMap<>(); // template -> {first seq, last seq, newest at (micros)}
        long[] seqs = new long[records.size()];
        long[] ats = new long[records.size()];
        for (int i = 0; i < records.size(); i++) {
            Stamp r = records.get(i);
            if (maybeStored && !stored.add(r.id())) {
                continue; // already stored, or twice in a replayed journal
            }
            seqs[i] = ++seq;
            long at = Journal.micros(r.at());
            ats[i] = at;
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
            Chain.Links links = chain.links(head.mac);
            long first = head.seq + 1; // the next block's first seq
            Block.Builder block = new Block.Builder((int) Math.min(RECORDS_PER_BLOCK, seq - head.seq));
            Set<Long> used = new HashSet<>();
            for (int i = 0; i < records.size(); i++) {
                if (seqs[i] == 0) {
                    continue;
                }
                Stamp r = records.get(i);
                Known t = ids.get(r.template());
                block.add(t.id, r.id(), ats[i], links.next(seqs[i], r.id(), ats[i], t.digest));
                used.add(t.id);
                if (block.size() == RECORDS_PER_BLOCK || seqs[i] == seq) {
                    insertBlock(h, first, seqs[i], block, used);
                    first = seqs[i] + 1;
                    block = new Block.Builder((int) Math.min(RECORDS_PER_BLOCK, seq - seqs[i]));
                    used.clear();
                }
            }
            // plain JDBC for the batch's fixed statements: they run once per block, the SQL library's per-statement work each time
            Connection c = h.getConnection();
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_chain SET seq = ?, mac = ? WHERE id = 'head'")) {
                ps.setLong(1, seq);
                ps.setString(2, links.previous());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_nodes SET last_seq = ? WHERE node = ?")) {
                ps.setLong(1, seq);
                ps.setString(2, node);
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_nodes (node, last_seq) VALUES (?, ?)")) {
                        insert.setString(1, node);
                        insert.setLong(2, seq);
                        insert.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store audit records (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private static void insertBlock(Handle h, long firstSeq, long lastSeq, Block.Builder block, Set<Long> templates) throws SQLException {
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT_BLOCK)) {
            ps.setLong(1, firstSeq);
            ps.setLong(2, lastSeq);
            ps.setObject(3, Times.db(block.firstAt()));
            ps.setObject(4, Times.db(block.lastAt()));
            ps.setBytes(5, block.bytes());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT_USE)) {
            for (long t : templates) {
                ps.setLong(1, t);
                ps.setLong(2, firstSeq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Moves the records a V62 node stored as one row each ({@code audit_links}) into blocks, keeping
     * their seqs and macs: a gap (a deleted record) stays a gap, so verification still reports it.
     */
    void moveLinks() {
        while (db.jdbi().inTransaction(this::moveLinks) > 0) {
            // next chunk
        }
    }

    private int moveLinks(Handle h) {
        try {
            return moveLinkChunk(h);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move audit records into blocks (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private int moveLinkChunk(Handle h) throws SQLException {
        lockHead(h);
        record Link(long seq, UUID id, long at, long template, String mac) {
        }
        List<Link> links = h.createQuery("SELECT seq, id, at, template, mac FROM audit_links ORDER BY seq LIMIT " + LINKS_PER_MOVE)
                .map((rs, ctx) -> new Link(rs.getLong("seq"), uuid(rs, "id"), Journal.micros(Times.instant(rs, "at")),
                        rs.getLong("template"), rs.getString("mac")))
                .list();
        int from = 0;
        while (from < links.size()) {
            int to = from + 1; // a block: consecutive seqs, at most 500
            while (to < links.size() && to - from < 500 && links.get(to).seq == links.get(to - 1).seq + 1) {
                to++;
            }
            Block.Builder block = new Block.Builder(to - from);
            Set<Long> used = new HashSet<>();
            for (Link l : links.subList(from, to)) {
                // an edited mac that is not hex is kept as zeros: verification reports the record
                byte[] raw = l.mac != null && l.mac.matches("[0-9a-f]{64}") ? HexFormat.of().parseHex(l.mac) : new byte[32];
                block.add(l.template, l.id, l.at, raw);
                used.add(l.template);
            }
            insertBlock(h, links.get(from).seq, links.get(to - 1).seq, block, used);
            from = to;
        }
        if (!links.isEmpty()) {
            h.createUpdate("DELETE FROM audit_links WHERE seq <= :s").bind("s", links.get(links.size() - 1).seq).execute();
        }
        return links.size();
    }

    /** The id of the last record this node stored, or null. */
    UUID lastStoredId() {
        return db.jdbi().withHandle(this::lastStoredId);
    }

    private UUID lastStoredId(Handle h) {
        Long last = h.createQuery("SELECT last_seq FROM audit_nodes WHERE node = :n").bind("n", node).mapTo(Long.class).findOne().orElse(null);
        Block b = last == null ? null : blockHolding(h, last);
        return b == null ? null : b.id((int) (last - b.firstSeq));
    }

    /** The block holding record {@code seq}, or null (also when that block is malformed). */
    private static Block blockHolding(Handle h, long seq) {
        return h.createQuery("SELECT first_seq, last_seq, records FROM audit_blocks WHERE first_seq <= :s ORDER BY first_seq DESC LIMIT 1")
                .bind("s", seq).map((rs, ctx) -> block(rs)).findOne()
                .filter(b -> !b.malformed && b.lastSeq() >= seq).orElse(null);
    }

    private static Block block(ResultSet rs) throws SQLException {
        return new Block(rs.getLong("first_seq"), rs.getLong("last_seq"), rs.getBytes("records"));
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
     * Deletes the records older than {@code cutoff} and appends an {@link AuditAction#AUDIT_PURGE}
     * anchor naming the last purged seq and its mac, so verification starts there. What is deleted
     * is a prefix of the chain in whole blocks: up to the first block holding a record not older
     * than the cutoff (a lagging node's backlog can store older records after newer ones, which
     * then wait for the next purge). Returns how many records were purged.
     */
    int purge(Instant cutoff, AuditRecord anchorDraft) {
        return db.jdbi().inTransaction(h -> {
            lockHead(h);
            Long firstKept = h.createQuery("SELECT min(first_seq) FROM audit_blocks WHERE last_at >= :c").bind("c", Times.db(cutoff))
                    .mapTo(Long.class).one();
            long through = firstKept != null ? firstKept - 1
                    : h.createQuery("SELECT COALESCE(max(last_seq), 0) FROM audit_blocks").mapTo(Long.class).one();
            Block last = through == 0 ? null : blockHolding(h, through);
            if (last == null || last.lastSeq() != through) {
                return 0; // nothing older, or the block there is malformed: verification reports it
            }
            String mac = last.mac(last.size() - 1);
            int n = h.createQuery("SELECT COALESCE(sum(last_seq - first_seq + 1), 0) FROM audit_blocks WHERE last_seq <= :s")
                    .bind("s", through).mapTo(Long.class).one().intValue();
            h.createUpdate("DELETE FROM audit_blocks WHERE last_seq <= :s").bind("s", through).execute();
            h.createUpdate("DELETE FROM audit_uses WHERE block <= :s").bind("s", through).execute();
            h.createUpdate("DELETE FROM audit_templates WHERE last_seq <= :s").bind("s", through).execute();
            AuditRecord anchor = new AuditRecord(anchorDraft.id(), anchorDraft.at(), anchorDraft.node(), AuditAction.AUDIT_PURGE,
                    AuditRecord.Outcome.OK, anchorDraft.userId(), anchorDraft.username(), null, null, null, null, null, null, null,
                    null, null, null, null, null, null, Anchor.detail(through, mac, n), null);
            append(h, List.of(Stamp.of(anchor)), false);
            return n;
        });
    }

    /** Walks the chain from the newest anchor (or the first record) to the head; stops at the first broken link. */
    Verification verify() {
        return db.jdbi().inTransaction(h -> {
            Head head = h.createQuery("SELECT seq, mac FROM audit_chain WHERE id = 'head'")
                    .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("mac"))).one();
            Anchor anchor = h.createQuery("SELECT detail FROM audit_templates WHERE action = :a ORDER BY last_seq DESC LIMIT 1")
                    .bind("a", AuditAction.AUDIT_PURGE.label()).mapTo(String.class).findOne().flatMap(Anchor::parse).orElse(null);
            long expected = anchor == null ? 1 : anchor.through() + 1;
            String previous = anchor == null ? Chain.GENESIS : anchor.mac();
            long checked = 0;
            long linksFrom = h.createQuery("SELECT seq FROM audit_chain WHERE id = 'links'").mapTo(Long.class).one();
            // digests are computed from the templates as stored, so an edited template breaks its first record
            Templates templates = new Templates(h);
            long cursor = expected - 1;
            while (true) {
                List<Block> blocks = h.createQuery("SELECT first_seq, last_seq, records FROM audit_blocks WHERE last_seq > :c "
                        + "ORDER BY first_seq LIMIT " + BLOCKS_PER_VERIFY_READ).bind("c", cursor).map((rs, ctx) -> block(rs)).list();
                if (blocks.isEmpty()) {
                    break;
                }
                for (Block b : blocks) {
                    if (b.malformed) {
                        return Verification.broken(checked, Math.max(b.firstSeq, expected), "the block of records from seq " + b.firstSeq
                                + " is malformed: it was edited");
                    }
                    templates.load(b, 0, b.size());
                    for (int i = 0; i < b.size(); i++) {
                        long seq = b.seq(i);
                        if (seq < expected) {
                            continue; // before the anchor
                        }
                        if (seq != expected) {
                            return Verification.broken(checked, expected, "record " + expected + " is missing: deleted or renumbered"
                                    + (seq > expected ? " (the next record is " + seq + ")" : ""));
                        }
                        Templates.Stored t = templates.get(b.template(i));
                        if (t == null) {
                            return Verification.broken(checked, seq, "record " + seq + " names a template that is missing: it was deleted");
                        }
                        String mac = seq < linksFrom ? chain.mac(seq, Template.record(t.record(), b.id(i), b.at(i)), previous)
                                : chain.link(seq, b.id(i), b.atMicros(i), t.digest(), previous);
                        if (!mac.equals(b.mac(i))) {
                            return Verification.broken(checked, seq, "record " + seq
                                    + " does not match its MAC: it was edited, moved, or a record before it was changed");
                        }
                        previous = mac;
                        expected++;
                        checked++;
                    }
                    cursor = b.lastSeq();
                }
                templates.trim();
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
     * match come first (indexed), then only the blocks that use them ({@code audit_uses}) within
     * the window's time range, a few at a time, until {@code limit} records are out.
     *
     * @param templates a condition on what templates hold ({@link AuditQuery#templateSql})
     * @param window    bounds on the records' time and seq
     * @param limit     how many records at most, or 0 for all
     */
    void scan(AuditQuery.Sql templates, AuditQuery.Window window, boolean newestFirst, int limit, Consumer<AuditEntry> out) {
        db.jdbi().useHandle(h -> {
            Set<Long> matching = null; // null: every template
            AuditQuery.Sql blocks = window.blockSql();
            StringBuilder where = new StringBuilder(blocks.condition());
            List<Long> ids = List.of();
            if (!templates.condition().equals("1 = 1")) {
                var q = h.createQuery("SELECT id FROM audit_templates WHERE " + templates.condition());
                templates.bindings().forEach(q::bind);
                matching = new HashSet<>(q.mapTo(Long.class).list());
                if (matching.isEmpty()) {
                    return;
                }
                if (matching.size() <= SCAN_BY_IDS) {
                    ids = List.copyOf(matching);
                    where.append(" AND b.first_seq IN (SELECT block FROM audit_uses WHERE template IN (<s_ids>))");
                } else {
                    where.append(" AND b.first_seq IN (SELECT block FROM audit_uses WHERE template IN (SELECT id FROM audit_templates WHERE ")
                            .append(templates.condition()).append("))");
                }
            }
            String sql = "SELECT b.first_seq, b.last_seq, b.records FROM audit_blocks b WHERE " + where + " AND b.first_seq "
                    + (newestFirst ? "<" : ">") + " :s_cursor ORDER BY b.first_seq " + (newestFirst ? "DESC" : "ASC")
                    + " LIMIT " + BLOCKS_PER_READ;
            Templates known = new Templates(h);
            long cursor = newestFirst ? Long.MAX_VALUE : Long.MIN_VALUE;
            int emitted = 0;
            while (true) {
                var q = h.createQuery(sql).bind("s_cursor", cursor);
                blocks.bindings().forEach(q::bind);
                if (!ids.isEmpty()) {
                    q.bindList("s_ids", ids);
                } else if (matching != null) {
                    templates.bindings().forEach(q::bind);
                }
                List<Block> page = q.map((rs, ctx) -> block(rs)).list();
                if (page.isEmpty()) {
                    return;
                }
                for (Block b : page) {
                    cursor = b.firstSeq;
                    int[] hits = new int[b.size()];
                    int n = 0;
                    for (int k = 0; k < b.size(); k++) {
                        int i = newestFirst ? b.size() - 1 - k : k;
                        if ((matching == null || matching.contains(b.template(i))) && window.contains(b.seq(i), b.atMicros(i))) {
                            hits[n++] = i;
                        }
                    }
                    known.load(b, hits, n);
                    for (int k = 0; k < n; k++) {
                        int i = hits[k];
                        Templates.Stored t = known.get(b.template(i));
                        if (t == null) {
                            continue; // its template was deleted: verification reports the record
                        }
                        out.accept(new AuditEntry(b.seq(i), Template.record(t.record(), b.id(i), b.at(i))));
                        if (limit > 0 && ++emitted >= limit) {
                            return;
                        }
                    }
                }
                known.trim();
            }
        });
    }

    /**
     * When a record matching {@code templates} within {@code window} was last written, if ever.
     * Without bounds on the window the templates' newest times answer without reading records.
     */
    Instant lastAt(AuditQuery.Sql templates, AuditQuery.Window window) {
        if (!window.bounded()) {
            return db.jdbi().withHandle(h -> {
                var q = h.createQuery("SELECT max(last_at) AS at FROM audit_templates WHERE " + templates.condition());
                templates.bindings().forEach(q::bind);
                return q.map((rs, ctx) -> Times.instant(rs, "at")).findOne().orElse(null);
            });
        }
        Instant[] newest = {null};
        scan(templates, window, true, 0, e -> {
            if (newest[0] == null || e.record().at().isAfter(newest[0])) {
                newest[0] = e.record().at();
            }
        });
        return newest[0];
    }

    /** A reader's templates by id, loaded a block at a time, with the digests link macs cover. */
    private static final class Templates {
        record Stored(AuditRecord record, byte[] digest) {
        }

        private final Handle h;
        private final Map<Long, Stored> byId = new HashMap<>();

        Templates(Handle h) {
            this.h = h;
        }

        /** Loads the templates of records {@code from..to-1} of {@code b} not loaded yet. */
        void load(Block b, int from, int to) {
            int[] all = new int[to - from];
            for (int i = from; i < to; i++) {
                all[i - from] = i;
            }
            load(b, all, all.length);
        }

        /** Loads the templates of records {@code which[0..n-1]} of {@code b} not loaded yet. */
        void load(Block b, int[] which, int n) {
            Set<Long> missing = new HashSet<>();
            for (int k = 0; k < n; k++) {
                long t = b.template(which[k]);
                if (!byId.containsKey(t)) {
                    missing.add(t);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            h.createQuery("SELECT " + TEMPLATE_COLUMNS + " FROM audit_templates WHERE id IN (<ids>)").bindList("ids", List.copyOf(missing))
                    .map((rs, ctx) -> {
                        AuditRecord r = read(rs);
                        byId.put(rs.getLong("id"), new Stored(r, Chain.digest(r)));
                        return r;
                    }).list();
        }

        Stored get(long id) {
            return byId.get(id);
        }

        /** Forgets them all when there are many: a long scan reads each block's again. */
        void trim() {
            if (byId.size() > CACHED_TEMPLATES) {
                byId.clear();
            }
        }
    }

    private static Head lockHead(Handle h) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(LOCK_HEAD); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("the audit chain has no head row: the schema is not migrated");
            }
            return new Head(rs.getLong("seq"), rs.getString("mac"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock the audit chain (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** A template as stored (no id, time {@link Instant#EPOCH}): {@link Template#record} gives a record its id and time. */
    static AuditRecord read(ResultSet rs) throws SQLException {
        long v = rs.getLong("kv_version");
        Long version = rs.wasNull() ? null : v;
        long id = rs.getLong("id");
        return new AuditRecord(null, Instant.EPOCH, rs.getString("node"),
                AuditAction.of(rs.getString("action")).orElseThrow(() -> new IllegalStateException("unknown audit action in template " + id)),
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
