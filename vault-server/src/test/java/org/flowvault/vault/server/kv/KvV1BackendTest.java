package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.Test;

class KvV1BackendTest {
    private final KvFixture kv = KvFixture.v1();

    @Test
    void writeThenReadReturnsTheSecretAsWritten() {
        Reply w = kv.write("app/db", """
                {"user": "admin", "port": 5432, "tls": true, "hosts": ["a", "b"]}""");

        Reply r = kv.read("app/db");

        assertThat(w.status()).isEqualTo(204);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data()).isEqualTo(Map.of("user", "admin", "port", 5432, "tls", true, "hosts", List.of("a", "b")));
        assertThat(r.renewable()).isFalse();
    }

    @Test
    void leaseDurationIsTheMountDefaultTtl() {
        kv.write("k", """
                {"a": "b"}""");

        assertThat(kv.read("k").leaseDuration()).isEqualTo(2_764_800);
        KvFixture tuned = KvFixture.v1WithTtls(3600, 0);
        tuned.write("k", """
                {"a": "b"}""");
        assertThat(tuned.read("k").leaseDuration()).isEqualTo(3600);
    }

    @Test
    void aTtlKeyInTheSecretSetsTheLeaseDuration() {
        kv.write("ttl", """
                {"a": "b", "ttl": "1h"}""");
        kv.write("lease", """
                {"a": "b", "lease": 120}""");
        kv.write("bad", """
                {"a": "b", "ttl": "whenever"}""");

        assertThat(kv.read("ttl").leaseDuration()).isEqualTo(3600);
        assertThat(kv.read("ttl").data()).containsEntry("ttl", "1h");
        assertThat(kv.read("lease").leaseDuration()).isEqualTo(120);
        assertThat(kv.read("bad").leaseDuration()).isEqualTo(2_764_800);
    }

    @Test
    void theMountMaxTtlCapsTheLeaseDuration() {
        KvFixture capped = KvFixture.v1WithTtls(60, 600);
        capped.write("k", """
                {"ttl": "2h"}""");

        assertThat(capped.read("k").leaseDuration()).isEqualTo(600);
    }

    @Test
    void writeReplacesTheWholeSecret() {
        kv.write("k", """
                {"a": "1", "b": "2"}""");
        kv.write("k", """
                {"c": "3"}""");

        assertThat(kv.read("k").data()).isEqualTo(Map.of("c", "3"));
    }

    @Test
    void readOfAMissingPathIsABare404() {
        Reply r = kv.read("nothing");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void writeWithoutFieldsIsRejected() {
        Reply r = kv.write("k", "{}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("missing data fields");
    }

    @Test
    void deleteRemovesTheSecret() {
        kv.write("k", """
                {"a": "b"}""");

        assertThat(kv.delete("k").status()).isEqualTo(204);
        assertThat(kv.read("k").status()).isEqualTo(404);
        assertThat(kv.delete("k").status()).isEqualTo(204);
    }

    @Test
    void listShowsKeysAndFolders() {
        for (String path : List.of("app/db", "app/api", "app/x/y", "top")) {
            kv.write(path, """
                    {"a": "b"}""");
        }

        assertThat(kv.list("").get("keys")).isEqualTo(List.of("app/", "top"));
        assertThat(kv.list("app/").get("keys")).isEqualTo(List.of("api", "db", "x/"));
        assertThat(kv.list("app").get("keys")).isEqualTo(List.of("api", "db", "x/"));
        assertThat(kv.list("none/").status()).isEqualTo(404);
    }

    @Test
    void existenceCheckSeparatesCreateFromUpdate() {
        assertThat(kv.exists("k")).isFalse();
        kv.write("k", """
                {"a": "b"}""");
        assertThat(kv.exists("k")).isTrue();
    }

    @Test
    void patchIsNotSupported() {
        kv.write("k", """
                {"a": "b"}""");

        assertThat(kv.patch("k", """
                {"a": "c"}""").status()).isEqualTo(405);
    }
}
