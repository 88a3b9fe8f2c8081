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

    private AesGcm() {
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
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[HEADER + cipher.getOutputSize(plaintext.length)];
            ByteBuffer.wrap(out).putInt(term).put(VERSION_PATH_AAD).put(nonce);
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER);
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
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, ciphertext, 5, NONCE_LEN));
            cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(ciphertext, HEADER, ciphertext.length - HEADER);
        } catch (GeneralSecurityException e) {
            throw new BarrierException("cipher: message authentication failed");
        }
    }
}
