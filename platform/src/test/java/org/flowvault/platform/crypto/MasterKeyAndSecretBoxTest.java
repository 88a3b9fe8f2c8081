package org.flowvault.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MasterKeyAndSecretBoxTest {
    @TempDir
    Path dir;

    @Test
    void devKeyFileIsCreatedOwnerOnlyAndReloadedOnTheNextStart() throws Exception {
        Path file = dir.resolve("data/master.key");
        MasterKey first = MasterKey.loadOrCreate(file);
        assertThat(Files.exists(file)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);

        try (Database db = TestDatabases.h2()) {
            SecretBox box = SecretBox.open(db, first);
            String sealed = box.seal("s3cr3t-value", "rec:1");
            // a restart reads the same key file and the same stored data key
            SecretBox again = SecretBox.open(db, MasterKey.loadOrCreate(file));
            assertThat(again.open(sealed, "rec:1")).isEqualTo("s3cr3t-value");
        }
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithTheLengthAndHowToMakeOne() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of(MasterKey.ENV_KEY, shortKey)::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FLOWVAULT_MASTER_KEY must decode to 32 bytes, but it decodes to 16 bytes; "
                        + "generate a key with: openssl rand -base64 32");
        assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of(MasterKey.ENV_KEY, "not base64 !!")::get))
                .hasMessageContaining("FLOWVAULT_MASTER_KEY is not valid base64");
        assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.<String, String>of()::get))
                .hasMessageContaining("set FLOWVAULT_MASTER_KEY").hasMessageContaining("FLOWVAULT_MASTER_KEY_FILE");
    }

    @Test
    void productionKeyComesFromTheEnvironmentOrAKeyFile() throws Exception {
        byte[] raw = new byte[32];
        raw[0] = 7;
        String b64 = Base64.getEncoder().encodeToString(raw);
        Path file = dir.resolve("key");
        Files.writeString(file, b64 + "\n");
        try (Database db = TestDatabases.h2()) {
            String sealed = SecretBox.open(db, MasterKey.fromEnvironment(Map.of(MasterKey.ENV_KEY, b64)::get)).seal("v", "r");
            SecretBox viaFile = SecretBox.open(db, MasterKey.fromEnvironment(Map.of(MasterKey.ENV_KEY_FILE, file.toString())::get));
            assertThat(viaFile.open(sealed, "r")).isEqualTo("v");
        }
        assertThat(MasterKey.generate().toString()).isEqualTo("MasterKey");
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aCiphertextMovedToAnotherRecordDoesNotDecrypt(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect)) {
            SecretBox box = SecretBox.open(db, MasterKey.generate());
            String a = box.seal("token-of-alice", "user_token:c1:alice");
            assertThat(a).doesNotContain("token-of-alice").startsWith("v1:");
            assertThat(box.seal("token-of-alice", "user_token:c1:alice")).isNotEqualTo(a); // fresh nonce each time
            assertThat(box.open(a, "user_token:c1:alice")).isEqualTo("token-of-alice");
            assertThatThrownBy(() -> box.open(a, "user_token:c1:bob"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("user_token:c1:bob").hasMessageContaining("does not decrypt")
                    .hasMessageNotContaining("token-of-alice");
            String tampered = a.substring(0, a.length() - 4) + (a.endsWith("AAAA") ? "BBBB" : "AAAA");
            assertThatThrownBy(() -> box.open(tampered, "user_token:c1:alice")).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aDifferentMasterKeyIsRefusedAtStartWithTheFix(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect)) {
            SecretBox.open(db, MasterKey.generate());
            assertThatThrownBy(() -> SecretBox.open(db, MasterKey.generate()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the master key does not match the one this database was set up with");
        }
    }
}
