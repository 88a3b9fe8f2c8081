package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.Test;

class KvV2ConfigTest {
    private final KvFixture kv = KvFixture.v2();

    @Test
    void defaultsAreVaults() {
        Reply r = kv.read("config");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data()).containsExactlyEntriesOf(KvFixture.ordered(
                "cas_required", false, "delete_version_after", "0s", "max_versions", 0));
    }

    @Test
    void writeUpdatesOnlyTheGivenFields() {
        kv.write("config", """
                {"max_versions": 5, "delete_version_after": "3h25m19s"}""");
        Reply w = kv.write("config", """
                {"cas_required": "true"}""");

        assertThat(w.status()).isEqualTo(204);
        assertThat(kv.read("config").data()).containsExactlyEntriesOf(KvFixture.ordered(
                "cas_required", true, "delete_version_after", "3h25m19s", "max_versions", 5));
    }

    @Test
    void deleteVersionAfterAcceptsSecondsAndZeroClearsIt() {
        kv.write("config", """
                {"delete_version_after": 90}""");
        assertThat(kv.read("config").get("delete_version_after")).isEqualTo("1m30s");

        kv.write("config", """
                {"delete_version_after": "0s"}""");
        assertThat(kv.read("config").get("delete_version_after")).isEqualTo("0s");
    }

    @Test
    void badValuesAreRejected() {
        assertThat(kv.write("config", """
                {"delete_version_after": "soon"}""").status()).isEqualTo(400);
        assertThat(kv.write("config", """
                {"max_versions": "many"}""").status()).isEqualTo(400);
        assertThat(kv.write("config", """
                {"max_versions": -3}""").status()).isEqualTo(400);
        assertThat(kv.write("config", """
                {"cas_required": "maybe"}""").status()).isEqualTo(400);
        assertThat(kv.read("config").get("max_versions")).isEqualTo(0);
    }

    @Test
    void configCannotBeDeleted() {
        assertThat(kv.delete("config").status()).isEqualTo(405);
    }
}
