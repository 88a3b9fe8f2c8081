package org.flowvault.sdk.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * The field format as an attacker with write access to the stored ciphertexts would try it: every
 * change is a {@link CredentialDecryptionException} naming the entry and field, and no failure
 * hands back a ciphertext, a plaintext or the key in its message.
 */
class FieldCipherTest {
    private static final CredentialKey KEY = CredentialKey.generate();
    private static final FieldId PASSWORD = new FieldId("acme", "https://portal.example.com", "user-123", "password");
    private static final String PLAINTEXT = "\"pa55 \\\"w0rd\\\" ü\"";

    @Test
    void v2RoundTripsAndNamesItsKeyVersion() {
        String stored = FieldCipher.encrypt(KEY, 7, PASSWORD, PLAINTEXT);

        assertThat(stored).startsWith("v2:7:").matches("v2:7:[0-9a-f]+");
        int bytes = PLAINTEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(stored.length() - "v2:7:".length()).isEqualTo(2 * (12 + bytes + 16));
        assertThat(FieldCipher.decrypt(KEY, PASSWORD, stored)).isEqualTo(PLAINTEXT);
        assertThat(FieldCipher.isV2(stored)).isTrue();
    }

    @Test
    void v1RoundTripsAsBareLowercaseHex() {
        String stored = FieldCipher.encryptV1(KEY, PLAINTEXT);

        assertThat(stored).matches("[0-9a-f]+");
        assertThat(FieldCipher.isV2(stored)).isFalse();
        assertThat(FieldCipher.decrypt(KEY, PASSWORD, stored)).isEqualTo(PLAINTEXT);
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        String a = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);
        String b = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);

        assertThat(a.substring(5, 29)).isNotEqualTo(b.substring(5, 29));
        assertThat(FieldCipher.encryptV1(KEY, PLAINTEXT).substring(0, 24)).isNotEqualTo(FieldCipher.encryptV1(KEY, PLAINTEXT).substring(0, 24));
    }

    @Test
    void changingAnyOneHexDigitOfTheIvCiphertextOrTagFails() {
        for (boolean v2 : new boolean[] {true, false}) {
            String stored = v2 ? FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT) : FieldCipher.encryptV1(KEY, PLAINTEXT);
            int from = v2 ? "v2:1:".length() : 0;
            for (int i = from; i < stored.length(); i++) {
                char c = stored.charAt(i);
                String tampered = stored.substring(0, i) + (c == '0' ? '1' : '0') + stored.substring(i + 1);
                assertFailsNamingTheField(tampered, PASSWORD, KEY).hasMessageContaining("authentication tag does not match");
            }
        }
    }

    @Test
    void aV2CiphertextMovedToAnotherEntryFieldOrProjectFails() {
        String stored = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);
        List<FieldId> elsewhere = List.of(
                PASSWORD.field("user_name"),
                PASSWORD.field("tfa_secret"),
                new FieldId("acme", "https://portal.example.com", "user-124", "password"),
                new FieldId("acme", "https://other.example.com", "user-123", "password"),
                new FieldId("acme-staging", "https://portal.example.com", "user-123", "password"),
                // the length prefixes keep these from colliding with the original identity
                new FieldId("acme", "https://portal.example.comuser-123", "", "password"),
                new FieldId("acmehttps://portal.example.com", "", "user-123", "password"));
        for (FieldId other : elsewhere) {
            assertFailsNamingTheField(stored, other, KEY).hasMessageContaining("copied from another entry or field");
        }
    }

    @Test
    void aWrongKeyFailsInBothFormats() {
        CredentialKey other = CredentialKey.generate();

        assertFailsNamingTheField(FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT), PASSWORD, other)
                .hasMessageContaining("a wrong key");
        assertFailsNamingTheField(FieldCipher.encryptV1(KEY, PLAINTEXT), PASSWORD, other)
                .hasMessageContaining("a wrong key");
    }

    @Test
    void relabellingTheKeyVersionFailsBecauseTheVersionIsBoundToo() {
        String stored = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);

        assertFailsNamingTheField("v2:2:" + stored.substring(5), PASSWORD, KEY).hasMessageContaining("authentication tag");
        // the same key registered under both versions: still refused, the label is authenticated
        Throwable e = catchDecrypt(Map.of(1, KEY, 2, KEY), PASSWORD, "v2:2:" + stored.substring(5));
        assertThat(e).isInstanceOf(CredentialDecryptionException.class).hasMessageContaining("authentication tag");
    }

    @Test
    void aKeyVersionThatIsNotAvailableFailsNamingTheVersion() {
        String stored = FieldCipher.encrypt(KEY, 3, PASSWORD, PLAINTEXT);

        Throwable e = catchDecrypt(Map.of(1, CredentialKey.generate(), 2, KEY), PASSWORD, stored);

        assertThat(e).isInstanceOf(CredentialDecryptionException.class)
                .hasMessageContaining("key version 3, which is not available");
        assertThat(FieldCipher.decrypt(Map.of(3, KEY), PASSWORD, stored)).isEqualTo(PLAINTEXT);
    }

    @Test
    void keyVersionsMustBeCanonicalNumbers() {
        String hex = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT).substring(5);
        for (String prefix : List.of("v2:01:", "v2:+1:", "v2:-1:", "v2:0:", "v2::", "v2: 1:", "v2:1 :", "v2:1a:", "v2:9999999999:", "v2:١:")) {
            assertFailsNamingTheField(prefix + hex, PASSWORD, KEY).hasMessageContaining("v2:KEYVERSION:HEX");
        }
        assertFailsNamingTheField("v2:1", PASSWORD, KEY).hasMessageContaining("v2:KEYVERSION:HEX");
    }

    @Test
    void aTruncatedCiphertextFails() {
        String stored = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);

        assertFailsNamingTheField(stored.substring(0, stored.length() - 2), PASSWORD, KEY).hasMessageContaining("authentication tag");
        assertFailsNamingTheField(stored.substring(0, stored.length() - 1), PASSWORD, KEY).hasMessageContaining("not hex");
        assertFailsNamingTheField(stored.substring(0, 5 + 2 * 27), PASSWORD, KEY).hasMessageContaining("too short");
        assertFailsNamingTheField("v2:1:", PASSWORD, KEY).hasMessageContaining("too short");
        String v1 = FieldCipher.encryptV1(KEY, PLAINTEXT);
        assertFailsNamingTheField(v1.substring(2), PASSWORD, KEY).hasMessageContaining("authentication tag");
        assertFailsNamingTheField(v1.substring(0, 55), PASSWORD, KEY).hasMessageContaining("not hex");
    }

    @Test
    void nonHexTextFailsWithoutBeingQuoted() {
        String secretLooking = "hunter2-my-real-password";
        for (String stored : List.of(secretLooking, "\"" + secretLooking + "\"", "0g" + "00".repeat(40), "00 " + "00".repeat(40), "ü" + "0".repeat(80))) {
            assertFailsNamingTheField(stored, PASSWORD, KEY).hasMessageContaining("not hex")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretLooking).doesNotContain("ü"));
        }
    }

    @Test
    void aCharacterOutsideLatin1IsNotHexEvenWhereItsLowByteIsTheDigitItReplaces() {
        String stored = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);
        int at = stored.length() - 3;
        // U+0130 is '0' (0x30) in its low byte, U+0161 'a' (0x61): read by their low byte, the field would still decrypt
        char wide = (char) (0x100 | stored.charAt(at));
        assertFailsNamingTheField(stored.substring(0, at) + wide + stored.substring(at + 1), PASSWORD, KEY).hasMessageContaining("not hex");
    }

    @Test
    void anEmptyOrMissingFieldFails() {
        assertFailsNamingTheField("", PASSWORD, KEY).hasMessageContaining("it is empty");
        assertFailsNamingTheField(null, PASSWORD, KEY).hasMessageContaining("it is empty");
        assertThat(catchDecrypt(Map.of(1, KEY), PASSWORD, null)).isInstanceOf(CredentialDecryptionException.class);
    }

    @Test
    void anUnknownFormatVersionFailsInsteadOfBeingReadAsV1() {
        String hex = FieldCipher.encryptV1(KEY, PLAINTEXT);

        assertFailsNamingTheField("v3:1:" + hex, PASSWORD, KEY).hasMessageContaining("format version this Flowvault does not read");
        assertFailsNamingTheField("v1:" + hex, PASSWORD, KEY).hasMessageContaining("format version this Flowvault does not read");
    }

    @Test
    void theFormatsCannotBeSwappedByAddingOrRemovingThePrefix() {
        String v2 = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);
        String v1 = FieldCipher.encryptV1(KEY, PLAINTEXT);

        assertFailsNamingTheField(v2.substring(5), PASSWORD, KEY).hasMessageContaining("authentication tag");
        assertFailsNamingTheField("v2:1:" + v1, PASSWORD, KEY).hasMessageContaining("authentication tag");
    }

    @Test
    void upperCaseHexIsTheSameCiphertext() {
        String stored = FieldCipher.encrypt(KEY, 1, PASSWORD, PLAINTEXT);

        assertThat(FieldCipher.decrypt(KEY, PASSWORD, "v2:1:" + stored.substring(5).toUpperCase())).isEqualTo(PLAINTEXT);
        assertThat(FieldCipher.decrypt(KEY, PASSWORD, FieldCipher.encryptV1(KEY, PLAINTEXT).toUpperCase())).isEqualTo(PLAINTEXT);
    }

    @Test
    void withSeveralKeyVersionsAV1FieldIsTriedWithEachAndAV2FieldUsesTheVersionItNames() {
        CredentialKey old = CredentialKey.generate();
        Map<Integer, CredentialKey> keys = Map.of(1, old, 2, KEY);

        assertThat(FieldCipher.decrypt(keys, PASSWORD, FieldCipher.encryptV1(old, PLAINTEXT))).isEqualTo(PLAINTEXT);
        assertThat(FieldCipher.decrypt(keys, PASSWORD, FieldCipher.encryptV1(KEY, PLAINTEXT))).isEqualTo(PLAINTEXT);
        assertThat(FieldCipher.decrypt(keys, PASSWORD, FieldCipher.encrypt(old, 1, PASSWORD, PLAINTEXT))).isEqualTo(PLAINTEXT);
        assertThat(catchDecrypt(keys, PASSWORD, FieldCipher.encrypt(old, 2, PASSWORD, PLAINTEXT)))
                .isInstanceOf(CredentialDecryptionException.class).hasMessageContaining("authentication tag");
        assertThat(catchDecrypt(keys, PASSWORD, FieldCipher.encryptV1(CredentialKey.generate(), PLAINTEXT)))
                .isInstanceOf(CredentialDecryptionException.class).hasMessageContaining("authentication tag");
        assertThat(catchDecrypt(Map.of(), PASSWORD, FieldCipher.encryptV1(KEY, PLAINTEXT)))
                .isInstanceOf(CredentialDecryptionException.class).hasMessageContaining("no credential key");
    }

    @Test
    void keyVersionsStartAtOne() {
        assertThatThrownBy(() -> FieldCipher.encrypt(KEY, 0, PASSWORD, PLAINTEXT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsOfEverySizeRoundTripInAnyOrderOnOneThread() {
        // the thread's buffers grow, are reused by smaller fields, and are bypassed above 64 KiB
        for (int size : new int[] {2, 16 * 1024, 3, 100 * 1024, 40, 64 * 1024 - 30, 16 * 1024}) {
            String value = "\"" + "é".repeat(size / 4) + "x".repeat(size / 2) + "\"";
            String v2 = FieldCipher.encrypt(KEY, 1, PASSWORD, value);
            String v1 = FieldCipher.encryptV1(KEY, value);

            assertThat(FieldCipher.decrypt(KEY, PASSWORD, v2)).as("size %d", size).isEqualTo(value);
            assertThat(FieldCipher.decrypt(KEY, PASSWORD, v1)).as("size %d", size).isEqualTo(value);
            assertThat(catchDecrypt(KEY, PASSWORD.field("user_name"), v2)).isInstanceOf(CredentialDecryptionException.class);
        }
    }

    @Test
    void thePlaintextBytesAreTheStringsUtf8EvenForLoneSurrogates() {
        for (String value : List.of("\"a\ud800b\"", "\"\udc00\"", "\"end \ud83d\"", "\"😀 é\"")) {
            String expected = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

            assertThat(FieldCipher.decrypt(KEY, PASSWORD, FieldCipher.encrypt(KEY, 1, PASSWORD, value))).isEqualTo(expected);
            assertThat(FieldCipher.decrypt(KEY, PASSWORD, FieldCipher.encryptV1(KEY, value))).isEqualTo(expected);
        }
    }

    /** Decrypts {@code stored} and asserts a CredentialDecryptionException naming entry and field, quoting nothing secret. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertFailsNamingTheField(String stored, FieldId id, CredentialKey key) {
        Throwable e = catchDecrypt(key, id, stored);
        assertThat(e).as("decrypting %s", stored == null ? "null" : "a changed value").isInstanceOf(CredentialDecryptionException.class);
        assertThat(((CredentialDecryptionException) e).field()).isEqualTo(id);
        assertThat(e.getMessage()).contains("field " + id.field(), id.domain(), id.permissionedUserId(), "project " + id.project());
        assertNothingSecretIn(e.getMessage(), stored, key);
        return assertThat(e);
    }

    private static void assertNothingSecretIn(String message, String stored, CredentialKey key) {
        List<String> secrets = new ArrayList<>(List.of(PLAINTEXT, "pa55", key.toHex(), key.toHex().substring(0, 16), KEY.toHex().substring(0, 16)));
        if (stored != null && stored.length() > 16) {
            secrets.add(stored.substring(stored.length() - 16));
        }
        for (String s : secrets) {
            assertThat(message).doesNotContain(s);
        }
    }

    private static Throwable catchDecrypt(CredentialKey key, FieldId id, String stored) {
        try {
            return new AssertionError("decrypted to " + FieldCipher.decrypt(key, id, stored).length() + " characters instead of failing");
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Throwable catchDecrypt(Map<Integer, CredentialKey> keys, FieldId id, String stored) {
        try {
            return new AssertionError("decrypted to " + FieldCipher.decrypt(keys, id, stored).length() + " characters instead of failing");
        } catch (RuntimeException e) {
            return e;
        }
    }
}
