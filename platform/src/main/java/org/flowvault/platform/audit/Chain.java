package org.flowvault.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The tamper-evident link: {@code mac(n) = HMAC-SHA256(key, canonical(seq n, record n) || mac(n-1))},
 * hex. The sequence number is inside, so moving a record breaks its link as editing it does.
 *
 * <p>Two canonical forms. A <b>link</b> ({@link #link}, every record since the templates): a tag,
 * seq, id, time in microseconds and the SHA-256 {@link #digest} of the record's {@link Template}
 * (every other field, length-prefixed, null distinct from empty), so a record costs one short
 * HMAC and the template's digest is computed once. The <b>full</b> form ({@link #mac}, records
 * written before): every field in a fixed order, each length-prefixed; a record naming several
 * secrets adds their list last.
 */
final class Chain {
    /** The MAC before the first record. */
    static final String GENESIS = "";
    /** Starts every link-form input; a full-form input starts with the seq's high half, zero in practice. */
    private static final byte[] LINK_TAG = "FVL2".getBytes(StandardCharsets.US_ASCII);

    /** The chain's HMAC key, its padded forms already hashed; both canonical forms use it. */
    private final PadStates pads;

    Chain(SecretKey key) {
        this.pads = new PadStates(key.getEncoded());
    }

    /** The digest a link's mac covers: SHA-256 of the template's canonical (journal) form. */
    static byte[] digest(AuditRecord template) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(Template.of(template).bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK: " + e.getMessage(), e);
        }
    }

    /** The mac of record {@code seq} in the link form, hex. */
    String link(long seq, UUID id, long atMicros, byte[] templateDigest, String previous) {
        Links one = links(previous);
        one.next(seq, id, atMicros, templateDigest);
        return one.previous();
    }

    /** Link macs computed in chain order from {@code previous} (hex), each feeding the next without a hex string. */
    Links links(String previous) {
        return new Links(previous);
    }

    /** A run of link macs: each record's raw mac, and the previous one kept as the hex digits the next one's input holds. Not thread-safe. */
    final class Links {
        /** A link's input: tag, seq, id, time, digest, the previous mac's 64 hex digits with their length. */
        private final java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(4 + 32 + 32 + 4 + 64);
        private final byte[] hex = new byte[64];
        /** -1: none (null), 0: the genesis (empty), 64: {@link #hex}. */
        private int hexLength;

        private Links(String previous) {
            if (previous == null) {
                hexLength = -1;
            } else {
                hexLength = previous.length();
                for (int i = 0; i < hexLength; i++) {
                    hex[i] = (byte) previous.charAt(i);
                }
            }
        }

        /** The raw mac of record {@code seq} (the link form), which becomes the previous one. */
        byte[] next(long seq, UUID id, long atMicros, byte[] templateDigest) {
            in.clear().put(LINK_TAG).putLong(seq).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                    .putLong(atMicros).put(templateDigest).putInt(hexLength);
            if (hexLength > 0) {
                in.put(hex, 0, hexLength);
            }
            byte[] raw = pads.hmac(in.array(), in.position());
            for (int i = 0; i < raw.length; i++) {
                hex[2 * i] = HEX_DIGITS[(raw[i] >> 4) & 0xF];
                hex[2 * i + 1] = HEX_DIGITS[raw[i] & 0xF];
            }
            hexLength = 64;
            return raw;
        }

        /** The last mac, hex (what the chain head stores). */
        String previous() {
            return hexLength < 0 ? null : new String(hex, 0, hexLength, StandardCharsets.US_ASCII);
        }
    }

    /**
     * HMAC-SHA256 (RFC 2104) starting from the SHA-256 states after the key's inner and outer pad
     * blocks, which {@code javax.crypto.Mac} hashes again for every message: a link's input then costs four
     * compressions instead of six, and the writer computes one per record.
     */
    static final class PadStates {
        private static final int BLOCK = 64;
        private final MessageDigest inner;
        private final MessageDigest outer;

        PadStates(byte[] key) {
            byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
            byte[] ipad = new byte[BLOCK];
            byte[] opad = new byte[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                byte b = i < k.length ? k[i] : 0;
                ipad[i] = (byte) (b ^ 0x36);
                opad[i] = (byte) (b ^ 0x5c);
            }
            inner = sha256();
            inner.update(ipad);
            outer = sha256();
            outer.update(opad);
            java.util.Arrays.fill(ipad, (byte) 0);
            java.util.Arrays.fill(opad, (byte) 0);
        }

        /** HMAC-SHA256 of {@code message[0, length)}; thread-safe (each call hashes in copies of the pad states). */
        byte[] hmac(byte[] message, int length) {
            MessageDigest in = start();
            in.update(message, 0, length);
            return finish(in);
        }

        /** A message's hash to feed piece by piece, then pass to {@link #finish}. */
        MessageDigest start() {
            return copy(inner);
        }

        /** The HMAC of what {@code started} (from {@link #start}) was fed. */
        byte[] finish(MessageDigest started) {
            MessageDigest out = copy(outer);
            out.update(started.digest());
            return out.digest();
        }

        private static MessageDigest copy(MessageDigest state) {
            try {
                return (MessageDigest) state.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("this JDK's SHA-256 cannot be copied", e);
            }
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 is not available in this JDK: " + e.getMessage(), e);
            }
        }
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The mac of record {@code seq} in the full form (records written before templates). */
    String mac(long seq, AuditRecord r, String previous) {
        {
            MessageDigest mac = pads.start();
            putInt(mac, (int) (seq >>> 32));
            putInt(mac, (int) seq);
            put(mac, r.id());
            put(mac, r.at().toString());
            put(mac, r.node());
            put(mac, r.action().label());
            put(mac, r.outcome().label());
            put(mac, r.userId());
            put(mac, r.username());
            put(mac, r.apiKeyId());
            put(mac, r.runId());
            put(mac, r.flowId());
            put(mac, r.projectId());
            put(mac, r.config());
            put(mac, r.namespace());
            put(mac, r.mount());
            put(mac, r.path());
            put(mac, r.kvVersion() == null ? null : r.kvVersion().toString());
            put(mac, r.connectionId());
            put(mac, r.connection());
            put(mac, r.entryId());
            put(mac, r.field());
            put(mac, r.detail());
            put(mac, previous);
            if (!r.secrets().isEmpty()) {
                // after the previous mac, so the records written before secrets existed keep their macs
                put(mac, SecretList.encode(r.secrets()));
            }
            return HexFormat.of().formatHex(pads.finish(mac));
        }
    }

    private static void put(MessageDigest mac, UUID id) {
        put(mac, id == null ? null : id.toString());
    }

    private static void put(MessageDigest mac, String s) {
        if (s == null) {
            putInt(mac, -1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(mac, b.length);
        mac.update(b);
    }

    /** Big-endian, as {@code ByteBuffer.putInt} wrote it, without allocating. */
    private static void putInt(MessageDigest mac, int v) {
        mac.update((byte) (v >>> 24));
        mac.update((byte) (v >>> 16));
        mac.update((byte) (v >>> 8));
        mac.update((byte) v);
    }
}
