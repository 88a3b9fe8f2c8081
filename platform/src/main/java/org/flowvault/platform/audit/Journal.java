package org.flowvault.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The audit journal of one node: every append is one frame in a memory-mapped file, and its
 * records are queued for the database writer, which removes them once they are committed.
 *
 * <p><b>Accepted</b> means: the frame's bytes are in the kernel's page cache (a store into a
 * {@code MAP_SHARED} mapping, the same guarantee as Vault's file audit device's {@code write(2)}
 * without fsync): a crash of the process loses nothing, a power loss or kernel crash can lose the
 * frames not yet written back by the kernel, unless {@code syncEachAppend} forces each frame to
 * disk first ({@code msync}). A frame is {@code #crc len\n} and {@code len} bytes of JSON lines,
 * the CRC-32C covering the file's generation and the lines, so a torn frame (a process killed
 * mid-copy) and the stale bytes of an earlier generation are never replayed; the replay at start
 * stops at the first frame that does not check. When the queue drains, a new generation starts
 * at the head of the file.
 *
 * <p>Memory is bounded: an append waits while {@code maxBacklog} records wait for the database
 * (backpressure) and fails after {@code maxWait}. A file that cannot be mapped (a device, a pipe)
 * is written with one {@code write(2)} per frame instead. Without a file the journal is the queue alone.
 *
 * <p>Thread-safe; appends are serialised by one short lock (encoding happens outside it).
 */
final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Magic, format version, then the generation (a long at offset 8). */
    private static final byte[] MAGIC = "FVAJ0001".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 16;
    /**
     * The mapping kept across generations (a sparse file: disk is used only where frames were
     * written): a drained journal restarts at its head, on pages this mapping already has, so
     * steady-state appends take no page fault; a backlog beyond it grows the mapping until drained.
     */
    private static final int INITIAL_CAPACITY = 64 << 20;

    private final Path file;
    private final FileChannel channel;
    private final boolean mapped;
    private final boolean syncEachAppend;
    private final int maxBacklog;
    private final ArrayDeque<AuditRecord> pending = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final CRC32C crc = new CRC32C();
    /** The generation as the 8 bytes every frame's CRC starts with. */
    private final byte[] generationBytes = new byte[8];
    /** The frame header being written ({@code #crc len\n}), reused under the lock. */
    private final byte[] head = new byte[40];
    private MappedByteBuffer map;
    private long generation;
    private IOException broken;

    private Journal(Path file, FileChannel channel, boolean mapped, boolean syncEachAppend, int maxBacklog) {
        this.file = file;
        this.channel = channel;
        this.mapped = mapped;
        this.syncEachAppend = syncEachAppend;
        this.maxBacklog = maxBacklog;
    }

    /** An in-memory journal of at most {@code maxBacklog} waiting records. */
    static Journal inMemory(int maxBacklog) {
        return new Journal(null, null, false, false, maxBacklog);
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
                j.map = ch.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(ch.size(), INITIAL_CAPACITY));
                j.replay();
            }
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code records} as one frame (all or none) and queues them for the database; returns how many are queued.
     *
     * @throws IOException when the file cannot be written (the journal then stays broken, so every
     *         later append fails too until the process restarts), or when the database writer has
     *         not made room for them within {@code maxWaitNanos}
     */
    int append(List<AuditRecord> records, long maxWaitNanos) throws IOException {
        FrameEncoder lines = channel == null ? null : FrameEncoder.get().records(records); // outside the lock
        lock.lock();
        try {
            long wait = maxWaitNanos;
            while (pending.size() >= maxBacklog && broken == null) {
                if (wait <= 0) {
                    throw new BacklogFull(pending.size());
                }
                try {
                    wait = room.awaitNanos(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for room in the audit journal", e);
                }
            }
            if (broken != null) {
                throw broken;
            }
            if (lines != null) {
                try {
                    write(lines.bytes(), lines.length());
                } catch (IOException | InternalError e) { // InternalError: a mapped page the file system could not back (disk full)
                    broken = e instanceof IOException io ? io : new IOException("the audit journal's disk refused a page", e);
                    throw broken;
                }
            }
            pending.addAll(records);
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** The database writer has not caught up: more than the configured backlog waits. */
    static final class BacklogFull extends IOException {
        BacklogFull(int backlog) {
            super(backlog + " audit records wait for the database");
        }
    }

    private void write(byte[] lines, int length) throws IOException {
        crc.reset();
        crc.update(generationBytes);
        crc.update(lines, 0, length);
        int headLength = header(crc.getValue(), length);
        if (!mapped) {
            ByteBuffer buf = ByteBuffer.allocate(headLength + length).put(head, 0, headLength).put(lines, 0, length).flip();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (syncEachAppend) {
                channel.force(false);
            }
            return;
        }
        int need = headLength + length + 1;
        if (map.remaining() < need) {
            long capacity = Math.max((long) map.capacity() * 2, (long) map.position() + need + INITIAL_CAPACITY);
            if (capacity > Integer.MAX_VALUE) {
                throw new IOException("the audit journal is full (2 GiB waiting for the database)");
            }
            int at = map.position();
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            map.position(at);
        }
        int at = map.position();
        map.position(at + headLength);
        map.put(lines, 0, length);
        map.put((byte) 0); // the end, until the next frame overwrites it
        map.put(at, head, 0, headLength); // the header last: until it is complete, the frame does not check
        map.position(map.position() - 1);
        if (syncEachAppend) {
            map.force(at, need);
        }
    }

    /** Writes {@code #crc len\n} into {@code head} (as {@code Long.toHexString} and decimal would); returns its length. */
    private int header(long sum, int length) {
        int n = 0;
        head[n++] = '#';
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(sum) + 3) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            head[n++] = (byte) Character.forDigit((int) (sum >>> shift) & 0xF, 16);
        }
        head[n++] = ' ';
        int start = n;
        int v = length;
        do {
            head[n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int a = start, b = n - 1; a < b; a++, b--) {
            byte t = head[a];
            head[a] = head[b];
            head[b] = t;
        }
        head[n++] = '\n';
        return n;
    }

    /** Up to {@code max} of the oldest queued records, still queued. */
    List<AuditRecord> peek(int max) {
        lock.lock();
        try {
            List<AuditRecord> out = new ArrayList<>(Math.min(max, pending.size()));
            for (AuditRecord r : pending) {
                if (out.size() == max) {
                    break;
                }
                out.add(r);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The {@code n} oldest records are in the database: forget them; an empty queue starts a new generation at the head of the file. */
    void written(int n) throws IOException {
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                pending.removeFirst();
            }
            room.signalAll();
            if (pending.isEmpty() && channel != null && broken == null) {
                if (mapped) {
                    if (map.capacity() > INITIAL_CAPACITY) {
                        map = channel.map(FileChannel.MapMode.READ_WRITE, 0, INITIAL_CAPACITY);
                        channel.truncate(INITIAL_CAPACITY); // give a burst's pages back; nothing touches the old mapping again
                    }
                    startGeneration(generation + 1);
                } else if (Files.isRegularFile(file)) {
                    channel.truncate(0);
                    channel.position(0);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    int backlog() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isBroken() {
        lock.lock();
        try {
            return broken != null;
        } finally {
            lock.unlock();
        }
    }

    private void startGeneration(long gen) {
        setGeneration(gen);
        map.put(HEADER, (byte) 0); // first the end mark, then the generation that makes older frames stale
        map.put(0, MAGIC);
        map.putLong(8, gen);
        map.position(HEADER);
    }

    /** Queues the frames of the current generation that check, and positions the map after them. */
    private void replay() {
        byte[] magic = new byte[MAGIC.length];
        map.get(0, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            startGeneration(1);
            return;
        }
        setGeneration(map.getLong(8));
        int at = HEADER;
        while (true) {
            int end = frameEnd(at);
            if (end < 0) {
                break;
            }
            at = end;
        }
        map.put(at, (byte) 0);
        map.position(at);
    }

    /** Reads the frame at {@code at} into the queue; its end, or -1 when there is none that checks. */
    private int frameEnd(int at) {
        if (at >= map.capacity() || map.get(at) != '#') {
            return -1;
        }
        int nl = at;
        while (nl < map.capacity() && nl - at < 40 && map.get(nl) != '\n') {
            nl++;
        }
        if (nl >= map.capacity() || map.get(nl) != '\n') {
            return -1;
        }
        byte[] headBytes = new byte[nl - at - 1];
        map.get(at + 1, headBytes);
        String[] head = new String(headBytes, StandardCharsets.US_ASCII).split(" ");
        long sum;
        int len;
        try {
            sum = Long.parseLong(head[0], 16);
            len = Integer.parseInt(head[1]);
        } catch (RuntimeException e) {
            return -1;
        }
        if (len < 0 || (long) nl + 1 + len > map.capacity()) {
            return -1;
        }
        byte[] lines = new byte[len];
        map.get(nl + 1, lines);
        CRC32C check = new CRC32C();
        check.update(longBytes(generation));
        check.update(lines);
        if (check.getValue() != sum) {
            return -1;
        }
        List<AuditRecord> records = new ArrayList<>();
        for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
            try {
                records.add(parse(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                return -1; // cannot happen for a frame that checks, unless a future version wrote it
            }
        }
        pending.addAll(records);
        return nl + 1 + len;
    }

    /**
     * A journal of JSON lines written by an earlier version: its records are rewritten as one frame
     * of the current format (through a temporary file and a rename, so a crash meanwhile loses nothing).
     */
    private static void upgradeLegacy(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return;
        }
        byte[] start = new byte[MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(start, 0, start.length) == start.length && java.util.Arrays.equals(start, MAGIC)) {
                return;
            }
        }
        FrameEncoder sb = FrameEncoder.get();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                sb.record(parse(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                // a torn last line after a crash mid-write: that record never reached its caller either
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".upgrade");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Journal j = new Journal(tmp, ch, true, true, Integer.MAX_VALUE);
            j.map = ch.map(FileChannel.MapMode.READ_WRITE, 0, INITIAL_CAPACITY);
            j.startGeneration(1);
            if (sb.length() > 0) {
                j.write(sb.bytes(), sb.length());
            }
            j.map.force();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void setGeneration(long gen) {
        generation = gen;
        ByteBuffer.wrap(generationBytes).putLong(gen);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** {@code r} as one journal line (a frame holds one per record). */
    static String line(AuditRecord r) {
        FrameEncoder e = FrameEncoder.get().record(r);
        return new String(e.bytes(), 0, e.length(), StandardCharsets.UTF_8);
    }

    static AuditRecord parse(JsonNode n) {
        JsonNode at = n.path("at");
        Instant when = at.isNumber() ? Instant.EPOCH.plus(at.asLong(), java.time.temporal.ChronoUnit.MICROS) : Instant.parse(at.asText());
        return new AuditRecord(uuid(n, "id"), when, text(n, "node"),
                AuditAction.of(n.path("action").asText()).orElseThrow(), AuditRecord.Outcome.of(n.path("outcome").asText()),
                uuid(n, "user_id"), text(n, "username"), uuid(n, "api_key_id"), uuid(n, "run_id"), uuid(n, "flow_id"),
                uuid(n, "project_id"), text(n, "config"), text(n, "namespace"), text(n, "mount"), text(n, "path"),
                n.hasNonNull("kv_version") ? n.get("kv_version").asLong() : null, uuid(n, "connection_id"), text(n, "connection"),
                uuid(n, "entry_id"), text(n, "field"), text(n, "detail"), secrets(n.path("secrets")));
    }

    private static List<AuditRecord.Secret> secrets(JsonNode list) {
        List<AuditRecord.Secret> out = new ArrayList<>();
        for (JsonNode s : list) { // [path, config, mount, namespace, kv_version]
            out.add(new AuditRecord.Secret(s.get(1).isNull() ? null : s.get(1).asText(), s.get(3).isNull() ? null : s.get(3).asText(),
                    s.get(2).isNull() ? null : s.get(2).asText(), s.get(0).isNull() ? null : s.get(0).asText(),
                    s.get(4).isNull() ? null : s.get(4).asLong()));
        }
        return out;
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    private static UUID uuid(JsonNode n, String f) {
        return n.hasNonNull(f) ? UUID.fromString(n.get(f).asText()) : null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (channel != null) {
                try {
                    if (map != null) {
                        map.force(); // a clean stop leaves the backlog on disk
                    }
                    channel.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing at shutdown: the records are in the page cache or the database already
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
