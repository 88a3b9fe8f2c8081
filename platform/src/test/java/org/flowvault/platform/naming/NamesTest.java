package org.flowvault.platform.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowvault.platform.error.PlatformException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One rule for every kind of name: a safe character set, a length limit, and messages that never repeat the name. */
class NamesTest {
    private static final List<String> HOSTILE = List.of("", "a/b", "..", "a..b", ".x", "-x", "_x", "p\u202Eevil", "a\u2066b", "nul\u0000",
            "line\nbreak", "tab\tx", " x", "x ", "a:b", "a%2Fb", "é", "a\\b", "a?b", "a#b");

    @ParameterizedTest
    @EnumSource(Names.Kind.class)
    void hostileNamesAreRefusedNamingTheKindAndTheRuleButNotTheName(Names.Kind kind) {
        for (String name : HOSTILE) {
            assertThatThrownBy(() -> Names.require(kind, name)).as("%s %s", kind, name)
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID))
                    .hasMessageContaining(kind.label()).hasMessageContaining(kind.rule());
            if (name.length() > 2 && !kind.rule().contains(name)) {
                assertThat(Names.problem(kind, name).orElseThrow()).doesNotContain(name);
            }
        }
        assertThat(Names.isValid(kind, "x".repeat(kind.maxLength()))).isTrue();
        assertThat(Names.isValid(kind, "x".repeat(kind.maxLength() + 1))).isFalse();
        assertThat(Names.isValid(kind, "Team-7_prod")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Names.Kind.class)
    void dotsAreForEveryNameButVaultConfigurationsAndAtSignsOnlyForUsers(Names.Kind kind) {
        assertThat(Names.isValid(kind, "a.b")).isEqualTo(kind != Names.Kind.VAULT_CONFIGURATION);
        assertThat(Names.isValid(kind, "ann@example.com")).isEqualTo(kind == Names.Kind.USER);
    }
}
