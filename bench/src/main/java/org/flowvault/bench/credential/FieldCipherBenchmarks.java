package org.flowvault.bench.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One credential field encrypted and decrypted in format v2 by the SDK's {@link FieldCipher}
 * (JSON text in, {@code v2:1:HEX} out: random IV, associated data, hex), next to the raw JDK
 * cipher on the same plaintext size ({@code Cipher.init} with a fresh IV and {@code doFinal}, on
 * bytes, no hex), so the ratio of the two is the format's own cost; and the JDK's
 * {@link HexFormat} alone on the same bytes, to show what hex costs at 16 KiB. Sizes are the UTF-8 length of
 * the field's JSON text: 24 bytes (a password) and 16 KiB. Run with
 * {@code bench/run-credential-bench.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FieldCipherBenchmarks {
    @Param({"24", "16384"})
    public int size;

    private CredentialKey key;
    private FieldId id;
    private String plaintext;
    private String stored;

    private SecretKeySpec rawKey;
    private Cipher rawCipher;
    private byte[] rawPlain;
    private byte[] rawOut;
    private byte[] rawSealed;
    private byte[] rawSealedIv;
    private final byte[] iv = new byte[12];
    private static final HexFormat HEX = HexFormat.of();
    private byte[] rawSealedWithIv;
    private String rawSealedHex;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        key = CredentialKey.generate();
        id = new FieldId("portal-automation", "https://portal.example.com", "user-123", "password");
        plaintext = "\"" + "x".repeat(size - 2) + "\"";
        if (plaintext.getBytes(StandardCharsets.UTF_8).length != size) {
            throw new IllegalStateException("the plaintext is not " + size + " bytes");
        }
        stored = FieldCipher.encrypt(key, 1, id, plaintext);

        rawKey = new SecretKeySpec(CredentialKeyBytes.of(key), "AES");
        rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
        rawPlain = plaintext.getBytes(StandardCharsets.UTF_8);
        rawOut = new byte[size + 16];
        rawSealedIv = nextIv().clone();
        rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawSealedIv));
        rawSealed = rawCipher.doFinal(rawPlain);
        rawSealedWithIv = new byte[12 + rawSealed.length];
        System.arraycopy(rawSealedIv, 0, rawSealedWithIv, 0, 12);
        System.arraycopy(rawSealed, 0, rawSealedWithIv, 12, rawSealed.length);
        rawSealedHex = HEX.formatHex(rawSealedWithIv);
    }

    /** A fresh IV per encryption (the JDK refuses to reuse one), from a counter: no random source in the raw figure. */
    private byte[] nextIv() {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (c >>> (8 * i));
        }
        return iv;
    }

    @Benchmark
    public String encrypt() {
        return FieldCipher.encrypt(key, 1, id, plaintext);
    }

    @Benchmark
    public String decrypt() {
        return FieldCipher.decrypt(key, id, stored);
    }

    /** The JDK's HexFormat alone on a sealed field's bytes (IV, ciphertext, tag): what hex would cost if FieldCipher used it. */
    @Benchmark
    public String jdkHexEncode() {
        return HEX.formatHex(rawSealedWithIv);
    }

    @Benchmark
    public byte[] jdkHexDecode() {
        return HEX.parseHex(rawSealedHex);
    }

    @Benchmark
    public int rawEncrypt() throws GeneralSecurityException {
        rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nextIv()));
        return rawCipher.doFinal(rawPlain, 0, rawPlain.length, rawOut, 0);
    }

    @Benchmark
    public int rawDecrypt() throws GeneralSecurityException {
        rawCipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, rawSealedIv));
        return rawCipher.doFinal(rawSealed, 0, rawSealed.length, rawOut, 0);
    }
}
