package org.flowvault.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule for pinned versions: a trailing {@code @N} pins, {@code @latest} unpins, any other '@' is part of the path. */
class PinnedVersionTest {

    @Test
    void aTrailingAtAndDigitsPinsThatVersion() {
        assertThat(VaultPaths.pin("secret/db@3")).isEqualTo(new VaultPaths.Pinned("secret/db", 3));
        assertThat(VaultPaths.pin("secret/data/db@12")).isEqualTo(new VaultPaths.Pinned("secret/data/db", 12));
        assertThat(VaultPaths.pin("secret/db")).isEqualTo(new VaultPaths.Pinned("secret/db", 0));
    }

    @Test
    void anAtThatIsNotATrailingVersionIsPartOfThePath() {
        for (String path : List.of("secret/user@example.com", "secret/team@corp/db", "secret/db@", "secret/@3", "secret/db@3x", "secret/db@v3")) {
            assertThat(VaultPaths.pin(path)).as(path).isEqualTo(new VaultPaths.Pinned(path, 0));
            assertThat(VaultPaths.problem(path)).as(path).isEmpty();
        }
    }

    @Test
    void aSecretWhoseNameEndsLikeAPinIsNamedWithLatestOrPinnedOnTopOfIt() {
        assertThat(VaultPaths.pin("secret/build@5@latest")).isEqualTo(new VaultPaths.Pinned("secret/build@5", 0));
        assertThat(VaultPaths.pin("secret/build@5@2")).isEqualTo(new VaultPaths.Pinned("secret/build@5", 2));
        assertThat(new VaultPaths.Pinned("secret/build@5", 0).text()).isEqualTo("secret/build@5@latest");
        assertThat(new VaultPaths.Pinned("secret/db", 0).text()).isEqualTo("secret/db");
        assertThat(new VaultPaths.Pinned("secret/db", 7).text()).isEqualTo("secret/db@7");
        for (String text : List.of("secret/build@5@latest", "secret/db@7", "secret/db", "secret/x@latest@latest")) {
            VaultPaths.Pinned p = VaultPaths.pin(text);
            assertThat(VaultPaths.pin(p.text())).as(text).isEqualTo(p);
        }
    }

    @Test
    void versionZeroOrAnOverlongVersionIsRefusedWithoutQuotingThePath() {
        for (String path : List.of("secret/db@0", "secret/db@000", "secret/db@1234567890123456789")) {
            assertThat(VaultPaths.problem(path)).as(path)
                    .contains("a version pinned after '@' must be a number from 1 (such as secret/db@3), at most 18 digits");
        }
    }

    @Test
    void referencesCarryThePinInTheirPathInEveryForm() {
        assertThat(ReferenceTemplate.parse("vault.secret(cfg:secret/db@3.password)").references())
                .containsExactly(new Reference.PathKey("cfg", "secret/db@3", "password", false));
        assertThat(ReferenceTemplate.parse("vault://cfg:secret/data/db@3/password").references())
                .containsExactly(new Reference.PathKey("cfg", "secret/data/db@3", "password", true));
        assertThat(VaultPaths.pin(((Reference.PathKey) ReferenceTemplate.parse("vault.secret(:secret/user@example\\.com.password)").references().getFirst())
                .path()).version()).isZero();
    }
}
