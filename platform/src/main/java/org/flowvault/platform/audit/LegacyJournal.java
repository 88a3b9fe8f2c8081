package org.flowvault.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The journal formats of earlier versions, read once at start so that their records are replayed:
 * JSON lines (no header), {@code FVAJ0001} frames ({@code #crc len\n} and that many bytes of
 * JSON lines, the CRC-32C over the generation and the lines), and {@code FVAJ0002} (binary frames of
 * one generation after a 16-byte header; {@link Journal#readFormat2}). {@link Journal} rewrites them in its format.
 */
final class LegacyJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] FRAMES_V1 = "FVAJ0001".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FRAMES_V2 = "FVAJ0002".getBytes(StandardCharsets.US_ASCII);

    private LegacyJournal() {
    }

    /** The records waiting in {@code file} if it is in a legacy format; null when it is not (empty, or the current format). */
    static List<AuditRecord> read(Path file, byte[] currentMagic) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return null;
        }
        byte[] start = new byte[currentMagic.length];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(start, 0, start.length);
            if (n == start.length && Arrays.equals(start, currentMagic)) {
                return null;
            }
            if (n == start.length && Arrays.equals(start, FRAMES_V1)) {
                return frames(Files.readAllBytes(file));
            }
            if (n == start.length && Arrays.equals(start, FRAMES_V2)) {
                return Journal.readFormat2(Files.readAllBytes(file));
            }
        }
        List<AuditRecord> out = new ArrayList<>();
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

    /** The records of the frames of the file's generation that check, up to the first that does not. */
    private static List<AuditRecord> frames(byte[] file) {
        List<AuditRecord> out = new ArrayList<>();
        if (file.length < 16) {
            return out;
        }
        byte[] generation = Arrays.copyOfRange(file, 8, 16);
        int at = 16;
        while (at < file.length && file[at] == '#') {
            int nl = at;
            while (nl < file.length && nl - at < 40 && file[nl] != '\n') {
                nl++;
            }
            if (nl >= file.length || file[nl] != '\n') {
                break;
            }
            String[] head = new String(file, at + 1, nl - at - 1, StandardCharsets.US_ASCII).split(" ");
            long sum;
            int len;
            try {
                sum = Long.parseLong(head[0], 16);
                len = Integer.parseInt(head[1]);
            } catch (RuntimeException e) {
                break;
            }
            if (len < 0 || (long) nl + 1 + len > file.length) {
                break;
            }
            CRC32C check = new CRC32C();
            check.update(generation);
            check.update(file, nl + 1, len);
            if (check.getValue() != sum) {
                break;
            }
            List<AuditRecord> records = new ArrayList<>();
            try {
                for (String line : new String(file, nl + 1, len, StandardCharsets.UTF_8).split("\n")) {
                    records.add(parse(JSON.readTree(line)));
                }
            } catch (IOException | RuntimeException e) {
                break;
            }
            out.addAll(records);
            at = nl + 1 + len;
        }
        return out;
    }

    /** {@code r} as one JSON line of the legacy formats. */
    static String line(AuditRecord r) {
        FrameEncoder e = FrameEncoder.get().record(r);
        return new String(e.bytes(), 0, e.length(), StandardCharsets.UTF_8);
    }

    static AuditRecord parse(JsonNode n) {
        JsonNode at = n.path("at");
        Instant when = at.isNumber() ? Instant.EPOCH.plus(at.asLong(), ChronoUnit.MICROS) : Instant.parse(at.asText());
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

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
