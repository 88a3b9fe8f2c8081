package org.flowvault.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Vault paths stay in their mount and fit Vault's file storage; problems never quote the path. */
class VaultPathsTest {

    @Test
    void pathsThatClimbOrHoldUnsafeCharactersAreRefusedWithoutQuotingThem() {
        for (String path : List.of("secret/data/../../sys/seal", "secret/./x", "..", "secret//x", "secret/a\u0000b", "secret/a\u0085b",
                "secret/p\u202Eevil", "secret/a\u2067b", "secret/x?list=true", "secret/x#frag", "")) {
            assertThat(VaultPaths.problem(path)).as(path).isPresent();
            if (path.length() > 2) {
                assertThat(VaultPaths.problem(path).orElseThrow()).doesNotContain(path);
            }
        }
    }

    @Test
    void segmentsAndPathsAreLimitedInUtf8Bytes() {
        assertThat(VaultPaths.problem("secret/" + "s".repeat(128))).isEmpty();
        assertThat(VaultPaths.problem("secret/" + "s".repeat(129))).contains("a path segment is 129 bytes long; the limit is 128 bytes (UTF-8)");
        assertThat(VaultPaths.problem("secret/" + "é".repeat(65))).contains("a path segment is 130 bytes long; the limit is 128 bytes (UTF-8)");
        assertThat(VaultPaths.problem(String.join("/", java.util.Collections.nCopies(205, "abcd")))).as("1024 bytes").isEmpty();
        assertThat(VaultPaths.problem(String.join("/", java.util.Collections.nCopies(206, "abcd"))))
                .contains("the path is 1029 bytes long; the limit is 1024 bytes (UTF-8)");
        assertThat(VaultPaths.problem("secret/data/team a/é/x.y-z_1")).isEmpty();
    }
}
