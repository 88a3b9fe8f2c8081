package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.Test;

class KvUpgradeTest {

    @Test
    void tuningAV1MountToVersionTwoMakesEverySecretVersionOne() {
        KvFixture kv = KvFixture.v1();
        kv.write("app/db", """
                {"password": "s3cr3t", "port": 5432}""");
        kv.write("top", """
                {"a": "b"}""");

        kv.tuneOptions(Map.of("version", "2"));
        Reply db = kv.read("data/app/db");

        assertThat(db.status()).isEqualTo(200);
        assertThat(db.map("data")).isEqualTo(Map.of("password", "s3cr3t", "port", 5432));
        assertThat(db.map("metadata")).containsEntry("version", 1)
                .containsEntry("created_time", "2024-05-01T10:00:00.123456789Z");
        assertThat(kv.list("metadata/").get("keys")).isEqualTo(List.of("app/", "top"));
        assertThat(kv.read("app/db").warnings()).singleElement().asString().startsWith("Invalid path");
        assertThat(kv.write("data/top", """
                {"data": {"a": "c"}}""").get("version")).isEqualTo(2);
    }

    @Test
    void aRestartedMountWhoseOptionSaysTwoUpgradesTheStoredV1Secrets() {
        KvFixture kv = KvFixture.v1();
        kv.write("k", """
                {"a": "b"}""");

        kv.tuneOptions(Map.of("version", "2"));
        kv.restart();

        assertThat(kv.read("data/k").get("data.a")).isEqualTo("b");
    }

    @Test
    void upgradeRunsOnceSoV2EntriesAreNeverReadAsV1Secrets() {
        KvFixture kv = KvFixture.v2();
        kv.write("data/k", """
                {"data": {"a": "b"}}""");
        kv.write("config", """
                {"max_versions": 3}""");

        kv.restart();

        assertThat(kv.read("data/k").get("metadata.version")).isEqualTo(1);
        assertThat(kv.read("config").get("max_versions")).isEqualTo(3);
        assertThat(kv.list("metadata/").get("keys")).isEqualTo(List.of("k"));
    }

    @Test
    void anUntunedV1MountStaysUnversioned() {
        KvFixture kv = KvFixture.v1();
        kv.write("data/k", """
                {"a": "b"}""");

        assertThat(kv.read("data/k").data()).isEqualTo(Map.of("a", "b"));
        assertThat(kv.storage.get(Upgrade.MARKER)).isNull();
    }
}
