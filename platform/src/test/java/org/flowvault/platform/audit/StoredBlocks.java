package org.flowvault.platform.audit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.flowvault.platform.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * Stored audit records for tests: every record of a trail, the raw text of the audit tables (what
 * a scan for leaked secrets reads), and what a hostile database user does to records (edit, swap,
 * delete entries of {@code audit_blocks}).
 */
public final class StoredBlocks {
    private StoredBlocks() {
    }

    private record Row(long firstSeq, long lastSeq, Object firstAt, Object lastAt, byte[] records) {
        int offset(long seq) {
            return (int) (seq - firstSeq) * Block.RECORD_BYTES;
        }
    }

    private static Row holding(Handle h, long seq) {
        return h.createQuery("SELECT first_seq, last_seq, first_at, last_at, records FROM audit_blocks WHERE first_seq <= :s "
                        + "ORDER BY first_seq DESC LIMIT 1").bind("s", seq)
                .map((rs, ctx) -> new Row(rs.getLong("first_seq"), rs.getLong("last_seq"), rs.getObject("first_at"),
                        rs.getObject("last_at"), rs.getBytes("records")))
                .findOne().filter(r -> r.lastSeq >= seq).orElseThrow(() -> new AssertionError("no stored record " + seq));
    }

    private static void save(Handle h, Row r) {
        h.createUpdate("UPDATE audit_blocks SET records = :b WHERE first_seq = :f").bind("b", r.records).bind("f", r.firstSeq).execute();
    }

    /** The template id record {@code seq} points at. */
    public static long template(Database db, long seq) {
        return db.jdbi().withHandle(h -> {
            Row r = holding(h, seq);
            return ByteBuffer.wrap(r.records).getLong(r.offset(seq));
        });
    }

    /** Points record {@code seq} at template {@code template}. */
    public static void relink(Database db, long seq, long template) {
        db.jdbi().useHandle(h -> {
            Row r = holding(h, seq);
            ByteBuffer.wrap(r.records).putLong(r.offset(seq), template);
            save(h, r);
        });
    }

    /** Moves record {@code seq} back by {@code micros} microseconds. */
    public static void backdate(Database db, long seq, long micros) {
        db.jdbi().useHandle(h -> {
            Row r = holding(h, seq);
            ByteBuffer b = ByteBuffer.wrap(r.records);
            b.putLong(r.offset(seq) + 24, b.getLong(r.offset(seq) + 24) - micros);
            save(h, r);
        });
    }

    /** Swaps the places of records {@code a} and {@code b} (in one block or two: the writer's batches follow timing), each keeping its MAC. */
    public static void swap(Database db, long a, long b) {
        db.jdbi().useHandle(h -> {
            Row ra = holding(h, a);
            Row rb = ra.firstSeq == holding(h, b).firstSeq ? ra : holding(h, b);
            byte[] first = Arrays.copyOfRange(ra.records, ra.offset(a), ra.offset(a) + Block.RECORD_BYTES);
            System.arraycopy(rb.records, rb.offset(b), ra.records, ra.offset(a), Block.RECORD_BYTES);
            System.arraycopy(first, 0, rb.records, rb.offset(b), Block.RECORD_BYTES);
            save(h, ra);
            if (rb != ra) {
                save(h, rb);
            }
        });
    }

    /** Deletes record {@code seq}, keeping every other record's seq (its block is split around it). */
    public static void delete(Database db, long seq) {
        db.jdbi().useHandle(h -> {
            Row r = holding(h, seq);
            h.createUpdate("DELETE FROM audit_blocks WHERE first_seq = :f").bind("f", r.firstSeq).execute();
            if (seq > r.firstSeq) {
                insert(h, r, r.firstSeq, seq - 1);
            }
            if (seq < r.lastSeq) {
                insert(h, r, seq + 1, r.lastSeq);
            }
        });
    }

    private static void insert(Handle h, Row r, long from, long to) {
        h.createUpdate("INSERT INTO audit_blocks (first_seq, last_seq, first_at, last_at, records) VALUES (:f, :l, :fa, :la, :b)")
                .bind("f", from).bind("l", to).bind("fa", r.firstAt).bind("la", r.lastAt)
                .bind("b", Arrays.copyOfRange(r.records, r.offset(from), r.offset(to) + Block.RECORD_BYTES)).execute();
    }

    /** Every record of {@code audit} in chain order, after its node's journal is flushed (read as an admin). */
    public static java.util.List<AuditRecord> records(Audit audit) {
        audit.flush(java.time.Duration.ofSeconds(10));
        java.util.List<AuditRecord> out = new java.util.ArrayList<>();
        audit.export(new org.flowvault.platform.identity.Caller(java.util.UUID.randomUUID(), "test-auditor",
                org.flowvault.platform.identity.Role.ADMIN), AuditQuery.all(), e -> out.add(e.record()));
        return out;
    }

    /** How many records are stored. */
    public static long count(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(sum(last_seq - first_seq + 1), 0) FROM audit_blocks")
                .mapTo(Long.class).one());
    }

    /** Every stored record's template and chain fields, as text: what a scan for leaked secrets reads besides the templates. */
    public static String dump(Database db) {
        StringBuilder out = new StringBuilder();
        db.jdbi().useHandle(h -> h.createQuery("SELECT * FROM audit_templates").mapToMap().forEach(m -> out.append(m).append('\n')));
        db.jdbi().useHandle(h -> h.createQuery("SELECT first_seq, last_seq, records FROM audit_blocks ORDER BY first_seq")
                .map((rs, ctx) -> new Block(rs.getLong("first_seq"), rs.getLong("last_seq"), rs.getBytes("records")))
                .forEach(b -> {
                    for (int i = 0; i < b.size(); i++) {
                        out.append(b.seq(i)).append(' ').append(b.template(i)).append(' ').append(b.id(i)).append(' ')
                                .append(b.at(i)).append(' ').append(b.mac(i)).append('\n');
                    }
                }));
        return out.toString();
    }

}
