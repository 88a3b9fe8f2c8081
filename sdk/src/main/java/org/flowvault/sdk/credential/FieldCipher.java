package org.flowvault.sdk.credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts one credential field. Both formats are AES-256-GCM with a random 12-byte
 * IV and a 16-byte tag over the JSON text of the value (a string keeps its quotes):
 * <ul>
 *   <li><b>v2</b> (the default): {@code v2:KEYVERSION:HEX}, where HEX is lowercase
 *       hex(iv || ciphertext || tag) and the associated data binds the key version, project,
 *       domain, permissioned user id and field name ({@link FieldId}), so a ciphertext moved to
 *       another entry or field fails;</li>
 *   <li><b>v1</b>: bare lowercase hex(iv) + hex(ciphertext) + hex(tag) with no associated data —
 *       the seed product's exact format, read so existing entries can be imported.</li>
 * </ul>
 * A field that does not decrypt is a {@link CredentialDecryptionException}, never a ciphertext
 * handed back as plaintext. Stateless and thread-safe.
 */
public final class FieldCipher {
    static final String V2_PREFIX = "v2:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] V2_CONTEXT = "flowvault-credential-v2".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
        }
    });

    private FieldCipher() {
    }

    /** Encrypts {@code plaintext} (the value's JSON text) in format v2 under key version {@code keyVersion}. */
    public static String encrypt(CredentialKey key, int keyVersion, FieldId id, String plaintext) {
        Objects.requireNonNull(id, "id");
        if (keyVersion < 1) {
            throw new IllegalArgumentException("key versions start at 1");
        }
        return V2_PREFIX + keyVersion + ":" + HEX.formatHex(seal(key, aad(keyVersion, id), plaintext));
    }

    /** Encrypts {@code plaintext} (the value's JSON text) in format v1, the seed product's format. */
    public static String encryptV1(CredentialKey key, String plaintext) {
        return HEX.formatHex(seal(key, null, plaintext));
    }

    /**
     * Decrypts a stored field of either format with {@code key}, whatever key version a v2 field
     * names (the SDK holds one key).
     *
     * @throws CredentialDecryptionException naming the entry and field when it does not decrypt
     */
    public static String decrypt(CredentialKey key, FieldId id, String stored) {
        Objects.requireNonNull(key, "key");
        return decrypt(version -> key, id, stored, key);
    }

    /**
     * Decrypts a stored field with the key of the version it names ({@code keys}: version to key);
     * a v1 field, which names none, is tried with every key, newest first.
     *
     * @throws CredentialDecryptionException naming the entry and field when it does not decrypt
     */
    public static String decrypt(Map<Integer, CredentialKey> keys, FieldId id, String stored) {
        Objects.requireNonNull(keys, "keys");
        if (!isV2(stored)) {
            CredentialDecryptionException last = null;
            for (int v : keys.keySet().stream().sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    return decrypt(keys.get(v), id, stored);
                } catch (CredentialDecryptionException e) {
                    last = e;
                }
            }
            throw last != null ? last : new CredentialDecryptionException(id, "no credential key is set");
        }
        return decrypt(keys::get, id, stored, null);
    }

    /** Whether {@code stored} is in format v2. */
    public static boolean isV2(String stored) {
        return stored != null && stored.startsWith(V2_PREFIX);
    }

    private static String decrypt(java.util.function.IntFunction<CredentialKey> keyOf, FieldId id, String stored, CredentialKey v1Key) {
        Objects.requireNonNull(id, "id");
        if (stored == null || stored.isEmpty()) {
            throw new CredentialDecryptionException(id, "it is empty");
        }
        byte[] aad = null;
        String hex = stored;
        CredentialKey key = v1Key;
        if (isV2(stored)) {
            int colon = stored.indexOf(':', V2_PREFIX.length());
            int version;
            try {
                version = colon < 0 ? -1 : Integer.parseInt(stored, V2_PREFIX.length(), colon, 10);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1) {
                throw new CredentialDecryptionException(id, "it is not in the form v2:KEYVERSION:HEX");
            }
            key = keyOf.apply(version);
            if (key == null) {
                throw new CredentialDecryptionException(id, "it was written under key version " + version + ", which is not available");
            }
            aad = aad(version, id);
            hex = stored.substring(colon + 1);
        }
        if (key == null) {
            throw new CredentialDecryptionException(id, "no credential key is set");
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CredentialDecryptionException(id, "it is not hex");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new CredentialDecryptionException(id, "it is too short to be a ciphertext");
        }
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            if (aad != null) {
                c.updateAAD(aad);
            }
            byte[] plain = c.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new CredentialDecryptionException(id, "the authentication tag does not match "
                    + "(a wrong key, a tampered value, or a value copied from another entry or field)");
        } catch (GeneralSecurityException e) {
            throw new CredentialDecryptionException(id, e.getClass().getSimpleName());
        }
    }

    private static byte[] seal(CredentialKey key, byte[] aad, String plaintext) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[IV_BYTES + plain.length + TAG_BITS / 8];
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, iv));
            if (aad != null) {
                c.updateAAD(aad);
            }
            c.doFinal(plain, 0, plain.length, out, IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The associated data of a v2 field: a context label, then each part length-prefixed so no two identities collide. */
    private static byte[] aad(int keyVersion, FieldId id) {
        byte[][] parts = {
            Integer.toString(keyVersion).getBytes(StandardCharsets.UTF_8),
            id.project().getBytes(StandardCharsets.UTF_8),
            id.domain().getBytes(StandardCharsets.UTF_8),
            id.permissionedUserId().getBytes(StandardCharsets.UTF_8),
            id.field().getBytes(StandardCharsets.UTF_8),
        };
        int size = V2_CONTEXT.length;
        for (byte[] p : parts) {
            size += 4 + p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(V2_CONTEXT);
        for (byte[] p : parts) {
            b.putInt(p.length).put(p);
        }
        return b.array();
    }
}
