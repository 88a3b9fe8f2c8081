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
 * <p><b>Format</b> ({@code FVAJ0003}; the generation as a long; where its frames start and where
 * the previous generation's start while any of its records wait, else 0, as ints): frames of {@code int
 * length, int crc} and {@code length} bytes of entries; the CRC-32C covers the generation and the
 * entries, so a torn frame (a process killed mid-copy; its length is stored last) and the stale
 * bytes of an earlier generation are never replayed; the replay at start stops at the first frame
 * that does not check. An entry is a {@link Template} (every field of a record but its id and time,
 * written once per generation: {@code 1, int number, int size, bytes}) or a record ({@code 2, int
 * template, long id-msb, long id-lsb, long epoch-microseconds}), so the append of a warm resolution
 * copies 29 bytes plus the 8 of its frame. Earlier formats are rewritten in this one at start
 * ({@link LegacyJournal}).
 *
 * <p><b>Generations.</b> A generation's frames are contiguous, and replaying a record needs its
 * generation's frames from the start (a template is written at its first use only). When the queue
 * drains, a new generation starts at the head of the file. Under sustained traffic it never drains
 * (records arrive while each batch is stored), so a generation {@code wrapRoom} long hands over to
 * a new one while the database stores its last records: the new one starts at the head of the file
 * when the generation before is stored and left that much room there (it may not grow into the
 * waiting one), else right after the current one. Generations so alternate between the head of
 * the file and about {@code wrapRoom} into it: the file stays about twice that long under any
 * steady load, on pages that are already mapped.
 *
 * <p>Memory is bounded: an append waits while {@code maxBacklog} records wait for the database
 * (backpressure) and fails after {@code maxWait}. A file that cannot be mapped (a device, a pipe)
 * is written with one {@code write(2)} per frame, its queue kept in memory. Without a file the
 * journal is the queue alone.
 *
 * <p>Thread-safe; appends are serialised by one short lock (templates are encoded outside it).
 */
final class Journal implements AutoCloseable {
    private static final byte[] MAGIC = "FVAJ0003".getBytes(StandardCharsets.US_ASCII);
    private static final int GENERATION_AT = 8;
    private static final int START_AT = 16;
    private static final int PREVIOUS_AT = 20;
    private static final int HEADER = 24;
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
    /** The least length of a generation that hands over to the next under load (the rest scales with {@code maxBacklog}). */
    private static final int MIN_WRAP_ROOM = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final boolean mapped;
    private final boolean syncEachAppend;
    private final int maxBacklog;
    /**
     * How long a generation grows before it hands over to the next under load, and the room a
     * generation at the head of the file needs before the waiting one: a full backlog of warm
     * records, so that it reaches the waiting generation (and waits for the writer) no sooner than
     * the backlog would make it wait anyway.
     */
    private final long wrapRoom;
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
    /** Where the current generation's frames start. */
    private int start;
    /** Where the previous generation's frames start and end while {@link #head} is among them, else 0. */
    private int previousStart;
    private int previousEnd;
    private int pending;
    private long generation;
    private int nextTemplate;
    private IOException broken;
    /** The writer's decoded templates by generation (the current one and the previous), by number. */
    private final Map<Long, Map<Integer, AuditRecord>> read = new HashMap<>();

    private Journal(Path file, FileChannel channel, boolean mapped, boolean syncEachAppend, int maxBacklog) {
        this.file = file;
        this.channel = channel;
        this.mapped = mapped;
        this.syncEachAppend = syncEachAppend;
        this.maxBacklog = maxBacklog;
        this.wrapRoom = Math.max(MIN_WRAP_ROOM, (long) maxBacklog * (FRAME_HEAD + RECORD_SIZE) * 5 / 4);
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
            int bound = frameBound(templates, n);
            long wait = maxWaitNanos;
            while ((pending >= maxBacklog || reachesPrevious(bound)) && broken == null) {
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
            if (previousEnd == 0 && end - start >= wrapRoom) {
                handOver(start - HEADER >= Math.max(wrapRoom, bound) ? HEADER : end);
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

    /** The most bytes a frame of these records takes, with the end mark after it (every template new to the generation). */
    private static int frameBound(Template[] templates, int n) {
        long bound = FRAME_HEAD + 4 + (long) n * RECORD_SIZE;
        for (int i = 0; i < n; i++) {
            bound += 9 + templates[i].bytes.length;
        }
        return (int) Math.min(bound, Integer.MAX_VALUE);
    }

    /** Whether the next frame of a generation at the head of the file would overwrite the waiting generation after it. */
    private boolean reachesPrevious(int bound) {
        return previousEnd != 0 && start < previousStart && (long) end + bound > previousStart;
    }

    /**
     * Starts the next generation at {@code next} while the current one's last records wait. The
     * header changes one aligned store at a time, in an order that replays every waiting record
     * if the process dies between two: the current generation becomes the previous (it is replayed
     * from its start), then the generation number moves on (what lies at the old start now fails
     * the new number's CRC), then the new start. Whatever lies at {@code next} belongs to an
     * older generation, so it fails the CRC too and marks the new generation's end.
     */
    private void handOver(int next) {
        previousStart = start;
        previousEnd = end;
        buf.putInt(PREVIOUS_AT, start);
        setGeneration(generation + 1);
        buf.putLong(GENERATION_AT, generation);
        buf.putInt(START_AT, next);
        if (syncEachAppend && mapped) {
            ((java.nio.MappedByteBuffer) buf).force(0, HEADER);
        }
        nextTemplate = 0;
        start = next;
        end = next;
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

    /** Where the queue stands, for the writer to read its frames outside the lock. */
    private record Queue(ByteBuffer buf, int head, int headDone, int previousEnd, int start, int end, long generation) {
    }

    /**
     * The queue as it stands. Its frames stay as they are while the writer reads them unlocked:
     * only the writer moves the head, appends go after the end (or, in a generation at the head of
     * the file, before the waiting one), and a grown buffer keeps the old one's bytes.
     */
    private Queue queue() {
        synchronized (lock) {
            return new Queue(buf, head, headDone, previousEnd, start, end, generation);
        }
    }

    /** Up to {@code max} of the oldest queued records, still queued. Called by one thread at a time (the writer). */
    List<Stamp> peek(int max) {
        Queue q = queue();
        ByteBuffer b = q.buf();
        int skip = q.headDone();
        long gen = q.generation();
        synchronized (read) {
            read.keySet().removeIf(g -> g < gen - 1);
            List<Stamp> out = new ArrayList<>(Math.min(max, 1024));
            ByteBuffer frame = b.duplicate(); // one view moved over the frames: a warm frame is one 29-byte record, not worth a copy
            int at = q.head();
            if (q.previousEnd() != 0) {
                skip = decode(b, frame, at, q.previousEnd(), read.computeIfAbsent(gen - 1, g -> new HashMap<>()), out, skip, max);
                at = q.start();
            }
            decode(b, frame, at, q.end(), read.computeIfAbsent(gen, g -> new HashMap<>()), out, skip, max);
            return out;
        }
    }

    /** Decodes the frames of {@code b} from {@code at} to {@code to} (see {@link #entries}). */
    private static int decode(ByteBuffer b, ByteBuffer frame, int at, int to, Map<Integer, AuditRecord> templates, List<Stamp> out, int skip, int max) {
        while (at < to && out.size() < max) {
            int length = b.getInt(at);
            frame.limit(frame.capacity()).position(at + FRAME_HEAD).limit(at + FRAME_HEAD + length);
            skip = entries(frame, templates, out, skip, max);
            at += FRAME_HEAD + length;
        }
        return skip;
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
        // The walk over the stored frames (one per warm record: 10,000 in a full batch) happens
        // outside the lock, so appenders do not wait for it (see queue()).
        Queue q = queue();
        ByteBuffer b = q.buf();
        int at = q.head();
        int done = q.headDone();
        int previous = q.previousEnd();
        boolean crossed = false;
        int left = n;
        while (left > 0 && at < (previous != 0 ? previous : q.end())) {
            int length = b.getInt(at);
            int records = records(b, at, length) - done;
            if (records <= left) {
                left -= records;
                at += FRAME_HEAD + length;
                done = 0;
            } else {
                done += left;
                left = 0;
            }
            if (previous != 0 && at == previous) {
                previous = 0;
                at = q.start();
                crossed = true;
            }
        }
        synchronized (lock) {
            pending -= n;
            head = at;
            headDone = done;
            if (previousEnd != 0 && (crossed || head == previousEnd)) {
                // the previous generation is stored (a hand-over since the look above may have
                // made the frames just stored the previous generation): the current one may now grow over it
                if (!crossed) {
                    head = start;
                }
                buf.putInt(PREVIOUS_AT, 0);
                previousStart = 0;
                previousEnd = 0;
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

    /** How many records the frame at {@code at} of {@code b} holds. */
    private static int records(ByteBuffer b, int at, int length) {
        int n = 0;
        int p = at + FRAME_HEAD;
        int stop = p + length;
        while (p < stop) {
            if (b.get(p) == TEMPLATE) {
                p += 9 + b.getInt(p + 5);
            } else {
                n++;
                p += RECORD_SIZE;
            }
        }
        return n;
    }

    /** How far into the file (or queue) the journal's frames reach. */
    int extent() {
        synchronized (lock) {
            return Math.max(end, previousEnd);
        }
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

    /** Starts generation {@code gen} at the head of a file where no record waits. */
    private void startGeneration(long gen) {
        setGeneration(gen);
        nextTemplate = 0;
        start = HEADER;
        head = HEADER;
        headDone = 0;
        previousStart = 0;
        previousEnd = 0;
        end = HEADER;
        buf.putInt(HEADER, 0); // first the end mark, then the generation that makes older frames stale
        buf.put(0, MAGIC);
        buf.putInt(PREVIOUS_AT, 0);
        buf.putLong(GENERATION_AT, gen);
        buf.putInt(START_AT, HEADER);
    }

    /**
     * Queues the records of the frames that check: the previous generation's waiting frames when
     * the header points at them, then the current generation's from the head of the file; the
     * journal ends after them.
     */
    private void replay() {
        byte[] magic = new byte[MAGIC.length];
        buf.get(0, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            startGeneration(1);
            return;
        }
        setGeneration(buf.getLong(GENERATION_AT));
        int stored = buf.getInt(START_AT);
        start = stored >= HEADER && stored <= buf.capacity() - FRAME_HEAD - 4 ? stored : HEADER; // a damaged header replays from the head
        head = start;
        List<Stamp> records = new ArrayList<>();
        int previous = buf.getInt(PREVIOUS_AT);
        if (previous >= HEADER && previous < buf.capacity()) {
            int stop = replayFrames(buf, previous, generation - 1, new HashMap<>(), records);
            if (!records.isEmpty()) {
                head = previous;
                previousStart = previous;
                previousEnd = stop;
            }
        }
        if (previousEnd == 0) {
            buf.putInt(PREVIOUS_AT, 0);
        } else if (start >= previousStart && start <= previousEnd) {
            // a hand-over cut short before its new start was stored: the new generation has no
            // frame yet, and goes after the previous one's
            start = previousEnd;
            head = previousStart;
            buf.putInt(START_AT, start);
        }
        Map<Integer, AuditRecord> templates = new HashMap<>();
        int at = replayFrames(buf, start, generation, templates, records);
        nextTemplate = templates.keySet().stream().mapToInt(i -> i + 1).max().orElse(0);
        pending = records.size();
        end = at;
        buf.putInt(at, 0);
    }

    /** Decodes into {@code out} the frames of generation {@code gen} from {@code at} up to the first that does not check; returns where that one starts. */
    private static int replayFrames(ByteBuffer buf, int at, long gen, Map<Integer, AuditRecord> templates, List<Stamp> out) {
        byte[] genBytes = LegacyJournal.longBytes(gen);
        while (at + FRAME_HEAD <= buf.capacity()) {
            int length = buf.getInt(at);
            if (length <= 0 || (long) at + FRAME_HEAD + length + 4 > buf.capacity()) {
                break;
            }
            byte[] entries = new byte[length];
            buf.get(at + FRAME_HEAD, entries);
            CRC32C check = new CRC32C();
            check.update(genBytes);
            check.update(entries);
            if ((int) check.getValue() != buf.getInt(at + 4)) {
                break;
            }
            int before = out.size();
            try {
                entries(ByteBuffer.wrap(entries), templates, out, 0, Integer.MAX_VALUE);
            } catch (RuntimeException e) {
                out.subList(before, out.size()).clear();
                break; // cannot happen for a frame that checks, unless a future version wrote it
            }
            at += FRAME_HEAD + length;
        }
        return at;
    }

    /** The records of a journal in the previous frame format ({@code FVAJ0002}: a 16-byte header, one generation). */
    static List<AuditRecord> readFormat2(byte[] file) {
        List<Stamp> out = new ArrayList<>();
        if (file.length >= 16) {
            replayFrames(ByteBuffer.wrap(file), 16, ByteBuffer.wrap(file, 8, 8).getLong(), new HashMap<>(), out);
        }
        return out.stream().map(Stamp::record).toList();
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
