package org.flowvault.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.flowvault.platform.db.Database;

/**
 * Encrypts secrets at rest: AES-256-GCM under a data key that is itself stored in the database
 * wrapped (AES-256-GCM) by the {@link MasterKey}. Each ciphertext is bound to the identity of the
 * record that owns it (associated data such as {@code "user_token:<configId>:<userId>"}), so a
 * ciphertext copied into another record does not decrypt.
 *
 * <p>Format of a sealed value: {@code "v1:" + base64(nonce[12] || ciphertext || tag[16])}, a random
 * nonce per value. Thread-safe; one instance per process.
 */
public final class SecretBox {
    private static final String PREFIX = "v1:";
    private static final String DATA_KEY_ID = "primary";
    private static final byte[] DATA_KEY_AAD = "flowvault:data-key:v1".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey dataKey;

    private SecretBox(SecretKey dataKey) {
        this.dataKey = dataKey;
    }

    /** {@link #open(Database, MasterKeyring)} with a ring of this one key. */
    public static SecretBox open(Database db, MasterKey master) {
        return open(db, MasterKeyring.of(Objects.requireNonNull(master, "master")));
    }

    /**
     * Loads the data key from {@code db} and unwraps it with the ring's key that wrapped it (during
     * a {@linkplain MasterKeyRotation rotation}, an active or a previous key); on the first start
     * of a database, generates the data key and stores it wrapped by the active key. Several nodes
     * starting at once agree on one key (the insert is conditional; everyone re-reads the stored row).
     *
     * @throws IllegalStateException when no key of the ring unwraps the stored data key: the
     *         master key is not the one this database was set up with (or rotated to)
     */
    public static SecretBox open(Database db, MasterKeyring ring) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(ring, "ring");
        Optional<WrappedKey> stored = readWrapped(db);
        if (stored.isEmpty()) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            try {
                db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO data_keys (id, wrapped_key, master_key_id, created_at) "
                                + "VALUES (:id, :w, :k, :t)")
                        .bind("id", DATA_KEY_ID).bind("w", wrap(ring.active(), fresh)).bind("k", ring.active().id())
                        .bind("t", Clock.systemUTC().instant().atOffset(ZoneOffset.UTC)).execute());
            } catch (RuntimeException e) {
                // another node inserted first: its key wins, read below
            }
            stored = readWrapped(db);
        }
        WrappedKey wrapped = stored.orElseThrow(() -> new IllegalStateException("the data key could not be stored in table data_keys"));
        return new SecretBox(new SecretKeySpec(unwrap(ring, wrapped.wrapped(), wrapped.masterKeyId()), "AES"));
    }

    /** A row of {@code data_keys}: the wrapped key and the id of the master key that wrapped it (null when unknown). */
    record WrappedKey(String id, String wrapped, String masterKeyId) {
    }

    private static Optional<WrappedKey> readWrapped(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, wrapped_key, master_key_id FROM data_keys WHERE id = :id")
                .bind("id", DATA_KEY_ID)
                .map((rs, ctx) -> new WrappedKey(rs.getString(1), rs.getString(2), rs.getString(3))).findOne());
    }

    /** {@code raw} wrapped by {@code master}, in the stored format. */
    static String wrap(MasterKey master, byte[] raw) {
        return PREFIX + Base64.getEncoder().encodeToString(encrypt(master.aesKey(), raw, DATA_KEY_AAD));
    }

    /**
     * Unwraps with the key named by {@code masterKeyId}, or, when it is unknown or not in the ring,
     * with each key of the ring in turn.
     *
     * @throws IllegalStateException naming the key ids when none fits (ids are fingerprints, not keys)
     */
    static byte[] unwrap(MasterKeyring ring, String wrapped, String masterKeyId) {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(wrapped.substring(PREFIX.length()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("a data key in table data_keys is not in a known format (expected " + PREFIX + "...)");
        }
        List<MasterKey> candidates = ring.find(masterKeyId).map(List::of).orElseGet(ring::all);
        for (MasterKey k : candidates) {
            try {
                return decrypt(k.aesKey(), data, DATA_KEY_AAD);
            } catch (AEADBadTagException e) {
                // not this key: try the next
            }
        }
        throw new IllegalStateException("the master key does not match the one this database was set up with"
                + (masterKeyId == null ? "" : " (it needs key id " + masterKeyId + "; this node has " + ring + ")")
                + ": start with the original key (FLOWVAULT_MASTER_KEY, FLOWVAULT_MASTER_KEY_FILE or the dev key file), "
                + "or during a rotation add it to " + MasterKeyring.ENV_PREVIOUS);
    }

    /**
     * Encrypts {@code plaintext} for the record {@code recordId}.
     *
     * @param recordId the owning record's identity, e.g. {@code "user_token:<configId>:<userId>"}; the
     *                 same string must be given to {@link #open(String, String)}
     */
    public String seal(String plaintext, String recordId) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] out = encrypt(dataKey, plaintext.getBytes(StandardCharsets.UTF_8), aad(recordId));
        return PREFIX + Base64.getEncoder().encodeToString(out);
    }

    /**
     * Decrypts a value sealed for {@code recordId}.
     *
     * @throws IllegalStateException naming the record when the value was sealed for another record,
     *         altered, or sealed under another data key (never with the value)
     */
    public String open(String sealed, String recordId) {
        Objects.requireNonNull(sealed, "sealed");
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("the stored secret of " + recordId + " is not in a known format (expected " + PREFIX + "...)");
        }
        try {
            byte[] plain = decrypt(dataKey, Base64.getDecoder().decode(sealed.substring(PREFIX.length())), aad(recordId));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored secret of " + recordId
                    + " does not decrypt: it was altered, moved from another record, or written under another master key");
        }
    }

    /**
     * A key for {@code purpose} derived from the data key with HKDF-SHA256 (the purpose is HKDF's
     * info; distinct purposes give independent keys). Because it derives from the data key, not
     * from the master key, re-wrapping the data key under a new master key keeps it unchanged:
     * what was authenticated with it stays verifiable.
     *
     * @param purpose a fixed label, e.g. {@code "flowvault:audit-chain:v1"}
     * @return a 256-bit HMAC-SHA256 key
     */
    public SecretKey derivedKey(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("purpose must name what the derived key is for");
        }
        byte[] k = Hkdf.sha256(dataKey.getEncoded(), "flowvault:derived-keys".getBytes(StandardCharsets.UTF_8),
                purpose.getBytes(StandardCharsets.UTF_8), 32);
        return new SecretKeySpec(k, "HmacSHA256");
    }

    private static byte[] aad(String recordId) {
        if (recordId == null || recordId.isBlank()) {
            throw new IllegalArgumentException("recordId must name the owning record");
        }
        return recordId.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encrypt(SecretKey key, byte[] plain, byte[] aad) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(plain);
            return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK: " + e.getMessage(), e);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] data, byte[] aad) throws AEADBadTagException {
        if (data.length < NONCE + TAG_BITS / 8) {
            throw new AEADBadTagException("too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE));
            c.updateAAD(aad);
            return c.doFinal(data, NONCE, data.length - NONCE);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox";
    }
}
