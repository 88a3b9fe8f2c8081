package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowvault.vault.server.policy.Operation;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.Test;

class KvBackendsTest {

    @Test
    void versionOptionTwoMountsTheVersionedEngine() {
        KvFixture kv = KvFixture.withOptions("2");

        assertThat(kv.write("data/k", """
                {"data": {"a": 1}}""").get("version")).isEqualTo(1);
    }

    @Test
    void noVersionOptionMountsTheUnversionedEngine() {
        KvFixture kv = KvFixture.withOptions(null);

        kv.write("data/k", """
                {"a": 1}""");

        assertThat(kv.read("data/k").data()).containsEntry("a", 1);
    }

    @Test
    void v1StylePathsOnAVersionedMountAre404WithVaultsHint() {
        KvFixture kv = KvFixture.v2();

        Reply read = kv.read("app/db");
        Reply write = kv.write("app/db", """
                {"a": 1}""");
        Reply list = kv.list("");

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.data()).isNull();
        assertThat(read.warnings()).containsExactly("Invalid path for a versioned K/V secrets engine. "
                + "See the API docs for the appropriate API endpoints to use. "
                + "If using the Vault CLI, use 'vault kv get' for this operation.");
        assertThat(write.warnings()).singleElement().asString().endsWith("use 'vault kv put' for this operation.");
        assertThat(list.warnings()).singleElement().asString().endsWith("use 'vault kv list' for this operation.");
        assertThat(kv.read("metadata/app/db").status()).isEqualTo(404);
    }

    @Test
    void unsupportedOperationsAre405() {
        KvFixture kv = KvFixture.v2();

        assertThat(kv.list("data/k").status()).isEqualTo(405);
        assertThat(kv.send(Operation.PATCH, "app/db", java.util.Map.of(), KvFixture.MERGE_PATCH).status()).isEqualTo(405);
    }
}
