package org.flowvault.platform.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.flowvault.platform.credential.TotpSecret.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpSecretTest {
    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 = "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238, Appendix B: every time, every algorithm, 8 digits, period 30. */
    @ParameterizedTest
    @CsvSource({
        "59,          94287082, 46119246, 90693936",
        "1111111109,  07081804, 68084774, 25091201",
        "1111111111,  14050471, 67062674, 99943326",
        "1234567890,  89005924, 91819424, 93441116",
        "2000000000,  69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826",
    })
    void rfc6238AppendixBVectors(long time, String sha1, String sha256, String sha512) {
        Instant at = Instant.ofEpochSecond(time);
        assertThat(TotpSecret.of(SEED_SHA1, Algorithm.SHA1, 8, 30).code(at)).isEqualTo(sha1);
        assertThat(TotpSecret.of(SEED_SHA256, Algorithm.SHA256, 8, 30).code(at)).isEqualTo(sha256);
        assertThat(TotpSecret.of(SEED_SHA512, Algorithm.SHA512, 8, 30).code(at)).isEqualTo(sha512);
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsOfTheRfcValues() {
        // RFC 4226's truncation is mod 10^digits: the 6-digit code is the tail of the 8-digit one
        assertThat(TotpSecret.of(SEED_SHA1, Algorithm.SHA1, 6, 30).code(Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(TotpSecret.of(SEED_SHA1, Algorithm.SHA1, 6, 30).code(Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
    }

    @Test
    void base32SecretsAreReadInAnyCaseWithOrWithoutPaddingAndSpaces() {
        // base32 of the RFC's SHA-1 seed "12345678901234567890"
        String b32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        Instant at = Instant.ofEpochSecond(59);
        for (String form : new String[] {b32, b32.toLowerCase(), "gezd gnbv gy3t qojq gezd gnbv gy3t qojq", b32 + "===="}) {
            TotpSecret s = TotpSecret.parse(form);
            assertThat(s.code(at)).as(form).isEqualTo("287082");
            assertThat(s.digits()).isEqualTo(6);
            assertThat(s.period()).isEqualTo(30);
        }
        // a length that needs padding: "12345" is GEZDGNBV, "123456" is GEZDGNBVGY======
        assertThat(TotpSecret.base32("GEZDGNBVGY======")).isEqualTo("123456".getBytes(StandardCharsets.US_ASCII));
        assertThat(TotpSecret.base32("GEZDGNBVGY")).isEqualTo("123456".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void otpauthUrisCarryAlgorithmDigitsAndPeriod() {
        String sha512b32 = base32(SEED_SHA512);
        TotpSecret s = TotpSecret.parse("otpauth://totp/Portal:alice%40example.com?secret=" + sha512b32
                + "&issuer=Portal&algorithm=SHA512&digits=8&period=30");
        assertThat(s.algorithm()).isEqualTo(Algorithm.SHA512);
        assertThat(s.code(Instant.ofEpochSecond(1234567890))).isEqualTo("93441116");

        TotpSecret sixty = TotpSecret.parse("otpauth://totp/x?secret=" + base32(SEED_SHA1) + "&period=60");
        assertThat(sixty.period()).isEqualTo(60);
        // period 60: t=59 is step 0, the code of counter 0
        assertThat(sixty.code(Instant.ofEpochSecond(59))).isEqualTo(TotpSecret.of(SEED_SHA1, Algorithm.SHA1, 6, 30).code(Instant.ofEpochSecond(0)));
        assertThat(TotpSecret.parse("OTPAUTH://totp/x?secret=" + base32(SEED_SHA256) + "&algorithm=sha256&digits=8")
                .code(Instant.ofEpochSecond(59))).isEqualTo("46119246");
    }

    @Test
    void theCurrentCodeSaysHowLongItStaysValid() {
        TotpSecret s = TotpSecret.of(SEED_SHA1, Algorithm.SHA1, 6, 30);
        assertThat(s.current(Instant.ofEpochSecond(59)).validForSeconds()).isEqualTo(1);
        assertThat(s.current(Instant.ofEpochSecond(60)).validForSeconds()).isEqualTo(30);
        TotpCode c = s.current(Instant.ofEpochSecond(1111111109));
        assertThat(c.code()).isEqualTo("081804");
        assertThat(c.validForSeconds()).isEqualTo(30 - (int) (1111111109L % 30));
        assertThat(c.toString()).doesNotContain("081804");
    }

    @Test
    void badSecretsAreRefusedWithoutQuotingThem() {
        String secretLooking = "NOT-BASE32-because-1890!";
        assertThatThrownBy(() -> TotpSecret.parse(secretLooking)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base32").hasMessageNotContaining("because");
        assertThatThrownBy(() -> TotpSecret.parse("otpauth://hotp/x?secret=GEZDGNBV&counter=1")).hasMessageContaining("totp");
        assertThatThrownBy(() -> TotpSecret.parse("otpauth://totp/x?issuer=a")).hasMessageContaining("secret=");
        assertThatThrownBy(() -> TotpSecret.parse("otpauth://totp/x?secret=GEZDGNBV&digits=7")).hasMessageContaining("6 or 8");
        assertThatThrownBy(() -> TotpSecret.parse("otpauth://totp/x?secret=GEZDGNBV&algorithm=MD5")).hasMessageContaining("SHA1");
        assertThatThrownBy(() -> TotpSecret.parse("  ")).hasMessageContaining("empty");
        assertThat(TotpSecret.parse("GEZDGNBV").toString()).doesNotContain("GEZDGNBV");
    }

    private static String base32(byte[] bytes) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
