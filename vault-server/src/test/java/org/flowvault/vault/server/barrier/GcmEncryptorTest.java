package org.flowvault.vault.server.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class GcmEncryptorTest {
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, 100, 255, 1000, 4095, 4096, 4097, 8192, 10_001};
    private static final String[] PATHS = {"", "k", "logical/0123456789abcdef", "exactly-sixteen!",
        "metadata/été/密码/" + "x".repeat(300)};

    @Test
    void ciphertextIsByteForByteTheJdksAesGcmForTheSameNonce() throws Exception {
        SplittableRandom random = new SplittableRandom(15);
        for (int round = 0; round < 3; round++) {
            byte[] key = bytes(random, 32);
            GcmEncryptor encryptor = new GcmEncryptor(7 + round, key);
            for (int length : LENGTHS) {
                for (String path : PATHS) {
                    byte[] plaintext = bytes(random, length + 5); // trailing bytes beyond length are ignored
                    byte[] nonce = bytes(random, 12);
                    byte[] ours = encryptor.encrypt(path, plaintext, length, nonce);

                    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
                    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                    jdk.updateAAD(path.getBytes(StandardCharsets.UTF_8));
                    byte[] expected = jdk.doFinal(plaintext, 0, length);
                    assertThat(Arrays.copyOfRange(ours, 17, ours.length)).as("length %d path %s", length, path)
                            .isEqualTo(expected);
                    assertThat(AesGcm.termOf(ours)).isEqualTo(7 + round);
                    assertThat(AesGcm.decrypt(key, path, ours)).isEqualTo(Arrays.copyOf(plaintext, length));
                }
            }
        }
    }

    @Test
    void freshNonceEveryMessageAndATamperedByteFailsTheJdksTagCheck() {
        byte[] key = AesGcm.newKey();
        GcmEncryptor encryptor = new GcmEncryptor(1, key);
        byte[] plaintext = "hunter2".getBytes(StandardCharsets.UTF_8);
        byte[] a = encryptor.encrypt("p", plaintext, plaintext.length);
        byte[] b = encryptor.encrypt("p", plaintext, plaintext.length);
        assertThat(Arrays.copyOfRange(a, 5, 17)).isNotEqualTo(Arrays.copyOfRange(b, 5, 17));
        for (int i = 17; i < a.length; i++) {
            byte[] tampered = a.clone();
            tampered[i] ^= 1;
            int at = i;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> AesGcm.decrypt(key, "p", tampered))
                    .as("byte %d", at).isInstanceOf(BarrierException.class);
        }
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
