package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.flowvault.vault.server.kv.KvFixture.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvV2SubkeysTest {
    private final KvFixture kv = KvFixture.v2();

    @BeforeEach
    void writeNestedSecret() {
        kv.write("data/k", """
                {"data": {"foo": "abc", "bar": {"baz": "def", "deeper": {"x": 1}}, "quux": {}, "list": [1, 2]}}""");
        kv.write("data/k", """
                {"data": {"only": "v2"}}""");
    }

    @Test
    void subkeysReplaceEveryLeafWithNull() {
        Reply r = kv.read("subkeys/k", "version", "1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map("subkeys")).isEqualTo(nulls(
                "foo", null, "bar", nulls("baz", null, "deeper", nulls("x", null)), "quux", null, "list", null));
        assertThat(r.map("metadata")).containsEntry("version", 1);
        assertThat(r.toString()).doesNotContain("abc", "def");
    }

    @Test
    void depthLimitsTheNesting() {
        Reply one = kv.read("subkeys/k", "version", "1", "depth", "1");
        Reply two = kv.read("subkeys/k", "version", "1", "depth", "2");

        assertThat(one.map("subkeys")).isEqualTo(nulls("foo", null, "bar", null, "quux", null, "list", null));
        assertThat(two.map("subkeys")).isEqualTo(nulls("foo", null, "bar", nulls("baz", null, "deeper", null), "quux", null, "list", null));
    }

    @Test
    void latestVersionByDefault() {
        assertThat(kv.read("subkeys/k").map("subkeys")).isEqualTo(nulls("only", null));
    }

    @Test
    void missingOrDeletedVersionsAre404() {
        kv.write("delete/k", """
                {"versions": [2]}""");
        kv.clock.advance(java.time.Duration.ofSeconds(1));

        Reply deleted = kv.read("subkeys/k");

        assertThat(kv.read("subkeys/none").status()).isEqualTo(404);
        assertThat(kv.read("subkeys/k", "version", "9").status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.data()).containsEntry("subkeys", null);
        assertThat(deleted.map("metadata")).containsEntry("version", 2);
    }

    private static Map<String, Object> nulls(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
