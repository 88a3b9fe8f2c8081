package org.flowvault.sdk.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialKeyTest {
    private static final String HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @Test
    void parsesSixtyFourHexCharactersInEitherCaseIgnoringSurroundingWhiteSpace() {
        CredentialKey key = CredentialKey.fromHex(HEX);

        assertThat(key.toHex()).isEqualTo(HEX);
        assertThat(CredentialKey.fromHex(HEX.toUpperCase())).isEqualTo(key);
        assertThat(CredentialKey.fromHex("  " + HEX + "\n")).isEqualTo(key);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithItsLengthButNotItsText() {
        for (String wrong : new String[] {"", HEX.substring(1), HEX + "a", HEX + HEX}) {
            assertThatThrownBy(() -> CredentialKey.fromHex(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64 hex characters")
                    .hasMessageContaining(wrong.length() + " characters")
                    .satisfies(e -> {
                        if (!wrong.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(wrong.substring(0, 16));
                        }
                    });
        }
    }

    @Test
    void aNonHexCharacterIsRefusedByPositionWithoutQuotingTheKey() {
        // g; a full-width a (Character.digit reads it as 10); an Arabic-Indic three (Character.digit reads it as 3)
        for (char bad : new char[] {'g', '\uFF41', '\u0663', ' ', '-'}) {
            String text = HEX.substring(0, 40) + bad + HEX.substring(41);
            assertThatThrownBy(() -> CredentialKey.fromHex(text))
                    .as("character U+%04X", (int) bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a credential key is 64 hex characters (0-9, a-f); character 41 is not a hex digit");
        }
    }

    @Test
    void toStringNeverShowsTheKey() {
        CredentialKey key = CredentialKey.generate();

        assertThat(key.toString()).isEqualTo("CredentialKey");
        assertThat(String.valueOf(key)).doesNotContain(key.toHex().substring(0, 8));
    }

    @Test
    void generatedKeysAreRandomAndReadBackFromTheirHex() {
        CredentialKey a = CredentialKey.generate();
        CredentialKey b = CredentialKey.generate();

        assertThat(a).isNotEqualTo(b);
        assertThat(CredentialKey.fromHex(a.toHex())).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.toHex()).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void theFingerprintIsTheTruncatedHmacOfAFixedLabelAndDiffersBetweenKeys() {
        // computed independently: hmac.new(key, b"flowvault-credential-key-fingerprint", sha256).hexdigest()[:16]
        assertThat(CredentialKey.fromHex(HEX).fingerprint()).isEqualTo("5a69c418a832af7a");
        assertThat(CredentialKey.generate().fingerprint()).hasSize(16).isNotEqualTo(CredentialKey.generate().fingerprint());
    }
}
