package org.flowvault.platform.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Encodes records as the JSON lines of the earlier journal formats ({@link LegacyJournal} reads
 * them; the current journal is binary, see {@link Journal}): kept so that a journal of those
 * formats can be written, to check that an upgrade replays it. No JSON library, no intermediate
 * strings (ids from their bits, the time as epoch microseconds). One per thread ({@link #get()}); the bytes are valid until the next {@link #reset()}.
 */
final class FrameEncoder {
    private static final ThreadLocal<FrameEncoder> PER_THREAD = ThreadLocal.withInitial(FrameEncoder::new);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** A buffer grown beyond this by one huge append is dropped after it, not kept per thread. */
    private static final int KEEP = 1 << 16;

    private byte[] buf = new byte[2048];
    private int len;

    static FrameEncoder get() {
        FrameEncoder e = PER_THREAD.get();
        e.reset();
        return e;
    }

    void reset() {
        if (buf.length > KEEP) {
            buf = new byte[2048];
        }
        len = 0;
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    FrameEncoder records(List<AuditRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            record(records.get(i));
        }
        return this;
    }

    /** One JSON line: every non-null field; {@code at} in epoch microseconds (replay also reads the ISO text of older journals). */
    FrameEncoder record(AuditRecord r) {
        ascii("{\"id\":\"");
        uuid(r.id());
        ascii("\",\"at\":");
        number(r.at().getEpochSecond() * 1_000_000L + r.at().getNano() / 1_000);
        field("node", r.node());
        field("action", r.action().label());
        field("outcome", r.outcome().label());
        field("user_id", r.userId());
        field("username", r.username());
        field("api_key_id", r.apiKeyId());
        field("run_id", r.runId());
        field("flow_id", r.flowId());
        field("project_id", r.projectId());
        field("config", r.config());
        field("namespace", r.namespace());
        field("mount", r.mount());
        field("path", r.path());
        if (r.kvVersion() != null) {
            ascii(",\"kv_version\":");
            number(r.kvVersion());
        }
        field("connection_id", r.connectionId());
        field("connection", r.connection());
        field("entry_id", r.entryId());
        field("field", r.field());
        field("detail", r.detail());
        List<AuditRecord.Secret> secrets = r.secrets();
        if (!secrets.isEmpty()) {
            ascii(",\"secrets\":[");
            for (int i = 0; i < secrets.size(); i++) {
                AuditRecord.Secret s = secrets.get(i);
                if (i > 0) {
                    put((byte) ',');
                }
                put((byte) '[');
                string(s.path());
                put((byte) ',');
                string(s.config());
                put((byte) ',');
                string(s.mount());
                put((byte) ',');
                string(s.namespace());
                put((byte) ',');
                if (s.kvVersion() == null) {
                    ascii("null");
                } else {
                    number(s.kvVersion());
                }
                put((byte) ']');
            }
            put((byte) ']');
        }
        ascii("}\n");
        return this;
    }

    private void field(String name, String value) {
        if (value != null) {
            name(name);
            string(value);
        }
    }

    private void field(String name, UUID value) {
        if (value != null) {
            name(name);
            put((byte) '"');
            uuid(value);
            put((byte) '"');
        }
    }

    private void name(String name) {
        put((byte) ',');
        put((byte) '"');
        ascii(name);
        put((byte) '"');
        put((byte) ':');
    }

    /** A JSON string, or null; ASCII is copied byte by byte, anything else through UTF-8. */
    private void string(String s) {
        if (s == null) {
            ascii("null");
            return;
        }
        ensure(s.length() + 2);
        put((byte) '"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                put((byte) c);
            } else if (c == '"' || c == '\\') {
                put((byte) '\\');
                put((byte) c);
            } else if (c < 0x20) {
                ascii("\\u00");
                put(HEX[c >> 4]);
                put(HEX[c & 0xF]);
            } else {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) >= 0x80) {
                    end++;
                }
                if (Character.isHighSurrogate(s.charAt(end - 1)) && end < s.length()) {
                    end++; // keep a surrogate pair together
                }
                byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, buf, len, utf8.length);
                len += utf8.length;
                i = end - 1;
            }
        }
        put((byte) '"');
    }

    private void uuid(UUID id) {
        ensure(36);
        hex(id.getMostSignificantBits() >>> 32, 8);
        put((byte) '-');
        hex(id.getMostSignificantBits() >>> 16, 4);
        put((byte) '-');
        hex(id.getMostSignificantBits(), 4);
        put((byte) '-');
        hex(id.getLeastSignificantBits() >>> 48, 4);
        put((byte) '-');
        hex(id.getLeastSignificantBits(), 12);
    }

    private void hex(long bits, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            buf[len++] = HEX[(int) (bits >>> shift) & 0xF];
        }
    }

    private void number(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int a = start, b = len - 1; a < b; a++, b--) {
            byte t = buf[a];
            buf[a] = buf[b];
            buf[b] = t;
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
