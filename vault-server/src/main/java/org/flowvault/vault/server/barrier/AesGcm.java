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
     * on virtual threads, so a shared pool instead of thread-locals.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<Cipher> POOL = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final int POOL_MAX = 64;
    private static final java.util.concurrent.atomic.AtomicInteger POOLED = new java.util.concurrent.atomic.AtomicInteger();

    private AesGcm() {
    }

    private static Cipher take() throws GeneralSecurityException {
        Cipher c = POOL.poll();
        if (c == null) {
            return Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
        }
        POOLED.decrementAndGet();
        return c;
    }

    private static void giveBack(Cipher c) {
        if (POOLED.incrementAndGet() <= POOL_MAX) {
            POOL.offer(c);
        } else {
            POOLED.decrementAndGet();
        }
    }

    /** A fresh random 256-bit key. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public static byte[] encrypt(int term, byte[] key, String path, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_LEN];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = take();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[HEADER + cipher.getOutputSize(plaintext.length)];
            ByteBuffer.wrap(out).putInt(term).put(VERSION_PATH_AAD).put(nonce);
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER);
            giveBack(cipher); // only after a clean doFinal: a failed cipher is left to the GC
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
            Cipher cipher = take();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, ciphertext, 5, NONCE_LEN));
            cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(ciphertext, HEADER, ciphertext.length - HEADER);
            giveBack(cipher);
            return plain;
        } catch (GeneralSecurityException e) {
            throw new BarrierException("cipher: message authentication failed");
        }
    }
}
