package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvV2PatchTest {
    private final KvFixture kv = KvFixture.v2();

    @BeforeEach
    void writeFirstVersion() {
        kv.write("data/app", """
                {"data": {"user": "admin", "password": "old", "db": {"host": "h1", "port": 5432}}}""");
    }

    @Test
    void patchMergesIntoTheLatestVersionAsANewVersion() {
        Reply r = kv.patch("data/app", """
                {"data": {"password": "new", "db": {"port": 6543, "tls": true}}}""");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("version")).isEqualTo(2);
        assertThat(kv.read("data/app").map("data")).isEqualTo(Map.of(
                "user", "admin", "password", "new", "db", Map.of("host", "h1", "port", 6543, "tls", true)));
        assertThat(kv.read("data/app", "version", "1").get("data.password")).isEqualTo("old");
    }

    @Test
    void patchWithNullRemovesAKey() {
        kv.patch("data/app", """
                {"data": {"user": null, "db": {"host": null}}}""");

        assertThat(kv.read("data/app").map("data")).isEqualTo(Map.of("password", "old", "db", Map.of("port", 5432)));
    }

    @Test
    void patchNeedsTheMergePatchContentType() {
        Reply json = kv.patch("data/app", """
                {"data": {"password": "new"}}""", "application/json");
        Reply none = kv.patch("data/app", """
                {"data": {"password": "new"}}""", null);
        Reply withCharset = kv.patch("data/app", """
                {"data": {"password": "new"}}""", "application/merge-patch+json; charset=utf-8");

        assertThat(json.status()).isEqualTo(415);
        assertThat(json.errors()).containsExactly(
                "PATCH requires Content-Type of application/merge-patch+json, provided application/json");
        assertThat(none.status()).isEqualTo(400);
        assertThat(withCharset.status()).isEqualTo(200);
        assertThat(kv.read("data/app").get("metadata.version")).isEqualTo(2);
    }

    @Test
    void patchOfAMissingKeyIs404() {
        assertThat(kv.patch("data/none", """
                {"data": {"a": 1}}""").status()).isEqualTo(404);
    }

    @Test
    void patchOfADeletedLatestVersionIs404WithItsMetadata() {
        kv.delete("data/app");
        kv.clock.advance(java.time.Duration.ofSeconds(1));

        Reply r = kv.patch("data/app", """
                {"data": {"a": 1}}""");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).containsEntry("version", 1).containsEntry("destroyed", false)
                .containsEntry("deletion_time", "2024-05-01T10:00:00.123456789Z");
    }

    @Test
    void patchOfADestroyedLatestVersionIs404() {
        kv.write("destroy/app", """
                {"versions": [1]}""");

        Reply r = kv.patch("data/app", """
                {"data": {"a": 1}}""");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).containsEntry("destroyed", true);
    }

    @Test
    void patchWithoutDataIsRejected() {
        Reply r = kv.patch("data/app", """
                {"options": {"cas": 1}}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("no data provided");
    }

    @Test
    void patchHonoursCas() {
        Reply stale = kv.patch("data/app", """
                {"data": {"a": 1}, "options": {"cas": 5}}""");
        Reply current = kv.patch("data/app", """
                {"data": {"a": 1}, "options": {"cas": 1}}""");

        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.errors()).containsExactly("check-and-set parameter did not match the current version");
        assertThat(current.status()).isEqualTo(200);
    }

    @Test
    void patchRequiresCasWhenTheMountDoes() {
        kv.write("config", """
                {"cas_required": true}""");

        Reply r = kv.patch("data/app", """
                {"data": {"a": 1}}""");

        assertThat(r.errors()).containsExactly("check-and-set parameter required for this call");
    }
}
