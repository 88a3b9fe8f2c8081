package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.Test;

class KvV2DeleteVersionAfterTest {
    private final KvFixture kv = KvFixture.v2();

    @Test
    void mountDeleteVersionAfterSoftDeletesVersionsOnceTheTimeHasPassed() {
        kv.write("config", """
                {"delete_version_after": "1h"}""");

        Reply written = kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.clock.advance(Duration.ofMinutes(59));
        Reply before = kv.read("data/k");
        kv.clock.advance(Duration.ofMinutes(1).plusNanos(1));
        Reply after = kv.read("data/k");

        assertThat(written.get("deletion_time")).isEqualTo("2024-05-01T11:00:00.123456789Z");
        assertThat(before.status()).isEqualTo(200);
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.get("metadata.deletion_time")).isEqualTo("2024-05-01T11:00:00.123456789Z");
    }

    @Test
    void theShorterOfKeyAndMountSettingApplies() {
        kv.write("config", """
                {"delete_version_after": "2h"}""");
        kv.write("metadata/k", """
                {"delete_version_after": "30m"}""");
        kv.write("metadata/other", """
                {"delete_version_after": "5h"}""");

        Reply k = kv.write("data/k", """
                {"data": {"v": 1}}""");
        Reply other = kv.write("data/other", """
                {"data": {"v": 1}}""");

        assertThat(k.get("deletion_time")).isEqualTo("2024-05-01T10:30:00.123456789Z");
        assertThat(other.get("deletion_time")).isEqualTo("2024-05-01T12:00:00.123456789Z");
    }

    @Test
    void aNegativeMountSettingDisablesDeletionForEveryKey() {
        kv.write("metadata/k", """
                {"delete_version_after": "1s"}""");
        kv.write("config", """
                {"delete_version_after": "-1s"}""");

        Reply written = kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.clock.advance(Duration.ofHours(1));

        assertThat(written.get("deletion_time")).isEqualTo("");
        assertThat(kv.read("data/k").status()).isEqualTo(200);
        assertThat(kv.read("config").get("delete_version_after")).isEqualTo("-1s");
    }

    @Test
    void undeleteRestartsTheCountdown() {
        kv.write("metadata/k", """
                {"delete_version_after": "10m"}""");
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.clock.advance(Duration.ofMinutes(20));
        assertThat(kv.read("data/k").status()).isEqualTo(404);

        kv.write("undelete/k", """
                {"versions": [1]}""");
        Reply restored = kv.read("data/k");
        kv.clock.advance(Duration.ofMinutes(11));

        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.get("metadata.deletion_time")).isEqualTo("2024-05-01T10:30:00.123456789Z");
        assertThat(kv.read("data/k").status()).isEqualTo(404);
    }

    @Test
    void deletingAVersionDueForDeletionLaterDeletesItNow() {
        kv.write("metadata/k", """
                {"delete_version_after": "1h"}""");
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.clock.advance(Duration.ofMinutes(1));

        kv.delete("data/k");
        kv.clock.advance(Duration.ofSeconds(1));

        assertThat(kv.read("data/k").get("metadata.deletion_time")).isEqualTo("2024-05-01T10:01:00.123456789Z");
        assertThat(kv.read("data/k").status()).isEqualTo(404);
    }

    @Test
    void aNegativeKeySettingIsABadRequest() {
        Reply r = kv.write("metadata/k", """
                {"delete_version_after": "-5m"}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).singleElement().asString().contains("delete_version_after");
    }

    @Test
    void aDurationBeyondWhatVaultCanHoldIsABadRequestNotACrash() {
        Reply key = kv.write("metadata/k", """
                {"delete_version_after": 9000000000000000000}""");
        Reply mount = kv.write("config", """
                {"delete_version_after": 9000000000000000000}""");

        assertThat(key.status()).isEqualTo(400);
        assertThat(mount.status()).isEqualTo(400);
        assertThat(kv.write("data/k", """
                {"data": {"v": 1}}""").status()).isEqualTo(200);
    }
}
