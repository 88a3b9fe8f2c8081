package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.Test;

class KvV2DataTest {
    private final KvFixture kv = KvFixture.v2();

    @Test
    void writeAnswersTheNewVersionsMetadata() {
        Reply r = kv.write("data/app/db", """
                {"data": {"user": "admin", "password": "s3cr3t"}}""");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data()).containsExactlyEntriesOf(KvFixture.ordered(
                "created_time", "2024-05-01T10:00:00.123456789Z",
                "custom_metadata", null,
                "deletion_time", "",
                "destroyed", false,
                "version", 1));
    }

    @Test
    void readReturnsTheLatestDataAndItsMetadata() {
        kv.write("data/app/db", """
                {"data": {"password": "one"}}""");
        kv.clock.advance(Duration.ofSeconds(5));
        kv.write("data/app/db", """
                {"data": {"password": "two", "nested": {"port": 5432, "tls": true}}}""");

        Reply r = kv.read("data/app/db");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map("data")).isEqualTo(Map.of("password", "two", "nested", Map.of("port", 5432, "tls", true)));
        assertThat(r.map("metadata")).containsExactlyEntriesOf(KvFixture.ordered(
                "created_time", "2024-05-01T10:00:05.123456789Z",
                "custom_metadata", null,
                "deletion_time", "",
                "destroyed", false,
                "version", 2));
    }

    @Test
    void readOfAnOlderVersionIsServedFromItsOwnEntry() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.write("data/k", """
                {"data": {"v": 2}}""");
        kv.write("data/k", """
                {"data": {"v": 3}}""");

        assertThat(kv.read("data/k", "version", "1").get("data.v")).isEqualTo(1);
        assertThat(kv.read("data/k", "version", "2").get("data.v")).isEqualTo(2);
        assertThat(kv.read("data/k", "version", "0").get("data.v")).isEqualTo(3);
        assertThat(kv.read("data/k", "version", "2").get("metadata.version")).isEqualTo(2);
    }

    @Test
    void secretDataKeysComeBackSortedAsVaultStoresThem() {
        kv.write("data/k", """
                {"data": {"zeta": 1, "alpha": {"y": 1, "b": 2}, "mid": [ {"z": 1, "a": 2} ]}}""");

        Reply r = kv.read("data/k");

        assertThat(r.map("data").keySet()).containsExactly("alpha", "mid", "zeta");
        assertThat(r.map("data.alpha").keySet()).containsExactly("b", "y");
        assertThat(r.get("data.mid").toString()).isEqualTo("[{a=2, z=1}]");
    }

    @Test
    void readOfAMissingKeyOrVersionIsABare404() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");

        for (Reply r : List.of(kv.read("data/missing"), kv.read("data/k", "version", "7"))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errors()).isEmpty();
            assertThat(r.data()).isNull();
        }
    }

    @Test
    void readWithANonNumericVersionIsABadRequest() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");

        Reply r = kv.read("data/k", "version", "latest");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).singleElement().asString().contains("version");
    }

    @Test
    void writeWithoutDataIsRejectedWithVaultsMessage() {
        Reply r = kv.write("data/k", """
                {"options": {}}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("no data provided");
        assertThat(kv.read("data/k").status()).isEqualTo(404);
    }

    @Test
    void writeWithNonObjectDataIsABadRequestThatDoesNotEchoTheValue() {
        Reply r = kv.write("data/k", """
                {"data": "hunter2-super-secret"}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).singleElement().asString().contains("\"data\"").doesNotContain("hunter2");
    }

    @Test
    void emptyDataIsAValidVersion() {
        kv.write("data/k", """
                {"data": {}}""");

        Reply r = kv.read("data/k");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map("data")).isEmpty();
    }

    @Test
    void casZeroOnlyCreates() {
        Reply created = kv.write("data/k", """
                {"data": {"v": 1}, "options": {"cas": 0}}""");
        Reply again = kv.write("data/k", """
                {"data": {"v": 2}, "options": {"cas": 0}}""");

        assertThat(created.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errors()).containsExactly("check-and-set parameter did not match the current version");
        assertThat(kv.read("data/k").get("data.v")).isEqualTo(1);
    }

    @Test
    void casMustMatchTheCurrentVersion() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");

        Reply stale = kv.write("data/k", """
                {"data": {"v": 2}, "options": {"cas": 0}}""");
        Reply current = kv.write("data/k", """
                {"data": {"v": 2}, "options": {"cas": "1"}}""");

        assertThat(stale.status()).isEqualTo(400);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.get("version")).isEqualTo(2);
    }

    @Test
    void casThatIsNotANumberIsABadRequest() {
        Reply r = kv.write("data/k", """
                {"data": {"v": 1}, "options": {"cas": "one"}}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("error parsing check-and-set parameter");
    }

    @Test
    void casRequiredOnTheMountRejectsWritesWithoutCas() {
        kv.write("config", """
                {"cas_required": true}""");

        Reply without = kv.write("data/k", """
                {"data": {"v": 1}}""");
        Reply with = kv.write("data/k", """
                {"data": {"v": 1}, "options": {"cas": 0}}""");

        assertThat(without.status()).isEqualTo(400);
        assertThat(without.errors()).containsExactly("check-and-set parameter required for this call");
        assertThat(with.status()).isEqualTo(200);
    }

    @Test
    void casRequiredOnTheKeyRejectsWritesWithoutCas() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.write("metadata/k", """
                {"cas_required": true}""");

        Reply without = kv.write("data/k", """
                {"data": {"v": 2}}""");
        Reply other = kv.write("data/other", """
                {"data": {"v": 1}}""");

        assertThat(without.errors()).containsExactly("check-and-set parameter required for this call");
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void oldestVersionsBeyondTheDefaultTenAreRemoved() {
        for (int i = 1; i <= 12; i++) {
            kv.write("data/k", "{\"data\": {\"v\": " + i + "}}");
        }

        Reply meta = kv.read("metadata/k");

        assertThat(meta.map("versions").keySet()).containsExactlyInAnyOrder("3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        assertThat(meta.get("oldest_version")).isEqualTo(3);
        assertThat(kv.read("data/k", "version", "2").status()).isEqualTo(404);
        assertThat(kv.read("data/k", "version", "3").get("data.v")).isEqualTo(3);
    }

    @Test
    void maxVersionsKeepsOnlyThatManyAndDeletesTheirData() {
        kv.write("config", """
                {"max_versions": 2}""");
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.write("data/k", """
                {"data": {"v": 2}}""");
        kv.write("data/k", """
                {"data": {"v": 3}}""");

        Reply meta = kv.read("metadata/k");

        assertThat(meta.map("versions").keySet()).containsExactlyInAnyOrder("2", "3");
        assertThat(meta.get("oldest_version")).isEqualTo(2);
        assertThat(meta.get("current_version")).isEqualTo(3);
        assertThat(kv.storage.list("versions/")).hasSize(1);
        assertThat(kv.storage.list("versions/" + kv.storage.list("versions/").get(0))).containsExactly("2");
    }

    @Test
    void theLargerOfKeyAndMountMaxVersionsWins() {
        kv.write("config", """
                {"max_versions": 3}""");
        kv.write("metadata/k", """
                {"max_versions": 1}""");
        for (int i = 1; i <= 4; i++) {
            kv.write("data/k", "{\"data\": {\"v\": " + i + "}}");
        }

        assertThat(kv.read("metadata/k").map("versions")).hasSize(3);
    }

    @Test
    void existenceCheckMakesAFirstWriteACreateAndLaterOnesUpdates() {
        assertThat(kv.exists("data/k")).isFalse();

        kv.write("data/k", """
                {"data": {"v": 1}}""");

        assertThat(kv.exists("data/k")).isTrue();
        assertThat(kv.exists("metadata/k")).isTrue();
        assertThat(kv.exists("metadata/other")).isFalse();
        assertThat(kv.exists("config")).isNull();
    }

    @Test
    void deleteSoftDeletesTheLatestVersionWhichThenReadsAs404WithMetadata() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.write("data/k", """
                {"data": {"v": 2}}""");
        kv.clock.advance(Duration.ofSeconds(1));

        Reply deleted = kv.delete("data/k");
        kv.clock.advance(Duration.ofMillis(1));
        Reply r = kv.read("data/k");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).containsEntry("data", null);
        assertThat(r.map("metadata")).containsEntry("version", 2)
                .containsEntry("deletion_time", "2024-05-01T10:00:01.123456789Z")
                .containsEntry("destroyed", false);
        assertThat(kv.read("data/k", "version", "1").get("data.v")).isEqualTo(1);
    }

    @Test
    void deleteOfAMissingKeyIsANoOp() {
        assertThat(kv.delete("data/nothing").status()).isEqualTo(204);
        assertThat(kv.read("metadata/nothing").status()).isEqualTo(404);
    }

    @Test
    void aTrailingSlashOnDataIsNotADataPath() {
        Reply r = kv.read("data/folder/");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.warnings()).singleElement().asString().startsWith("Invalid path for a versioned K/V secrets engine");
    }
}
