package org.flowvault.vault.server.barrier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM in Vault's barrier layout: {@code term (4 bytes, big endian) | version (1 byte) |
 * nonce (12 bytes) | ciphertext and tag}, with the storage path as associated data so that a
 * ciphertext moved to another key no longer decrypts.
 */
public final class AesGcm {
    static final byte VERSION_PATH_AAD = 0x02;
    private static final int NONCE_LEN = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 4 + 1 + NONCE_LEN;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Resolved once: {@code Cipher.getInstance(transformation)} walks the provider list per call. */
    private static final java.security.Provider PROVIDER = providerOf();

    private static java.security.Provider providerOf() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding").getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no AES/GCM", e);
        }
    }

    /**
     * Ciphers for reuse: {@code Cipher.getInstance} and a first {@code init} cost a few KB per call
     * (provider lookup, engine, AES key schedule), and a request reads and writes several entries.
     * A re-initialised cipher keeps its key schedule while the key stays the same. Requests run
     * on virtual threads, so a shared pool (array-backed: giving back allocates no node) instead of
     * thread-locals. Each cipher comes with scratch for nonces and an ASCII path, so a write
     * allocates little besides its ciphertext and the JDK's per-{@code init} GCM state.
     */
    private static final java.util.concurrent.ArrayBlockingQueue<Slot> POOL = new java.util.concurrent.ArrayBlockingQueue<>(64);
    private static final int AAD_SCRATCH = 256;
    /** Nonces drawn from the system's random source at once, each used for one message only. */
    private static final int NONCES_PER_DRAW = 32;

    /** Bumped on seal: a cipher taken before it is not pooled again. */
    private static volatile int generation;

    private static final class Slot {
        final Cipher cipher;
        final int generation = AesGcm.generation;
        final byte[] nonces = new byte[NONCE_LEN * NONCES_PER_DRAW];
        /** Offset of the next unused nonce in {@link #nonces}. */
        int nextNonce = nonces.length;
        final byte[] aad = new byte[AAD_SCRATCH];

        Slot(Cipher cipher) {
            this.cipher = cipher;
        }
    }

    private AesGcm() {
    }

    private static Slot take() throws GeneralSecurityException {
        Slot s = POOL.poll();
        return s != null ? s : new Slot(Cipher.getInstance("AES/GCM/NoPadding", PROVIDER));
    }

    private static void giveBack(Slot s) {
        if (s.generation == generation) {
            POOL.offer(s); // dropped when the pool is full
        }
    }

    /**
     * Drops the pooled ciphers (on seal): an initialised cipher holds its key's schedule, and
     * nothing may keep a barrier key past the seal. Ciphers in use finish their message and are
     * then dropped.
     */
    static synchronized void forgetCiphers() {
        generation++;
        POOL.clear();
    }

    /** Feeds the path as associated data, through the slot's scratch when it is short ASCII. */
    private static void pathAsAad(Slot s, String path) {
        int len = path.length();
        if (len <= AAD_SCRATCH) {
            byte[] aad = s.aad;
            int i = 0;
            for (; i < len; i++) {
                char c = path.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                aad[i] = (byte) c;
            }
            if (i == len) {
                s.cipher.updateAAD(aad, 0, len);
                return;
            }
        }
        s.cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh random 256-bit key. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public static byte[] encrypt(int term, byte[] key, String path, byte[] plaintext) {
        return encrypt(term, new SecretKeySpec(key, "AES"), path, plaintext, plaintext.length);
    }

    /**
     * Encrypts the first {@code length} bytes of {@code plaintext} under a fresh random nonce,
     * straight into the returned array (the only array made here besides the JDK's own state).
     */
    public static byte[] encrypt(int term, SecretKeySpec key, String path, byte[] plaintext, int length) {
        try {
            Slot s = take();
            if (s.nextNonce == s.nonces.length) {
                RANDOM.nextBytes(s.nonces);
                s.nextNonce = 0;
            }
            int nonce = s.nextNonce;
            s.nextNonce += NONCE_LEN; // never handed out again, whatever happens below
            Cipher cipher = s.cipher;
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, s.nonces, nonce, NONCE_LEN));
            pathAsAad(s, path);
            byte[] out = new byte[HEADER + length + TAG_BITS / 8];
            out[0] = (byte) (term >>> 24);
            out[1] = (byte) (term >>> 16);
            out[2] = (byte) (term >>> 8);
            out[3] = (byte) term;
            out[4] = VERSION_PATH_AAD;
            System.arraycopy(s.nonces, nonce, out, 5, NONCE_LEN);
            cipher.doFinal(plaintext, 0, length, out, HEADER);
            giveBack(s); // only after a clean doFinal: a failed cipher is left to the GC
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The key term a ciphertext was written with. */
    public static int termOf(byte[] ciphertext) {
        if (ciphertext.length < HEADER) {
            throw new BarrierException("ciphertext too short");
        }
        return ByteBuffer.wrap(ciphertext).getInt();
    }

    public static byte[] decrypt(byte[] key, String path, byte[] ciphertext) {
        if (ciphertext.length < HEADER + TAG_BITS / 8) {
            throw new BarrierException("ciphertext too short");
        }
        if (ciphertext[4] != VERSION_PATH_AAD) {
            throw new BarrierException("unsupported barrier version " + ciphertext[4]);
        }
        try {
            Slot s = take();
            s.cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, ciphertext, 5, NONCE_LEN));
            pathAsAad(s, path);
            byte[] plain = s.cipher.doFinal(ciphertext, HEADER, ciphertext.length - HEADER);
            giveBack(s);
            return plain;
        } catch (GeneralSecurityException e) {
            throw new BarrierException("cipher: message authentication failed");
        }
    }
}
