package org.flowvault.platform.audit;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The records of one append, as {@code audit_blocks} stores them: consecutive seqs from
 * {@link #firstSeq}, each record 64 bytes (template id, record id, time in epoch microseconds,
 * the raw 32-byte MAC). A block is one row however many records it holds: what made the writer
 * cost as much as the resolutions it records was a database row per record.
 */
final class Block {
    static final int RECORD_BYTES = 64;
    private static final int MAC_AT = 32;

    final long firstSeq;
    private final ByteBuffer records;

    /** Whether the row's bytes are not whole records or disagree with its last seq (edited in the database). */
    final boolean malformed;

    Block(long firstSeq, long lastSeq, byte[] records) {
        this.firstSeq = firstSeq;
        this.malformed = records == null || records.length == 0 || records.length % RECORD_BYTES != 0
                || lastSeq - firstSeq + 1 != records.length / RECORD_BYTES;
        this.records = ByteBuffer.wrap(malformed ? new byte[0] : records);
    }

    /** How many records it holds; none when {@link #malformed}. */
    int size() {
        return records.capacity() / RECORD_BYTES;
    }

    long lastSeq() {
        return firstSeq + size() - 1;
    }

    long seq(int i) {
        return firstSeq + i;
    }

    long template(int i) {
        return records.getLong(i * RECORD_BYTES);
    }

    UUID id(int i) {
        return new UUID(records.getLong(i * RECORD_BYTES + 8), records.getLong(i * RECORD_BYTES + 16));
    }

    long atMicros(int i) {
        return records.getLong(i * RECORD_BYTES + 24);
    }

    Instant at(int i) {
        return instant(atMicros(i));
    }

    String mac(int i) {
        return HexFormat.of().formatHex(records.array(), i * RECORD_BYTES + MAC_AT, (i + 1) * RECORD_BYTES);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** Packs records in seq order. */
    static final class Builder {
        private final ByteBuffer out;
        private long firstAt = Long.MAX_VALUE;
        private long lastAt = Long.MIN_VALUE;

        Builder(int records) {
            out = ByteBuffer.allocate(records * RECORD_BYTES);
        }

        /** Adds the next record and its raw 32-byte {@code mac}. */
        void add(long template, UUID id, long atMicros, byte[] mac) {
            out.putLong(template).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).putLong(atMicros).put(mac);
            firstAt = Math.min(firstAt, atMicros);
            lastAt = Math.max(lastAt, atMicros);
        }

        /** How many records it holds so far. */
        int size() {
            return out.position() / RECORD_BYTES;
        }

        /** The oldest time among the records (not the first record's: a lagging node's records are older). */
        Instant firstAt() {
            return instant(firstAt);
        }

        Instant lastAt() {
            return instant(lastAt);
        }

        byte[] bytes() {
            return out.position() == out.capacity() ? out.array() : java.util.Arrays.copyOf(out.array(), out.position());
        }
    }
}
