package org.flowvault.vault.server.barrier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption under one key, producing exactly {@link AesGcm#encrypt}'s layout (NIST SP
 * 800-38D, 96-bit random nonce, 128-bit tag, the path as associated data), for the barrier's
 * write path. The JDK's GCM cipher builds a new engine (GHASH tables, counter state, AAD buffer)
 * on every {@code init}, about 1.5 KB per message; here the AES key schedule (an ECB cipher) and
 * the GHASH table of {@code H} are made once per key, the counter blocks are encrypted in one
 * batch into pooled scratch, and the only allocation per message is the ciphertext itself.
 * Decryption stays with the JDK ({@link AesGcm#decrypt}), which checks every tag written here.
 * Thread-safe.
 */
final class GcmEncryptor {
    private static final int NONCE_LEN = 12;
    private static final int TAG_LEN = 16;
    private static final int HEADER = 4 + 1 + NONCE_LEN;
    /** Plaintext bytes encrypted per batch of counter blocks: bounds the scratch a message needs. */
    private static final int CHUNK = 4096;
    private static final int POOL_MAX = 64;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long[] LAST8 = last8();

    private final int term;
    private final SecretKeySpec key;
    /** Multiples of H by every byte value, high and low halves (4 KB per key). */
    private final long[] mh = new long[256];
    private final long[] ml = new long[256];
    private final ConcurrentLinkedQueue<Scratch> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /** Per-message working state: the ECB cipher and the counter/keystream blocks. */
    private static final class Scratch {
        final Cipher ecb;
        final byte[] counters = new byte[CHUNK + TAG_LEN];
        final byte[] stream = new byte[CHUNK + TAG_LEN];
        final byte[] aad = new byte[256];
        final byte[] nonce = new byte[NONCE_LEN];
        long yh;
        long yl;

        Scratch(SecretKeySpec key) throws GeneralSecurityException {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, key);
        }
    }

    GcmEncryptor(int term, byte[] key) {
        this.term = term;
        this.key = new SecretKeySpec(key, "AES");
        try {
            Scratch s = new Scratch(this.key);
            byte[] h = new byte[16];
            s.ecb.update(new byte[16], 0, 16, h, 0);
            table((long) LONG_BE.get(h, 0), (long) LONG_BE.get(h, 8));
            giveBack(s);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no AES", e);
        }
    }

    int term() {
        return term;
    }

    /** Encrypts the first {@code length} bytes of {@code plaintext} with a fresh random nonce. */
    byte[] encrypt(String path, byte[] plaintext, int length) {
        Scratch s = take();
        RANDOM.nextBytes(s.nonce);
        return encrypt(s, path, plaintext, length, s.nonce);
    }

    /** As {@link #encrypt(String, byte[], int)} with a given nonce (tests compare with the JDK). */
    byte[] encrypt(String path, byte[] plaintext, int length, byte[] nonce) {
        return encrypt(take(), path, plaintext, length, nonce);
    }

    /** Encrypts with {@code s}, which goes back to the pool unless encryption failed. */
    private byte[] encrypt(Scratch s, String path, byte[] plaintext, int length, byte[] nonce) {
        byte[] out = new byte[HEADER + length + TAG_LEN];
        out[0] = (byte) (term >>> 24);
        out[1] = (byte) (term >>> 16);
        out[2] = (byte) (term >>> 8);
        out[3] = (byte) term;
        out[4] = AesGcm.VERSION_PATH_AAD;
        System.arraycopy(nonce, 0, out, 5, NONCE_LEN);
        try {
            s.yh = 0;
            s.yl = 0;
            int aadLength = hashPath(s, path);
            // counter 1 (J0) masks the tag; counters 2.. encrypt the data, a chunk at a time
            int counter = 1;
            int done = 0;
            boolean first = true;
            do {
                int n = Math.min(CHUNK, length - done);
                int blocks = (n + 15) / 16 + (first ? 1 : 0);
                for (int b = 0; b < blocks; b++) {
                    int at = b * 16;
                    System.arraycopy(nonce, 0, s.counters, at, NONCE_LEN);
                    int c = counter++;
                    s.counters[at + 12] = (byte) (c >>> 24);
                    s.counters[at + 13] = (byte) (c >>> 16);
                    s.counters[at + 14] = (byte) (c >>> 8);
                    s.counters[at + 15] = (byte) c;
                }
                s.ecb.update(s.counters, 0, blocks * 16, s.stream, 0);
                int from = 0;
                if (first) {
                    first = false; // E(J0), the tag's mask, waits in the tag's place
                    System.arraycopy(s.stream, 0, out, HEADER + length, TAG_LEN);
                    from = 16;
                }
                int base = HEADER + done;
                int i = 0;
                for (; i + 8 <= n; i += 8) {
                    LONG_BE.set(out, base + i, (long) LONG_BE.get(plaintext, done + i) ^ (long) LONG_BE.get(s.stream, from + i));
                }
                for (; i < n; i++) {
                    out[base + i] = (byte) (plaintext[done + i] ^ s.stream[from + i]);
                }
                hash(s, out, base, n);
                done += n;
            } while (done < length);
            block(s, (long) aadLength * 8, (long) length * 8);
            int tag = HEADER + length;
            long mh = (long) LONG_BE.get(out, tag) ^ s.yh;
            long ml = (long) LONG_BE.get(out, tag + 8) ^ s.yl;
            LONG_BE.set(out, tag, mh);
            LONG_BE.set(out, tag + 8, ml);
            giveBack(s);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES encryption failed", e);
        }
    }

    /** Feeds the path (the associated data) into GHASH; returns its length in bytes. */
    private int hashPath(Scratch s, String path) {
        int len = path.length();
        boolean ascii = len <= s.aad.length;
        for (int i = 0; ascii && i < len; i++) {
            char ch = path.charAt(i);
            if (ch >= 0x80) {
                ascii = false;
            } else {
                s.aad[i] = (byte) ch;
            }
        }
        if (ascii) {
            hash(s, s.aad, 0, len);
            return len;
        }
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        hash(s, bytes, 0, bytes.length);
        return bytes.length;
    }

    /** GHASH over {@code len} bytes, the last block zero-padded. */
    private void hash(Scratch s, byte[] data, int off, int len) {
        int end = off + len;
        int i = off;
        for (; i + 16 <= end; i += 16) {
            block(s, (long) LONG_BE.get(data, i), (long) LONG_BE.get(data, i + 8));
        }
        if (i < end) {
            long h = 0;
            long l = 0;
            for (int k = 0; k < 16; k++) {
                long b = i + k < end ? data[i + k] & 0xffL : 0;
                if (k < 8) {
                    h |= b << (56 - 8 * k);
                } else {
                    l |= b << (56 - 8 * (k - 8));
                }
            }
            block(s, h, l);
        }
    }

    /** Y = (Y xor X) * H in GF(2^128), Shoup's method with 8-bit tables. */
    private void block(Scratch s, long xh, long xl) {
        long h = s.yh ^ xh;
        long l = s.yl ^ xl;
        int x = (int) (l & 0xff);
        long zh = mh[x];
        long zl = ml[x];
        for (int shift = 8; shift < 64; shift += 8) {
            x = (int) ((l >>> shift) & 0xff);
            int rem = (int) (zl & 0xff);
            zl = (zh << 56) | (zl >>> 8);
            zh = (zh >>> 8) ^ LAST8[rem] ^ mh[x];
            zl ^= ml[x];
        }
        for (int shift = 0; shift < 64; shift += 8) {
            x = (int) ((h >>> shift) & 0xff);
            int rem = (int) (zl & 0xff);
            zl = (zh << 56) | (zl >>> 8);
            zh = (zh >>> 8) ^ LAST8[rem] ^ mh[x];
            zl ^= ml[x];
        }
        s.yh = zh;
        s.yl = zl;
    }

    /** {@code H * b} for every byte {@code b}, bit 7 standing for {@code H} itself (GCM's reflected bit order). */
    private void table(long vh, long vl) {
        mh[0x80] = vh;
        ml[0x80] = vl;
        for (int i = 0x40; i > 0; i >>= 1) {
            long t = (vl & 1) != 0 ? 0xe100000000000000L : 0;
            vl = (vh << 63) | (vl >>> 1);
            vh = (vh >>> 1) ^ t;
            mh[i] = vh;
            ml[i] = vl;
        }
        for (int i = 2; i <= 0x80; i *= 2) {
            for (int j = 1; j < i; j++) {
                mh[i + j] = mh[i] ^ mh[j];
                ml[i + j] = ml[i] ^ ml[j];
            }
        }
    }

    /** The reduction of the 8 bits a byte shift drops, folded back by the GCM polynomial. */
    private static long[] last8() {
        long[] r = new long[256];
        for (int rem = 0; rem < 256; rem++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                if ((rem & (1 << k)) != 0) {
                    v ^= 0xe100000000000000L >>> (7 - k);
                }
            }
            r[rem] = v;
        }
        return r;
    }

    private Scratch take() {
        Scratch s = pool.poll();
        if (s != null) {
            pooled.decrementAndGet();
            return s;
        }
        try {
            return new Scratch(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no AES", e);
        }
    }

    private void giveBack(Scratch s) {
        if (pooled.incrementAndGet() <= POOL_MAX) {
            pool.offer(s);
        } else {
            pooled.decrementAndGet();
        }
    }
}
