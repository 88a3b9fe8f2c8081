package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.Test;

class KvV2MetadataTest {
    private final KvFixture kv = KvFixture.v2();

    @Test
    void readDescribesTheKeyAndEveryVersion() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.clock.advance(Duration.ofSeconds(2));
        kv.write("data/k", """
                {"data": {"v": 2}}""");

        Reply r = kv.read("metadata/k");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data()).containsExactlyEntriesOf(KvFixture.ordered(
                "cas_required", false,
                "created_time", "2024-05-01T10:00:00.123456789Z",
                "current_version", 2,
                "custom_metadata", null,
                "delete_version_after", "0s",
                "max_versions", 0,
                "oldest_version", 0,
                "updated_time", "2024-05-01T10:00:02.123456789Z",
                "versions", Map.of(
                        "1", KvFixture.ordered("created_time", "2024-05-01T10:00:00.123456789Z", "deletion_time", "", "destroyed", false),
                        "2", KvFixture.ordered("created_time", "2024-05-01T10:00:02.123456789Z", "deletion_time", "", "destroyed", false))));
    }

    @Test
    void readOfAMissingKeyIs404() {
        assertThat(kv.read("metadata/none").status()).isEqualTo(404);
    }

    @Test
    void writeCreatesMetadataBeforeAnyVersion() {
        Reply w = kv.write("metadata/k", """
                {"max_versions": 5, "cas_required": true, "delete_version_after": "1h30m",
                 "custom_metadata": {"owner": "team-a", "tier": 1}}""");

        Reply r = kv.read("metadata/k");

        assertThat(w.status()).isEqualTo(204);
        assertThat(r.data()).containsEntry("max_versions", 5)
                .containsEntry("cas_required", true)
                .containsEntry("delete_version_after", "1h30m0s")
                .containsEntry("custom_metadata", Map.of("owner", "team-a", "tier", "1"))
                .containsEntry("current_version", 0)
                .containsEntry("created_time", "2024-05-01T10:00:00.123456789Z")
                .containsEntry("versions", Map.of());
        assertThat(kv.read("data/k").status()).isEqualTo(404);
    }

    @Test
    void customMetadataAppearsInVersionMetadata() {
        kv.write("metadata/k", """
                {"custom_metadata": {"owner": "team-a"}}""");

        Reply w = kv.write("data/k", """
                {"data": {"v": 1}, "options": {}}""");

        assertThat(w.get("custom_metadata")).isEqualTo(Map.of("owner", "team-a"));
        assertThat(kv.read("data/k").get("metadata.custom_metadata")).isEqualTo(Map.of("owner", "team-a"));
        assertThat(kv.read("metadata/k").get("created_time")).isEqualTo("2024-05-01T10:00:00.123456789Z");
    }

    @Test
    void writeLeavesAbsentFieldsAloneAndReplacesCustomMetadataWhole() {
        kv.write("metadata/k", """
                {"max_versions": 3, "custom_metadata": {"a": "1", "b": "2"}}""");

        kv.write("metadata/k", """
                {"custom_metadata": {"c": "3"}}""");

        assertThat(kv.read("metadata/k").data()).containsEntry("max_versions", 3)
                .containsEntry("custom_metadata", Map.of("c", "3"));
    }

    @Test
    void writeWithNothingToSetDoesNotCreateTheKey() {
        assertThat(kv.write("metadata/k", "{}").status()).isEqualTo(204);
        assertThat(kv.read("metadata/k").status()).isEqualTo(404);
    }

    @Test
    void writeDoesNotTouchUpdatedTime() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.clock.advance(Duration.ofMinutes(1));

        kv.write("metadata/k", """
                {"max_versions": 4}""");

        assertThat(kv.read("metadata/k").get("updated_time")).isEqualTo("2024-05-01T10:00:00.123456789Z");
    }

    @Test
    void casRequiredFalseUnderAMountThatRequiresItIsAWarning() {
        kv.write("config", """
                {"cas_required": true}""");

        Reply r = kv.write("metadata/k", """
                {"cas_required": false}""");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.warnings()).containsExactly(
                "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.");
    }

    @Test
    void customMetadataOverTheLimitsIsRejectedInVaultsFormat() {
        Reply longKey = kv.write("metadata/k", "{\"custom_metadata\": {\"" + "k".repeat(129) + "\": \"v\"}}");
        Reply emptyValue = kv.write("metadata/k", """
                {"custom_metadata": {"owner": ""}}""");
        Reply twoErrors = kv.write("metadata/k", "{\"custom_metadata\": {\"a\": \"" + "v".repeat(513) + "\", \"b\\u0007\": \"x\"}}");

        assertThat(longKey.status()).isEqualTo(400);
        assertThat(longKey.errors()).singleElement().asString().startsWith("1 error occurred:\n\t* custom_metadata validation failed: length of key \"kkk")
                .endsWith("is 129 but must be 0 < len(key) <= 128\n\n");
        assertThat(emptyValue.errors()).containsExactly("1 error occurred:\n\t* custom_metadata validation failed: "
                + "length of value for key \"owner\" is 0 but must be 0 < len(value) <= 512\n\n");
        assertThat(twoErrors.errors()).singleElement().asString().startsWith("2 errors occurred:\n\t* ")
                .contains("length of value for key \"a\" is 513")
                .contains("key \"b\\x07\"")
                .doesNotContain("vvvv");
        assertThat(kv.read("metadata/k").status()).isEqualTo(404);
    }

    @Test
    void customMetadataWithMoreThan64KeysIsRejected() {
        StringBuilder json = new StringBuilder("{\"custom_metadata\": {");
        for (int i = 0; i < 65; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        Reply r = kv.write("metadata/k", json.append("}}").toString());

        assertThat(r.errors()).containsExactly("1 error occurred:\n\t* custom_metadata validation failed: "
                + "payload must contain at most 64 keys, provided 65\n\n");
    }

    @Test
    void customMetadataValuesMustBeScalars() {
        Reply r = kv.write("metadata/k", """
                {"custom_metadata": {"nested": {"secret": "x"}}}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).singleElement().asString().contains("nested").doesNotContain("secret");
    }

    @Test
    void negativeMaxVersionsIsABadRequest() {
        assertThat(kv.write("metadata/k", """
                {"max_versions": -1}""").status()).isEqualTo(400);
    }

    @Test
    void patchMergesSettingsAndCustomMetadata() {
        kv.write("metadata/k", """
                {"max_versions": 3, "cas_required": true, "custom_metadata": {"a": "1", "b": "2"}}""");

        Reply r = kv.patch("metadata/k", """
                {"max_versions": 7, "custom_metadata": {"b": null, "c": "3"}}""");

        assertThat(r.status()).isEqualTo(204);
        assertThat(kv.read("metadata/k").data()).containsEntry("max_versions", 7)
                .containsEntry("cas_required", true)
                .containsEntry("custom_metadata", Map.of("a", "1", "c", "3"));
    }

    @Test
    void patchWithNullCustomMetadataClearsIt() {
        kv.write("metadata/k", """
                {"custom_metadata": {"a": "1"}}""");

        kv.patch("metadata/k", """
                {"custom_metadata": null}""");

        assertThat(kv.read("metadata/k").get("custom_metadata")).isNull();
    }

    @Test
    void patchOfAMissingKeyIs404AndNeedsTheContentType() {
        assertThat(kv.patch("metadata/none", """
                {"max_versions": 1}""").status()).isEqualTo(404);
        kv.write("metadata/k", """
                {"max_versions": 1}""");
        assertThat(kv.patch("metadata/k", """
                {"max_versions": 2}""", "application/json").status()).isEqualTo(415);
    }

    @Test
    void patchValidatesCustomMetadata() {
        kv.write("metadata/k", """
                {"max_versions": 1}""");

        Reply r = kv.patch("metadata/k", """
                {"custom_metadata": {"a": ""}}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).singleElement().asString().contains("length of value for key \"a\" is 0");
    }

    @Test
    void deleteRemovesTheKeyAndAllVersions() {
        kv.write("data/k", """
                {"data": {"v": 1}}""");
        kv.write("data/k", """
                {"data": {"v": 2}}""");

        Reply r = kv.delete("metadata/k");

        assertThat(r.status()).isEqualTo(204);
        assertThat(kv.read("metadata/k").status()).isEqualTo(404);
        assertThat(kv.read("data/k", "version", "1").status()).isEqualTo(404);
        assertThat(kv.storage.list("")).doesNotContain("metadata/", "versions/");
        assertThat(kv.write("data/k", """
                {"data": {"v": 1}, "options": {"cas": 0}}""").get("version")).isEqualTo(1);
    }

    @Test
    void listShowsKeysAndFoldersOfAFolder() {
        for (String path : List.of("app/db", "app/api", "app/nested/deep", "other", "app")) {
            kv.write("data/" + path, """
                    {"data": {"v": 1}}""");
        }

        assertThat(kv.list("metadata/").get("keys")).isEqualTo(List.of("app", "app/", "other"));
        assertThat(kv.list("metadata/app/").get("keys")).isEqualTo(List.of("api", "db", "nested/"));
        assertThat(kv.list("metadata/app").get("keys")).isEqualTo(List.of("api", "db", "nested/"));
        assertThat(kv.list("metadata").get("keys")).isEqualTo(List.of("app", "app/", "other"));
        assertThat(kv.read("metadata").warnings()).singleElement().asString().startsWith("Invalid path");
    }

    @Test
    void listOfAnEmptyFolderIs404() {
        Reply r = kv.list("metadata/nothing/");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errors()).isEmpty();
        assertThat(kv.list("metadata/").status()).isEqualTo(404);
    }

    @Test
    void deletedKeysStillListButRemovedOnesDoNot() {
        kv.write("data/a", """
                {"data": {"v": 1}}""");
        kv.write("data/b", """
                {"data": {"v": 1}}""");
        kv.delete("data/a");
        kv.delete("metadata/b");

        assertThat(kv.list("metadata/").get("keys")).isEqualTo(List.of("a"));
    }

    @Test
    void writeToTheMetadataRootIsAMissingPath() {
        Reply r = kv.write("metadata/", """
                {"max_versions": 1}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("missing path");
    }
}
