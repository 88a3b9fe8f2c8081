package org.flowvault.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The tamper-evident link: {@code mac(n) = HMAC-SHA256(key, canonical(seq n, record n) || mac(n-1))},
 * hex. The canonical form is every field in a fixed order, each length-prefixed (null distinct
 * from empty), so no two records encode alike; the sequence number is inside, so moving a record
 * breaks its link as editing it does. A record naming several secrets adds their list last.
 */
final class Chain {
    /** The MAC before the first record. */
    static final String GENESIS = "";

    private final SecretKey key;
    /** Initialised once per thread: looking up and keying a Mac costs more than a record's HMAC. */
    private final ThreadLocal<Mac> macs;

    Chain(SecretKey key) {
        this.key = key;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK: " + e.getMessage(), e);
        }
    }

    String mac(long seq, AuditRecord r, String previous) {
        {
            Mac mac = macs.get();
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
            return HexFormat.of().formatHex(mac.doFinal()); // doFinal also resets it for the next record
        }
    }

    private static void put(Mac mac, UUID id) {
        put(mac, id == null ? null : id.toString());
    }

    private static void put(Mac mac, String s) {
        if (s == null) {
            putInt(mac, -1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(mac, b.length);
        mac.update(b);
    }

    /** Big-endian, as {@code ByteBuffer.putInt} wrote it, without allocating. */
    private static void putInt(Mac mac, int v) {
        mac.update((byte) (v >>> 24));
        mac.update((byte) (v >>> 16));
        mac.update((byte) (v >>> 8));
        mac.update((byte) v);
    }
}
