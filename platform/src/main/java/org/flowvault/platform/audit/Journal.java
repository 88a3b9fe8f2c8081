package org.flowvault.platform.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The audit journal of one node: every append is one frame in a memory-mapped file, and the
 * frames between the database writer's position and the end are the queue it drains.
 *
 * <p><b>Accepted</b> means: the frame's bytes are in the kernel's page cache (a store into a
 * {@code MAP_SHARED} mapping, the same guarantee as Vault's file audit device's {@code write(2)}
 * without fsync): a crash of the process loses nothing, a power loss or kernel crash can lose the
 * frames not yet written back by the kernel, unless {@code syncEachAppend} forces each frame to
 * disk first ({@code msync}).
 *
 * <p><b>Format</b> ({@code FVAJ0002}, then the generation as a long): frames of {@code int length,
 * int crc} and {@code length} bytes of entries; the CRC-32C covers the generation and the entries,
 * so a torn frame (a process killed mid-copy; its length is stored last) and the stale bytes of an
 * earlier generation are never replayed; the replay at start stops at the first frame that does
 * not check. An entry is a {@link Template} (every field of a record but its id and time, written
 * once per generation: {@code 1, int number, int size, bytes}) or a record ({@code 2, int template,
 * long id-msb, long id-lsb, long epoch-microseconds}), so the append of a warm resolution copies
 * 29 bytes plus the 8 of its frame. When the queue drains, a new generation starts at the head of the file. Earlier formats
 * are rewritten in this one at start ({@link LegacyJournal}).
 *
 * <p>Memory is bounded: an append waits while {@code maxBacklog} records wait for the database
 * (backpressure) and fails after {@code maxWait}. A file that cannot be mapped (a device, a pipe)
 * is written with one {@code write(2)} per frame, its queue kept in memory. Without a file the
 * journal is the queue alone.
 *
 * <p>Thread-safe; appends are serialised by one short lock (templates are encoded outside it).
 */
final class Journal implements AutoCloseable {
    private static final byte[] MAGIC = "FVAJ0002".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 16;
    private static final int FRAME_HEAD = 8;
    private static final byte TEMPLATE = 1;
    private static final byte RECORD = 2;
    private static final int RECORD_SIZE = 1 + 4 + 24;
    /**
     * The mapping kept across generations (a sparse file: disk is used only where frames were
     * written): a drained journal restarts at its head, on pages this mapping already has, so
     * steady-state appends take no page fault; a backlog beyond it grows the mapping until drained.
     */
    private static final int INITIAL_CAPACITY = 64 << 20;
    private static final int IN_MEMORY_CAPACITY = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final boolean mapped;
    private final boolean syncEachAppend;
    private final int maxBacklog;
    /** Guards everything below; waited on for room (a monitor: cheaper to release than a ReentrantLock on every append). */
    private final Object lock = new Object();
    private final CRC32C crc = new CRC32C();
    /** The generation as the 8 bytes every frame's CRC starts with. */
    private final byte[] generationBytes = new byte[8];
    /** The frame being built, reused under the lock. */
    private byte[] scratch = new byte[256];
    /** The file's mapping, or the in-memory queue (no file, or a file that cannot be mapped). */
    private ByteBuffer buf;
    /** Where the next frame goes. */
    private int end;
    /** The oldest frame with a record not yet in the database, and how many of its records are. */
    private int head;
    private int headDone;
    private int pending;
    private long generation;
    private int nextTemplate;
    private IOException broken;
    /** The writer's decoded templates of {@link #readGeneration}, by number. */
    private final Map<Integer, AuditRecord> read = new HashMap<>();
    private long readGeneration = -1;

    private Journal(Path file, FileChannel channel, boolean mapped, boolean syncEachAppend, int maxBacklog) {
        this.file = file;
        this.channel = channel;
        this.mapped = mapped;
        this.syncEachAppend = syncEachAppend;
        this.maxBacklog = maxBacklog;
    }

    /** An in-memory journal of at most {@code maxBacklog} waiting records. */
    static Journal inMemory(int maxBacklog) {
        Journal j = new Journal(null, null, false, false, maxBacklog);
        j.buf = ByteBuffer.allocate(IN_MEMORY_CAPACITY);
        j.startGeneration(1);
        return j;
    }

    /**
     * A journal in {@code file} (created 0600-like by the process umask), or in memory when {@code file} is null;
     * records a previous process left there are queued again.
     */
    static Journal open(Path file, boolean syncEachAppend, int maxBacklog) {
        if (file == null) {
            return inMemory(maxBacklog);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            boolean regular = !Files.exists(file) || Files.isRegularFile(file);
            if (regular) {
                upgradeLegacy(file);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Journal j = new Journal(file, ch, regular, syncEachAppend, maxBacklog);
            if (regular) {
                j.buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(ch.size(), INITIAL_CAPACITY));
                j.replay();
            } else {
                j.buf = ByteBuffer.allocate(IN_MEMORY_CAPACITY);
                j.startGeneration(1);
            }
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends stamped {@code records} as one frame (all or none) and queues them for the database; returns how many are queued. */
    int append(List<AuditRecord> records, long maxWaitNanos) throws IOException {
        int n = records.size();
        Template[] templates = new Template[n];
        long[] words = new long[n * 3];
        for (int i = 0; i < n; i++) {
            AuditRecord r = records.get(i);
            templates[i] = Template.of(r);
            words[i * 3] = r.id().getMostSignificantBits();
            words[i * 3 + 1] = r.id().getLeastSignificantBits();
            words[i * 3 + 2] = micros(r.at());
        }
        return append(templates, words, n, maxWaitNanos);
    }

    /**
     * Appends {@code n} records as one frame (all or none): record i is {@code templates[i]} with
     * id {@code words[3i], words[3i+1]} and time {@code words[3i+2]} (epoch microseconds).
     *
     * @throws IOException when the file cannot be written (the journal then stays broken, so every
     *         later append fails too until the process restarts), or when the database writer has
     *         not made room for them within {@code maxWaitNanos}
     */
    int append(Template[] templates, long[] words, int n, long maxWaitNanos) throws IOException {
        synchronized (lock) {
            long wait = maxWaitNanos;
            while (pending >= maxBacklog && broken == null) {
                if (wait <= 0) {
                    throw new BacklogFull(pending);
                }
                long before = System.nanoTime();
                try {
                    lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                    wait -= System.nanoTime() - before;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for room in the audit journal", e);
                }
            }
            if (broken != null) {
                throw broken;
            }
            int len = 0;
            for (int i = 0; i < n; i++) {
                Template t = templates[i];
                if (t.generation != generation) {
                    t.number = nextTemplate++;
                    t.generation = generation;
                    len = ensureScratch(len, 9 + t.bytes.length);
                    scratch[len] = TEMPLATE;
                    putInt(len + 1, t.number);
                    putInt(len + 5, t.bytes.length);
                    System.arraycopy(t.bytes, 0, scratch, len + 9, t.bytes.length);
                    len += 9 + t.bytes.length;
                }
                len = ensureScratch(len, RECORD_SIZE);
                scratch[len] = RECORD;
                putInt(len + 1, t.number);
                putLong(len + 5, words[i * 3]);
                putLong(len + 13, words[i * 3 + 1]);
                putLong(len + 21, words[i * 3 + 2]);
                len += RECORD_SIZE;
            }
            try {
                write(len);
            } catch (IOException | InternalError e) { // InternalError: a mapped page the file system could not back (disk full)
                broken = e instanceof IOException io ? io : new IOException("the audit journal's disk refused a page", e);
                throw broken;
            }
            pending += n;
            return pending;
        }
    }

    /** The database writer has not caught up: more than the configured backlog waits. */
    static final class BacklogFull extends IOException {
        BacklogFull(int backlog) {
            super(backlog + " audit records wait for the database");
        }
    }

    private void write(int length) throws IOException {
        crc.reset();
        crc.update(generationBytes);
        crc.update(scratch, 0, length);
        int sum = (int) crc.getValue();
        if (channel != null && !mapped) {
            ByteBuffer frame = ByteBuffer.allocate(FRAME_HEAD + length).putInt(length).putInt(sum).put(scratch, 0, length).flip();
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
            if (syncEachAppend) {
                channel.force(false);
            }
        }
        int need = FRAME_HEAD + length + 4;
        if (buf.capacity() - end < need) {
            long capacity = Math.max((long) buf.capacity() * 2, (long) end + need + (mapped ? INITIAL_CAPACITY : IN_MEMORY_CAPACITY));
            if (capacity > Integer.MAX_VALUE) {
                throw new IOException("the audit journal is full (2 GiB waiting for the database)");
            }
            if (mapped) {
                buf = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            } else {
                ByteBuffer bigger = ByteBuffer.allocate((int) capacity);
                bigger.put(0, buf, 0, end);
                buf = bigger;
            }
        }
        int at = end;
        buf.put(at + FRAME_HEAD, scratch, 0, length);
        buf.putInt(at + FRAME_HEAD + length, 0); // the end, until the next frame overwrites it
        buf.putInt(at + 4, sum);
        buf.putInt(at, length); // the length last: until it is stored, the frame is the end mark
        if (syncEachAppend && mapped) {
            ((java.nio.MappedByteBuffer) buf).force(at, need);
        }
        end = at + FRAME_HEAD + length;
    }

    /** Up to {@code max} of the oldest queued records, still queued. Called by one thread at a time (the writer). */
    List<Stamp> peek(int max) {
        ByteBuffer b;
        int from;
        int skip;
        int to;
        long gen;
        synchronized (lock) {
            b = buf; // a grown buffer keeps the old one's bytes and the frames before end never change
            from = head;
            skip = headDone;
            to = end;
            gen = generation;
        }
        synchronized (read) {
            if (readGeneration != gen) {
                read.clear();
                readGeneration = gen;
            }
            List<Stamp> out = new ArrayList<>(Math.min(max, 1024));
            ByteBuffer frame = b.duplicate(); // one view moved over the frames: a warm frame is one 29-byte record, not worth a copy
            int at = from;
            while (at < to && out.size() < max) {
                int length = b.getInt(at);
                frame.limit(frame.capacity()).position(at + FRAME_HEAD).limit(at + FRAME_HEAD + length);
                skip = entries(frame, read, out, skip, max);
                at += FRAME_HEAD + length;
            }
            return out;
        }
    }

    /**
     * Decodes the entries of one frame: templates into {@code templates}, records (after the first
     * {@code skip}) into {@code out} until it holds {@code max}; returns how many records are still to skip.
     */
    private static int entries(ByteBuffer frame, Map<Integer, AuditRecord> templates, List<Stamp> out, int skip, int max) {
        while (frame.hasRemaining() && out.size() < max) {
            byte kind = frame.get();
            int number = frame.getInt();
            if (kind == TEMPLATE) {
                int size = frame.getInt();
                if (size < 0 || size > frame.remaining()) {
                    throw new IllegalStateException("not an audit journal entry");
                }
                byte[] template = new byte[size]; // a heap copy: a template's strings are read from its array
                frame.get(frame.position(), template);
                templates.put(number, Template.read(ByteBuffer.wrap(template)));
                frame.position(frame.position() + size);
            } else if (kind == RECORD) {
                UUID id = new UUID(frame.getLong(), frame.getLong());
                long at = frame.getLong();
                if (skip > 0) {
                    skip--;
                    continue;
                }
                AuditRecord t = templates.get(number);
                if (t == null) {
                    throw new IllegalStateException("an audit record names a template its journal does not define");
                }
                out.add(new Stamp(t, id, Instant.EPOCH.plus(at, ChronoUnit.MICROS)));
            } else {
                throw new IllegalStateException("not an audit journal entry");
            }
        }
        return skip;
    }

    /** The {@code n} oldest records are in the database: forget them; an empty queue starts a new generation at the head of the file. */
    void written(int n) throws IOException {
        synchronized (lock) {
            pending -= n;
            int left = n;
            while (left > 0 && head < end) {
                int length = buf.getInt(head);
                int records = records(head, length) - headDone;
                if (records <= left) {
                    left -= records;
                    head += FRAME_HEAD + length;
                    headDone = 0;
                } else {
                    headDone += left;
                    left = 0;
                }
            }
            lock.notifyAll();
            if (pending == 0 && broken == null) {
                if (mapped && buf.capacity() > INITIAL_CAPACITY) {
                    buf = channel.map(FileChannel.MapMode.READ_WRITE, 0, INITIAL_CAPACITY);
                    channel.truncate(INITIAL_CAPACITY); // give a burst's pages back; nothing touches the old mapping again
                } else if (!mapped && buf.capacity() > IN_MEMORY_CAPACITY) {
                    buf = ByteBuffer.allocate(IN_MEMORY_CAPACITY);
                }
                startGeneration(generation + 1);
            }
        }
    }

    /** How many records the frame at {@code at} holds. */
    private int records(int at, int length) {
        int n = 0;
        int p = at + FRAME_HEAD;
        int stop = p + length;
        while (p < stop) {
            if (buf.get(p) == TEMPLATE) {
                p += 9 + buf.getInt(p + 5);
            } else {
                n++;
                p += RECORD_SIZE;
            }
        }
        return n;
    }

    int backlog() {
        synchronized (lock) {
            return pending;
        }
    }

    boolean isBroken() {
        synchronized (lock) {
            return broken != null;
        }
    }

    private void startGeneration(long gen) {
        setGeneration(gen);
        nextTemplate = 0;
        head = HEADER;
        headDone = 0;
        end = HEADER;
        buf.putInt(HEADER, 0); // first the end mark, then the generation that makes older frames stale
        buf.put(0, MAGIC);
        buf.putLong(8, gen);
    }

    /** Queues the records of the current generation's frames that check, and ends the journal after them. */
    private void replay() {
        byte[] magic = new byte[MAGIC.length];
        buf.get(0, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            startGeneration(1);
            return;
        }
        setGeneration(buf.getLong(8));
        head = HEADER;
        int at = HEADER;
        Map<Integer, AuditRecord> templates = new HashMap<>();
        List<Stamp> records = new ArrayList<>();
        while (at + FRAME_HEAD <= buf.capacity()) {
            int length = buf.getInt(at);
            if (length <= 0 || (long) at + FRAME_HEAD + length + 4 > buf.capacity()) {
                break;
            }
            byte[] entries = new byte[length];
            buf.get(at + FRAME_HEAD, entries);
            CRC32C check = new CRC32C();
            check.update(generationBytes);
            check.update(entries);
            if ((int) check.getValue() != buf.getInt(at + 4)) {
                break;
            }
            int before = records.size();
            try {
                entries(ByteBuffer.wrap(entries), templates, records, 0, Integer.MAX_VALUE);
            } catch (RuntimeException e) {
                records.subList(before, records.size()).clear();
                break; // cannot happen for a frame that checks, unless a future version wrote it
            }
            at += FRAME_HEAD + length;
        }
        nextTemplate = templates.keySet().stream().mapToInt(i -> i + 1).max().orElse(0);
        pending = records.size();
        end = at;
        buf.putInt(at, 0);
    }

    /** A journal of an earlier format: its records are rewritten in this one (through a temporary file and a rename, so a crash meanwhile loses nothing). */
    private static void upgradeLegacy(Path file) throws IOException {
        List<AuditRecord> records = LegacyJournal.read(file, MAGIC);
        if (records == null) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".upgrade");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Journal j = new Journal(tmp, ch, true, true, Integer.MAX_VALUE);
            j.buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, INITIAL_CAPACITY);
            j.startGeneration(1);
            if (!records.isEmpty()) {
                j.append(records, 0);
            }
            ((java.nio.MappedByteBuffer) j.buf).force();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void setGeneration(long gen) {
        generation = gen;
        ByteBuffer.wrap(generationBytes).putLong(gen);
    }

    private int ensureScratch(int len, int more) {
        if (len + more > scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, Math.max(scratch.length * 2, len + more));
        }
        return len;
    }

    private void putInt(int at, int v) {
        INT.set(scratch, at, v);
    }

    private void putLong(int at, long v) {
        LONG.set(scratch, at, v);
    }

    private static final java.lang.invoke.VarHandle INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Epoch microseconds (what both databases keep). */
    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    /** {@code r} as one line of the legacy JSON-lines journal (what an upgrade from it reads). */
    static String line(AuditRecord r) {
        return LegacyJournal.line(r);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (channel != null) {
                try {
                    if (mapped) {
                        ((java.nio.MappedByteBuffer) buf).force(); // a clean stop leaves the backlog on disk
                    }
                    channel.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing at shutdown: the records are in the page cache or the database already
                }
            }
        }
    }
}
