package org.flowvault.sdk.credential;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts one credential field. Both formats are AES-256-GCM with a random 12-byte
 * IV and a 16-byte tag over the JSON text of the value (a string keeps its quotes):
 * <ul>
 *   <li><b>v2</b> (the default): {@code v2:KEYVERSION:HEX}, where KEYVERSION is a decimal number
 *       from 1 written without sign or leading zeros, HEX is lowercase hex(iv || ciphertext || tag)
 *       and the associated data binds the key version, project, domain, permissioned user id and
 *       field name ({@link FieldId}), so a ciphertext moved to another project, entry or field, or
 *       relabelled with another key version, fails;</li>
 *   <li><b>v1</b>: bare lowercase hex(iv) + hex(ciphertext) + hex(tag) with no associated data —
 *       the seed product's exact format, read (and written on request) so existing entries can be
 *       imported. A v1 value is bound to nothing: re-encrypting it as v2 is what binds it.</li>
 * </ul>
 * A field that does not decrypt is a {@link CredentialDecryptionException} naming the entry and
 * field, never a ciphertext handed back as plaintext. Hex is read in either case. Stateless and
 * thread-safe.
 */
public final class FieldCipher {
    static final String V2_PREFIX = "v2:";
    static final int IV_BYTES = 12;
    static final int TAG_BYTES = 16;
    /** Key versions are at most 9 digits, so they always fit an int. */
    private static final int MAX_VERSION_DIGITS = 9;
    private static final byte[] V2_CONTEXT = "flowvault-credential-v2".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Fields up to this size (in bytes or characters of plaintext) reuse the thread's buffers;
     * larger ones allocate, so no thread keeps more than a few hundred KiB.
     */
    private static final int REUSED = 32 * 1024;
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    /**
     * A thread's cipher, Latin-1 encoder and buffers: decrypted bytes (zeroed after each use),
     * ciphertext bytes, hex bytes and characters. At 16 KiB a fresh array per step (a copy of the
     * hex text, say) costs more than AES-GCM on the field, because fresh memory is not in the
     * cache; reused buffers are (bench/run-credential-bench.sh).
     */
    private static final class Workspace {
        final Cipher cipher;
        /** Reports a character above U+00FF instead of replacing it. */
        final CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder();
        final byte[] iv = new byte[IV_BYTES];
        byte[] sealed = new byte[256];
        byte[] plain = new byte[256];
        byte[] text = new byte[512];
        char[] chars = new char[512];

        Workspace() {
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
            }
        }

        byte[] sealed(int size) {
            return size > REUSED + IV_BYTES + TAG_BYTES ? new byte[size] : (sealed = fit(sealed, size));
        }

        byte[] plain(int size) {
            return size > REUSED ? new byte[size] : (plain = fit(plain, size));
        }

        byte[] text(int size) {
            return size > 2 * (REUSED + IV_BYTES + TAG_BYTES) + 16 ? new byte[size] : (text = fit(text, size));
        }

        char[] chars(int size) {
            if (size > 2 * (REUSED + IV_BYTES + TAG_BYTES) + 16) {
                return new char[size];
            }
            if (chars.length < size) {
                chars = new char[Math.max(size, chars.length * 2)];
            }
            return chars;
        }

        private static byte[] fit(byte[] buffer, int size) {
            return buffer.length >= size ? buffer : new byte[Math.max(size, buffer.length * 2)];
        }

        /**
         * The characters of {@code s} from {@code from} as Latin-1 bytes in the text buffer (two
         * vectorised copies: String.getChars, then the ISO-8859-1 encoder); null when one is not
         * Latin-1, so it is not hex.
         */
        byte[] latin1(String s, int from) {
            int n = s.length() - from;
            char[] c = chars(n);
            s.getChars(from, s.length(), c, 0);
            byte[] bytes = text(n);
            ByteBuffer out = ByteBuffer.wrap(bytes);
            latin1.reset();
            CoderResult r = latin1.encode(CharBuffer.wrap(c, 0, n), out, true);
            return r.isUnderflow() ? bytes : null;
        }
    }

    private FieldCipher() {
    }

    /**
     * Encrypts {@code plaintext} (the value's JSON text) in format v2 under key version
     * {@code keyVersion}, bound to {@code id}.
     *
     * @throws IllegalArgumentException when {@code keyVersion} is below 1
     */
    public static String encrypt(CredentialKey key, int keyVersion, FieldId id, String plaintext) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        if (keyVersion < 1) {
            throw new IllegalArgumentException("key versions start at 1");
        }
        return seal(V2_PREFIX + keyVersion + ":", key, aad(keyVersion, id), plaintext);
    }

    /**
     * Encrypts {@code plaintext} (the value's JSON text) in format v1, the seed product's format:
     * no associated data, so prefer {@link #encrypt} unless the seed product must read it.
     */
    public static String encryptV1(CredentialKey key, String plaintext) {
        Objects.requireNonNull(key, "key");
        return seal("", key, null, plaintext);
    }

    /**
     * Decrypts a stored field of either format with {@code key}, whatever key version a v2 field
     * names (the SDK holds one key; the version is still checked, as part of the associated data).
     *
     * @return the value's JSON text
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
     * @return the value's JSON text
     * @throws CredentialDecryptionException naming the entry and field when it does not decrypt,
     *                                       or when the version it names is not in {@code keys}
     */
    public static String decrypt(Map<Integer, CredentialKey> keys, FieldId id, String stored) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(id, "id");
        if (isV2(stored) || stored == null || stored.isEmpty()) {
            return decrypt(keys::get, id, stored, null);
        }
        CredentialDecryptionException last = null;
        for (Integer v : keys.keySet().stream().filter(Objects::nonNull).sorted(Comparator.reverseOrder()).toList()) {
            CredentialKey key = keys.get(v);
            if (key == null) {
                continue;
            }
            try {
                return decrypt(key, id, stored);
            } catch (CredentialDecryptionException e) {
                last = e;
            }
        }
        throw last != null ? last : new CredentialDecryptionException(id, "no credential key is available");
    }

    /** Whether {@code stored} is in format v2 (says nothing about whether it decrypts). */
    public static boolean isV2(String stored) {
        return stored != null && stored.startsWith(V2_PREFIX);
    }

    private static String decrypt(IntFunction<CredentialKey> keyOf, FieldId id, String stored, CredentialKey v1Key) {
        Objects.requireNonNull(id, "id");
        if (stored == null || stored.isEmpty()) {
            throw new CredentialDecryptionException(id, "it is empty");
        }
        byte[] aad = null;
        int hexStart = 0;
        CredentialKey key = v1Key;
        if (isV2(stored)) {
            int colon = stored.indexOf(':', V2_PREFIX.length());
            int version = colon < 0 ? -1 : version(stored, V2_PREFIX.length(), colon);
            if (version < 1) {
                throw new CredentialDecryptionException(id, "it is not in the form v2:KEYVERSION:HEX "
                        + "(KEYVERSION a number from 1, without sign or leading zeros)");
            }
            key = keyOf.apply(version);
            if (key == null) {
                throw new CredentialDecryptionException(id, "it was written under key version " + version
                        + ", which is not available (unknown or retired)");
            }
            aad = aad(version, id);
            hexStart = colon + 1;
        } else if (looksVersioned(stored)) {
            throw new CredentialDecryptionException(id, "it starts with a format version this Flowvault does not read "
                    + "(it reads v1, bare hex, and v2:KEYVERSION:HEX)");
        }
        if (key == null) {
            throw new CredentialDecryptionException(id, "no credential key is available");
        }
        Workspace w = WORKSPACES.get();
        int hexLength = stored.length() - hexStart;
        byte[] hex = w.latin1(stored, hexStart);
        byte[] bytes = w.sealed(hexLength / 2);
        int length = hex == null ? -1 : Hex.decode(hex, 0, hexLength, bytes);
        if (length < 0) {
            throw new CredentialDecryptionException(id, "it is not hex (an even number of 0-9, a-f)");
        }
        if (length < IV_BYTES + TAG_BYTES) {
            throw new CredentialDecryptionException(id, "it is too short to be a ciphertext (" + length
                    + " bytes; the IV and tag alone are " + (IV_BYTES + TAG_BYTES) + ")");
        }
        int plainMax = length - IV_BYTES - TAG_BYTES;
        byte[] plain = w.plain(plainMax);
        try {
            Cipher c = w.cipher;
            c.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BYTES * 8, bytes, 0, IV_BYTES));
            if (aad != null) {
                c.updateAAD(aad);
            }
            int plainLength = c.doFinal(bytes, IV_BYTES, length - IV_BYTES, plain, 0);
            return new String(plain, 0, plainLength, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new CredentialDecryptionException(id, "the authentication tag does not match "
                    + "(a wrong key, a tampered value, or a value copied from another entry or field)");
        } catch (GeneralSecurityException e) {
            throw new CredentialDecryptionException(id, e.getClass().getSimpleName());
        } finally {
            // also after a failed tag check: nothing the cipher may have written stays in the buffer
            Arrays.fill(plain, 0, plainMax, (byte) 0);
        }
    }

    /** The key version in {@code s[from, to)}: canonical decimal (no sign, no leading zero), else -1. */
    private static int version(String s, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > MAX_VERSION_DIGITS || s.charAt(from) == '0') {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /** {@code vN:...}: a format marker, which bare hex (v1) never starts with. */
    private static boolean looksVersioned(String s) {
        if (s.length() < 3 || (s.charAt(0) != 'v' && s.charAt(0) != 'V')) {
            return false;
        }
        int i = 1;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i > 1 && i < s.length() && s.charAt(i) == ':';
    }

    /** {@code prefix} and the hex of iv || ciphertext || tag of {@code plaintext}. */
    private static String seal(String prefix, CredentialKey key, byte[] aad, String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        Workspace w = WORKSPACES.get();
        // measured: String.getBytes beats copying the characters out and encoding them into a reused buffer
        byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
        int plainLength = plain.length;
        try {
            int length = IV_BYTES + plainLength + TAG_BYTES;
            byte[] out = w.sealed(length);
            RANDOM.nextBytes(w.iv);
            System.arraycopy(w.iv, 0, out, 0, IV_BYTES);
            Cipher c = w.cipher;
            c.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BYTES * 8, w.iv));
            if (aad != null) {
                c.updateAAD(aad);
            }
            c.doFinal(plain, 0, plainLength, out, IV_BYTES);
            return Hex.encode(prefix, out, length, w.text(prefix.length() + 2 * length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
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
