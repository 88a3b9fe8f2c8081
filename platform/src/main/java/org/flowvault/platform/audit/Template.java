package org.flowvault.platform.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Every field of a stamped record but its id and time, in the journal's binary form. A journal
 * writes a template once per generation (a dictionary frame entry) and then each record that
 * uses it as a fixed 29-byte entry (kind, template number, id, time): a warm resolution records the same
 * draft again and again, so its append copies no strings at all.
 *
 * <p>{@link #number} and {@link #generation} belong to the journal's lock: a template is defined
 * in a generation when {@code generation} equals the journal's.
 */
final class Template {
    final byte[] bytes;
    int number;
    long generation;

    private Template(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The template of {@code r} (stamped: its node and ambient context are final). */
    static Template of(AuditRecord r) {
        Out out = new Out();
        out.string(r.node());
        out.string(r.action().label());
        out.string(r.outcome().label());
        out.uuid(r.userId());
        out.string(r.username());
        out.uuid(r.apiKeyId());
        out.uuid(r.runId());
        out.uuid(r.flowId());
        out.uuid(r.projectId());
        out.string(r.config());
        out.string(r.namespace());
        out.string(r.mount());
        out.string(r.path());
        out.number(r.kvVersion());
        out.uuid(r.connectionId());
        out.string(r.connection());
        out.uuid(r.entryId());
        out.string(r.field());
        out.string(r.detail());
        out.buf.putInt(r.secrets().size());
        for (AuditRecord.Secret s : r.secrets()) {
            out.string(s.config());
            out.string(s.namespace());
            out.string(s.mount());
            out.string(s.path());
            out.number(s.kvVersion());
        }
        return new Template(Arrays.copyOf(out.buf.array(), out.buf.position()));
    }

    /**
     * Reads a template written by {@link #of}; {@link AuditRecord}s of it are made by {@link #record}.
     *
     * @throws RuntimeException when the bytes are not a template (a frame of a future version)
     */
    static AuditRecord read(ByteBuffer in) {
        String node = string(in);
        AuditAction action = AuditAction.of(string(in)).orElseThrow();
        AuditRecord.Outcome outcome = AuditRecord.Outcome.of(string(in));
        UUID userId = uuid(in);
        String username = string(in);
        UUID apiKeyId = uuid(in);
        UUID runId = uuid(in);
        UUID flowId = uuid(in);
        UUID projectId = uuid(in);
        String config = string(in);
        String namespace = string(in);
        String mount = string(in);
        String path = string(in);
        Long kvVersion = number(in);
        UUID connectionId = uuid(in);
        String connection = string(in);
        UUID entryId = uuid(in);
        String field = string(in);
        String detail = string(in);
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("not an audit record template");
        }
        List<AuditRecord.Secret> secrets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            secrets.add(new AuditRecord.Secret(string(in), string(in), string(in), string(in), number(in)));
        }
        return new AuditRecord(null, Instant.EPOCH, node, action, outcome, userId, username, apiKeyId, runId, flowId, projectId,
                config, namespace, mount, path, kvVersion, connectionId, connection, entryId, field, detail, secrets);
    }

    /** The record of template {@code t} (from {@link #read}) with its id and time. */
    static AuditRecord record(AuditRecord t, UUID id, Instant at) {
        return new AuditRecord(id, at, t.node(), t.action(), t.outcome(), t.userId(), t.username(), t.apiKeyId(), t.runId(), t.flowId(),
                t.projectId(), t.config(), t.namespace(), t.mount(), t.path(), t.kvVersion(), t.connectionId(), t.connection(),
                t.entryId(), t.field(), t.detail(), t.secrets());
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        if (n > in.remaining()) {
            throw new IllegalArgumentException("not an audit record template");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private static UUID uuid(ByteBuffer in) {
        return in.get() == 0 ? null : new UUID(in.getLong(), in.getLong());
    }

    private static Long number(ByteBuffer in) {
        return in.get() == 0 ? null : in.getLong();
    }

    /** A growing heap buffer: templates are encoded once, off the append's lock. */
    private static final class Out {
        ByteBuffer buf = ByteBuffer.allocate(256);

        void ensure(int more) {
            if (buf.remaining() < more) {
                buf = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more)).put(buf.flip());
            }
        }

        void string(String s) {
            if (s == null) {
                ensure(4);
                buf.putInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ensure(4 + b.length);
            buf.putInt(b.length).put(b);
        }

        void uuid(UUID id) {
            ensure(17);
            if (id == null) {
                buf.put((byte) 0);
            } else {
                buf.put((byte) 1).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            }
        }

        void number(Long v) {
            ensure(9);
            if (v == null) {
                buf.put((byte) 0);
            } else {
                buf.put((byte) 1).putLong(v);
            }
        }
    }
}
