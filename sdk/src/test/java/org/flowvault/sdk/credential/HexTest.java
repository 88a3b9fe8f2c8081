package org.flowvault.sdk.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void agreesWithTheJdksHexFormatOnEveryByteAndRandomData() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] random = new byte[16 * 1024 + 3];
        new Random(42).nextBytes(random);
        for (byte[] b : new byte[][] {all, random, new byte[0]}) {
            String hex = Hex.encode("v2:1:", b);

            assertThat(hex).isEqualTo("v2:1:" + HexFormat.of().formatHex(b));
            assertThat(Hex.decode(hex, 5, hex.length())).isEqualTo(b);
            assertThat(Hex.decode(hex.toUpperCase(), 5, hex.length())).isEqualTo(b);
        }
    }

    @Test
    void readsEveryDigitOfEitherCaseAtEveryPositionOfTheWordAndTheTail() {
        String digits = "0123456789abcdefABCDEF";
        for (char d : digits.toCharArray()) {
            for (int at = 0; at < 26; at++) {
                String text = "0".repeat(at) + d + "0".repeat(25 - at);
                assertThat(Hex.decode(text, 0, 26)).as("%s at %d", d, at).isEqualTo(HexFormat.of().parseHex(text));
            }
        }
    }

    @Test
    void refusesAnythingButAnEvenNumberOfHexDigits() {
        assertThat(Hex.decode("abc", 0, 3)).isNull();
        for (char c = 0; c < 0x180; c++) {
            if (Character.digit(c, 16) >= 0 && c < 128) {
                continue;
            }
            // every position of a pair, in every pair of the text: 26 characters = three words of
            // eight and a pair
            for (int at = 0; at < 26; at++) {
                String text = "0".repeat(at) + c + "0".repeat(25 - at);
                assertThat(Hex.decode(text, 0, 26)).as("U+%04X at %d", (int) c, at).isNull();
            }
        }
        for (char c : new char[] {'\uFF41', '\u0663', '\u0130', '\u0100' + 'a'}) {
            assertThat(Hex.decode("a" + c, 0, 2)).as("U+%04X", (int) c).isNull();
        }
    }
}
