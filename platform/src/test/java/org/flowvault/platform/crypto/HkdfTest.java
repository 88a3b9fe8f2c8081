package org.flowvault.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.junit.jupiter.api.Test;

class HkdfTest {

    @Test
    void matchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = Hkdf.sha256(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(hex.formatHex(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void derivedKeysDependOnTheDataKeyAndPurposeNotOnTheProcess() {
        try (Database db = TestDatabases.h2()) {
            MasterKey master = MasterKey.generate();
            byte[] first = SecretBox.open(db, master).derivedKey("flowvault:audit-chain:v1").getEncoded();
            byte[] again = SecretBox.open(db, master).derivedKey("flowvault:audit-chain:v1").getEncoded();
            byte[] other = SecretBox.open(db, master).derivedKey("flowvault:something-else").getEncoded();
            assertThat(again).isEqualTo(first);
            assertThat(other).isNotEqualTo(first).hasSize(32);
        }
    }
}
