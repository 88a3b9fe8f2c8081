package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code path@N} reads version N over real HTTP; a version that is gone is a clear error naming path and version, never a value. */
class PinnedVersionResolutionTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aPinnedVersionResolvesAfterTheSecretChangedAndBesideTheLatest() {
        h.vault.root.kv("secret").put("pinned", Map.of("password", "first"));
        h.vault.root.kv("secret").put("pinned", Map.of("password", "second"));
        Connection c = h.connection("old: vault.secret(:secret/pinned@1.password)\nnow: vault.secret(:secret/data/pinned.password)\n"
                + "full: vault://secret/data/pinned@1/password\n", "secret/data/pinned@1");

        Resolution r = h.resolver.resolve(c, h.alice, null);

        assertThat(r.inputs()).containsEntry("old", "first").containsEntry("now", "second").containsEntry("full", "first")
                .containsEntry("password", "first");
        h.vault.root.kv("secret").put("pinned", Map.of("password", "third"));
        assertThat(h.resolver.resolve(c, h.alice, null).inputs()).as("version 1 is cached apart from the latest")
                .containsEntry("old", "first");
    }

    @Test
    void aVersionThatWasNeverWrittenIsNotFoundNamingPathAndVersion() {
        h.vault.root.kv("secret").put("short", Map.of("password", "only-version"));
        Connection c = h.connection("", "secret/data/short@7");

        assertThatThrownBy(() -> h.resolver.resolve(c, h.alice, null))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("secret/data/short@7").hasMessageContaining("version 7 does not exist")
                .hasMessageNotContaining("only-version");
    }

    @Test
    void aDestroyedOrDeletedVersionIsNotFoundSayingWhatHappenedToIt() {
        h.vault.root.kv("secret").put("burnt", Map.of("password", "burnt-value"));
        h.vault.root.kv("secret").put("burnt", Map.of("password", "kept-value"));
        h.vault.root.kvV2("secret").destroy("burnt", 1);
        h.vault.root.kv("secret").put("soft", Map.of("password", "soft-value"));
        h.vault.root.kv("secret").put("soft", Map.of("password", "soft-2"));
        h.vault.root.kvV2("secret").deleteVersions("soft", 1);

        assertThatThrownBy(() -> h.resolver.resolve(h.connection("", "secret/burnt@1"), h.alice, null))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("secret/burnt@1").hasMessageContaining("version 1 was destroyed").hasMessageNotContaining("burnt-value");
        assertThatThrownBy(() -> h.resolver.resolve(h.connection("", "secret/soft@1"), h.alice, null))
                .hasMessageContaining("version 1 was deleted").hasMessageNotContaining("soft-value");
    }

    @Test
    void aPinOnAKvVersionOneMountIsRefusedAsInvalid() {
        h.vault.mount("plain", "kv", "1");
        h.vault.root.kv("plain").put("app", Map.of("k", "v1-value"));

        assertThatThrownBy(() -> h.resolver.resolve(h.connection("", "plain/app@1"), h.alice, null))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("KV version 1").hasMessageContaining("@1").hasMessageNotContaining("v1-value");
    }

    @Test
    void anAtInsideAPathIsPartOfTheName() {
        h.vault.root.kv("secret").put("team@corp/db", Map.of("k", "team"));
        h.vault.root.kv("secret").put("build@5", Map.of("k", "literal"));

        assertThat(h.resolver.resolve(h.connection("", "secret/team@corp/db", "secret/build@5@latest"), h.alice, null).inputs())
                .containsEntry("k", "literal");
        assertThat(h.resolver.resolve(h.connection("", "secret/build@5@1"), h.alice, null).inputs()).containsEntry("k", "literal");
    }
}
