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
    void refusesAnythingButAnEvenNumberOfHexDigits() {
        assertThat(Hex.decode("abc", 0, 3)).isNull();
        for (char c = 0; c < 0x180; c++) {
            if (Character.digit(c, 16) >= 0 && c < 128) {
                continue;
            }
            assertThat(Hex.decode("00" + c + "0", 0, 4)).as("U+%04X", (int) c).isNull();
        }
        for (char c : new char[] {'\uFF41', '\u0663', '\u0130', '\u0100' + 'a'}) {
            assertThat(Hex.decode("a" + c, 0, 2)).as("U+%04X", (int) c).isNull();
        }
    }
}
