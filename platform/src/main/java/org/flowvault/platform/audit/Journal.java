package org.flowvault.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The audit journal of one node: records are appended to a file (one JSON object a line, written
 * with one {@code write(2)} per append and no fsync, like Vault's file audit device: it survives a
 * crash of the process, not a power loss) and queued for the database writer, which removes them
 * once they are committed; the file is truncated whenever the queue drains. At start, records a
 * previous process left in the file are replayed. Without a file the journal is the queue alone.
 *
 * <p>Thread-safe; appends are serialised by the journal's monitor.
 */
final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final ArrayDeque<AuditRecord> pending = new ArrayDeque<>();
    private IOException broken;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** A journal in {@code file} (created 0600-like by the process umask), or in memory when {@code file} is null. */
    static Journal open(Path file) {
        if (file == null) {
            return new Journal(null, null);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Journal j = new Journal(file, ch);
            j.pending.addAll(j.readLeftovers());
            ch.position(ch.size());
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code records} (all or none) and queues them for the database; returns how many are queued.
     *
     * @throws IOException when the file cannot be written; the journal then stays broken, so every
     *         later append fails too until the process restarts
     */
    synchronized int append(List<AuditRecord> records) throws IOException {
        if (broken != null) {
            throw broken;
        }
        if (channel != null) {
            StringBuilder sb = new StringBuilder(256 * records.size());
            for (AuditRecord r : records) {
                line(sb, r);
            }
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            long start = channel.position();
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                broken = e;
                try {
                    channel.truncate(start); // no half record for the replay to trip on
                } catch (IOException ignored) {
                    // the replay skips a line it cannot parse
                }
                throw e;
            }
        }
        pending.addAll(records);
        return pending.size();
    }

    /** Up to {@code max} of the oldest queued records, still queued. */
    synchronized List<AuditRecord> peek(int max) {
        List<AuditRecord> out = new ArrayList<>(Math.min(max, pending.size()));
        for (AuditRecord r : pending) {
            if (out.size() == max) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    /** The {@code n} oldest records are in the database: forget them; an empty queue empties the file. */
    synchronized void written(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            pending.removeFirst();
        }
        if (pending.isEmpty() && channel != null && broken == null) {
            channel.truncate(0);
            channel.position(0);
        }
    }

    synchronized int backlog() {
        return pending.size();
    }

    synchronized boolean isBroken() {
        return broken != null;
    }

    private List<AuditRecord> readLeftovers() throws IOException {
        List<AuditRecord> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out; // e.g. a device or pipe the operator points the journal at
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(parse(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                // a torn last line after a crash mid-write: that record never reached its caller either
            }
        }
        return out;
    }

    static void line(StringBuilder sb, AuditRecord r) {
        sb.append('{');
        field(sb, "id", r.id(), true);
        field(sb, "at", r.at().toString(), false);
        field(sb, "node", r.node(), false);
        field(sb, "action", r.action().label(), false);
        field(sb, "outcome", r.outcome().label(), false);
        field(sb, "user_id", r.userId(), false);
        field(sb, "username", r.username(), false);
        field(sb, "api_key_id", r.apiKeyId(), false);
        field(sb, "run_id", r.runId(), false);
        field(sb, "flow_id", r.flowId(), false);
        field(sb, "project_id", r.projectId(), false);
        field(sb, "config", r.config(), false);
        field(sb, "namespace", r.namespace(), false);
        field(sb, "mount", r.mount(), false);
        field(sb, "path", r.path(), false);
        if (r.kvVersion() != null) {
            sb.append(",\"kv_version\":").append(r.kvVersion().longValue());
        }
        field(sb, "connection_id", r.connectionId(), false);
        field(sb, "connection", r.connection(), false);
        field(sb, "entry_id", r.entryId(), false);
        field(sb, "field", r.field(), false);
        field(sb, "detail", r.detail(), false);
        sb.append("}\n");
    }

    private static void field(StringBuilder sb, String name, Object value, boolean first) {
        if (value == null) {
            return;
        }
        if (!first) {
            sb.append(',');
        }
        sb.append('"').append(name).append("\":\"");
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static AuditRecord parse(JsonNode n) {
        return new AuditRecord(uuid(n, "id"), Instant.parse(n.path("at").asText()), text(n, "node"),
                AuditAction.of(n.path("action").asText()).orElseThrow(), AuditRecord.Outcome.of(n.path("outcome").asText()),
                uuid(n, "user_id"), text(n, "username"), uuid(n, "api_key_id"), uuid(n, "run_id"), uuid(n, "flow_id"),
                uuid(n, "project_id"), text(n, "config"), text(n, "namespace"), text(n, "mount"), text(n, "path"),
                n.hasNonNull("kv_version") ? n.get("kv_version").asLong() : null, uuid(n, "connection_id"), text(n, "connection"),
                uuid(n, "entry_id"), text(n, "field"), text(n, "detail"));
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    private static UUID uuid(JsonNode n, String f) {
        return n.hasNonNull(f) ? UUID.fromString(n.get(f).asText()) : null;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing at shutdown: the records are in the file or the database already
            }
        }
    }
}
