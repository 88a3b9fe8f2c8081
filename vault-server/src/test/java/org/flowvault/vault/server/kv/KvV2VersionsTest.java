package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvV2VersionsTest {
    private final KvFixture kv = KvFixture.v2();

    @BeforeEach
    void threeVersions() {
        for (int i = 1; i <= 3; i++) {
            kv.write("data/k", "{\"data\": {\"v\": " + i + "}}");
        }
        kv.clock.advance(Duration.ofSeconds(10));
    }

    @Test
    void deleteSoftDeletesTheListedVersionsOnly() {
        Reply r = kv.write("delete/k", """
                {"versions": [1, 3]}""");
        kv.clock.advance(Duration.ofSeconds(1));

        assertThat(r.status()).isEqualTo(204);
        assertThat(kv.read("data/k", "version", "1").status()).isEqualTo(404);
        assertThat(kv.read("data/k", "version", "2").get("data.v")).isEqualTo(2);
        assertThat(kv.read("data/k").status()).isEqualTo(404);
        assertThat(kv.read("metadata/k").map("versions.1")).containsEntry("deletion_time", "2024-05-01T10:00:10.123456789Z");
    }

    @Test
    void versionsMayBeACommaSeparatedString() {
        kv.write("delete/k", """
                {"versions": "1,2"}""");
        kv.clock.advance(Duration.ofSeconds(1));

        assertThat(kv.read("data/k", "version", "2").status()).isEqualTo(404);
        assertThat(kv.read("data/k").status()).isEqualTo(200);
    }

    @Test
    void undeleteRestoresSoftDeletedVersions() {
        kv.write("delete/k", """
                {"versions": [2]}""");
        kv.clock.advance(Duration.ofSeconds(1));

        Reply r = kv.write("undelete/k", """
                {"versions": [2]}""");

        assertThat(r.status()).isEqualTo(204);
        assertThat(kv.read("data/k", "version", "2").get("data.v")).isEqualTo(2);
        assertThat(kv.read("metadata/k").map("versions.2")).containsEntry("deletion_time", "");
    }

    @Test
    void destroyRemovesTheDataForGood() {
        Reply r = kv.write("destroy/k", """
                {"versions": [2, 3, 99]}""");

        Reply two = kv.read("data/k", "version", "2");
        Reply latest = kv.read("data/k");
        Reply undeleted = kv.write("undelete/k", """
                {"versions": [2]}""");

        assertThat(r.status()).isEqualTo(204);
        assertThat(two.status()).isEqualTo(404);
        assertThat(two.map("metadata")).containsEntry("destroyed", true).containsEntry("version", 2);
        assertThat(latest.status()).isEqualTo(404);
        assertThat(latest.data()).containsEntry("data", null);
        assertThat(undeleted.status()).isEqualTo(204);
        assertThat(kv.read("data/k", "version", "2").status()).isEqualTo(404);
        assertThat(kv.read("data/k", "version", "1").get("data.v")).isEqualTo(1);
        assertThat(kv.storage.get("metadata/k")).asString().doesNotContain("\"v\":3");
    }

    @Test
    void writeAfterDestroyingTheLatestVersionStartsAFreshOne() {
        kv.write("destroy/k", """
                {"versions": [3]}""");

        kv.write("data/k", """
                {"data": {"v": 4}}""");

        assertThat(kv.read("data/k").get("data.v")).isEqualTo(4);
        assertThat(kv.read("data/k", "version", "2").get("data.v")).isEqualTo(2);
        assertThat(kv.read("data/k", "version", "3").status()).isEqualTo(404);
    }

    @Test
    void missingVersionsAreRejectedWithVaultsMessages() {
        assertThat(kv.write("delete/k", "{}").errors()).containsExactly("No version number provided");
        assertThat(kv.write("undelete/k", "{}").errors()).containsExactly("No version number provided");
        assertThat(kv.write("destroy/k", """
                {"versions": []}""").errors()).containsExactly("no version number provided");
    }

    @Test
    void nonNumericVersionsAreABadRequest() {
        Reply r = kv.write("delete/k", """
                {"versions": ["one"]}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).singleElement().asString().contains("versions");
    }

    @Test
    void versionOperationsOnAMissingKeyAreNoOps() {
        assertThat(kv.write("delete/none", """
                {"versions": [1]}""").status()).isEqualTo(204);
        assertThat(kv.write("destroy/none", """
                {"versions": [1]}""").status()).isEqualTo(204);
        assertThat(kv.read("metadata/none").status()).isEqualTo(404);
    }

    @Test
    void versionEndpointsOnlyAcceptWrites() {
        assertThat(kv.read("delete/k").status()).isEqualTo(405);
        assertThat(kv.read("destroy/k").status()).isEqualTo(405);
    }
}
