package org.flowvault.vault.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.policy.Operation.CREATE;
import static org.flowvault.vault.server.policy.Operation.DELETE;
import static org.flowvault.vault.server.policy.Operation.LIST;
import static org.flowvault.vault.server.policy.Operation.PATCH;
import static org.flowvault.vault.server.policy.Operation.READ;
import static org.flowvault.vault.server.policy.Operation.UPDATE;

import java.util.Arrays;
import java.util.List;
import org.flowvault.vault.server.policy.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclTest {

    static Acl acl(String... policyTexts) {
        return Acl.of(Arrays.stream(policyTexts).map(t -> PolicyParser.parse("p", t)).toList());
    }

    static String rule(String path, String... capabilities) {
        return "path \"" + path + "\" { capabilities = [\"" + String.join("\", \"", capabilities) + "\"] }\n";
    }

    @Test
    void exactRuleGrantsOnlyItsPathAndOnlyItsCapabilities() {
        Acl acl = acl(rule("secret/foo", "read"));

        assertThat(acl.allowed("secret/foo", READ)).isTrue();
        assertThat(acl.allowed("secret/foo", UPDATE)).isFalse();
        assertThat(acl.allowed("secret/foo/bar", READ)).isFalse();
        assertThat(acl.allowed("secret/fo", READ)).isFalse();
    }

    @Test
    void globRuleMatchesEveryPathStartingWithItsPrefix() {
        Acl acl = acl(rule("secret/fo*", "read"));

        assertThat(acl.allowed("secret/fo", READ)).isTrue();
        assertThat(acl.allowed("secret/foo", READ)).isTrue();
        assertThat(acl.allowed("secret/food/bar/baz", READ)).isTrue();
        assertThat(acl.allowed("secret/f", READ)).isFalse();
    }

    @Test
    void globAfterSlashDoesNotMatchThePathWithoutTheSlash() {
        Acl acl = acl(rule("secret/*", "read"));

        assertThat(acl.allowed("secret/", READ)).isTrue();
        assertThat(acl.allowed("secret", READ)).isFalse();
    }

    @Test
    void exactRuleWinsOverAMatchingGlob() {
        // the example from Vault's policy documentation
        Acl acl = acl(rule("secret/*", "create", "read", "update") + rule("secret/super-secret", "deny")
                + rule("secret/foo", "read"));

        assertThat(acl.allowed("secret/foo", READ)).isTrue();
        assertThat(acl.allowed("secret/foo", UPDATE)).isFalse();
        assertThat(acl.allowed("secret/super-secret", READ)).isFalse();
        assertThat(acl.allowed("secret/other", UPDATE)).isTrue();
    }

    @Test
    void longestGlobWins() {
        Acl acl = acl(rule("secret/*", "read"), rule("secret/team/*", "list"));

        assertThat(acl.capabilities("secret/team/x")).containsExactly("list");
        assertThat(acl.capabilities("secret/other")).containsExactly("read");
    }

    @Test
    void plusMatchesExactlyOneWholeSegment() {
        Acl acl = acl(rule("secret/+/teamb", "read"));

        assertThat(acl.allowed("secret/foo/teamb", READ)).isTrue();
        assertThat(acl.allowed("secret/bar/teamb", READ)).isTrue();
        assertThat(acl.allowed("secret/foo/bar/teamb", READ)).isFalse();
        assertThat(acl.allowed("secret/foo/teamb/x", READ)).isFalse();
        assertThat(acl.allowed("secret/foo", READ)).isFalse();
    }

    @Test
    void plusCombinesWithATrailingGlob() {
        Acl acl = acl(rule("+/data/team-*", "read"));

        assertThat(acl.allowed("secret/data/team-a", READ)).isTrue();
        assertThat(acl.allowed("kv/data/team-b/deep/path", READ)).isTrue();
        assertThat(acl.allowed("kv/metadata/team-a", READ)).isFalse();
        assertThat(acl.allowed("kv/data/other", READ)).isFalse();
    }

    @Test
    void plusAloneMatchesAnySingleSegmentPath() {
        Acl acl = acl(rule("+", "read"));

        assertThat(acl.allowed("anything", READ)).isTrue();
        assertThat(acl.allowed("two/segments", READ)).isFalse();
    }

    /** Each row: two rules that both match the path; the first one must win. From acl.go's ordering. */
    @ParameterizedTest(name = "{1} beats {2} for {0}")
    @CsvSource({
        // the first wildcard or glob coming later wins
        "foo/abc,          foo/a*,          foo/+",
        "foo/bar/bar/baz,  foo/bar/+/baz,   foo/+/bar/baz",
        "secret/x/y,       secret/x/*,      secret/+/y",
        // then: not ending in a glob beats ending in one
        "foo/x/bar,        foo/+/bar,       foo/+/ba*",
        "foo/x,            foo/+,           foo/*",
        // then: fewer + segments
        "a/b/c/d,          a/+/c/+,         a/+/+/+",
        // then: the longer pattern
        "foo/x/bar/baz,    foo/+/bar/ba*,   foo/+/bar/b*",
    })
    void priorityMatchingPicksTheRuleVaultPicks(String path, String winner, String loser) {
        Acl forward = acl(rule(winner, "read") + rule(loser, "update"));
        Acl reversed = acl(rule(loser, "update") + rule(winner, "read"));

        assertThat(forward.capabilities(path)).containsExactly("read");
        assertThat(reversed.capabilities(path)).containsExactly("read");
    }

    @Test
    void theWinningRuleAloneDecidesSoABroaderGrantDoesNotLeakThrough() {
        Acl acl = acl(rule("secret/*", "read", "update"), rule("secret/+/locked", "list"));

        assertThat(acl.allowed("secret/a/locked", LIST)).isTrue();
        assertThat(acl.allowed("secret/a/locked", READ)).isFalse();
    }

    @Test
    void rulesForTheSamePatternInSeveralPoliciesAreUnited() {
        Acl acl = acl(rule("secret/*", "read"), rule("secret/*", "update"), rule("secret/*", "list"));

        assertThat(acl.capabilities("secret/x")).containsExactly("list", "read", "update");
    }

    @Test
    void denyOnAPatternBeatsGrantsForThatPatternInAnyPolicyAndOrder() {
        assertThat(acl(rule("secret/*", "read"), rule("secret/*", "deny")).allowed("secret/x", READ)).isFalse();
        assertThat(acl(rule("secret/*", "deny"), rule("secret/*", "read")).allowed("secret/x", READ)).isFalse();
        assertThat(acl(rule("secret/+", "deny"), rule("secret/+", "sudo")).sudo("secret/x")).isFalse();
    }

    @Test
    void denyOnABroaderPatternDoesNotBlockAMoreSpecificGrant() {
        Acl acl = acl(rule("secret/*", "deny"), rule("secret/public/*", "read"));

        assertThat(acl.allowed("secret/public/info", READ)).isTrue();
        assertThat(acl.allowed("secret/private", READ)).isFalse();
    }

    @Test
    void exactAndGlobRulesForTheSameTextAreDifferentPatterns() {
        Acl acl = acl(rule("secret/foo", "read"), rule("secret/foo*", "deny"));

        assertThat(acl.allowed("secret/foo", READ)).isTrue();
        assertThat(acl.allowed("secret/foobar", READ)).isFalse();
    }

    @Test
    void capabilitiesAreSortedNamesOrDenyOrRoot() {
        Acl acl = acl(rule("secret/*", "update", "read", "sudo", "create", "list", "delete", "patch"),
                rule("secret/no", "deny"));

        assertThat(acl.capabilities("secret/x"))
                .containsExactly("create", "delete", "list", "patch", "read", "sudo", "update");
        assertThat(acl.capabilities("secret/no")).containsExactly("deny");
        assertThat(acl.capabilities("elsewhere")).containsExactly("deny");
        assertThat(Acl.root().capabilities("anything")).containsExactly("root");
    }

    @Test
    void listOfAPathWithTrailingSlashMatchesARuleWrittenWithoutIt() {
        Acl acl = acl(rule("secret/metadata", "list"), rule("+/sys/policies/acl", "list"));

        assertThat(acl.allowed("secret/metadata/", LIST)).isTrue();
        assertThat(acl.allowed("secret/metadata/", READ)).isFalse();
        assertThat(acl.allowed("ns1/sys/policies/acl/", LIST)).isTrue();
        assertThat(acl.capabilities("secret/metadata/")).containsExactly("list");
    }

    @Test
    void sudoFollowsTheMatchingRule() {
        Acl acl = acl(rule("sys/*", "read"), rule("sys/audit", "read", "sudo"));

        assertThat(acl.sudo("sys/audit")).isTrue();
        assertThat(acl.sudo("sys/mounts")).isFalse();
        assertThat(acl.sudo("nothing/here")).isFalse();
        assertThat(Acl.root().sudo("sys/raw")).isTrue();
    }

    @Test
    void rootAllowsEverythingAndAnEmptyAclNothing() {
        for (Operation op : Operation.values()) {
            assertThat(Acl.root().allowed("any/path", op)).isTrue();
            assertThat(Acl.of(List.of()).allowed("any/path", op)).isFalse();
        }
        assertThat(Acl.root().isRoot()).isTrue();
        assertThat(Acl.of(List.of()).isRoot()).isFalse();
    }

    @Test
    void aPolicyNamedRootMakesTheAclRoot() {
        Acl acl = Acl.of(List.of(new Policy("root", "", List.of()), PolicyParser.parse("x", rule("a", "deny"))));

        assertThat(acl.isRoot()).isTrue();
    }

    @Test
    void leadingSlashesInTheRequestPathAreIgnored() {
        assertThat(acl(rule("sys/mounts", "read")).allowed("//sys/mounts", READ)).isTrue();
    }

    @Test
    void eachOperationNeedsItsOwnCapability() {
        Acl acl = acl(rule("a", "create", "delete", "patch"));

        assertThat(acl.allowed("a", CREATE)).isTrue();
        assertThat(acl.allowed("a", DELETE)).isTrue();
        assertThat(acl.allowed("a", PATCH)).isTrue();
        assertThat(acl.allowed("a", UPDATE)).isFalse();
        assertThat(acl.allowed("a", READ)).isFalse();
        assertThat(acl.allowed("a", LIST)).isFalse();
    }

    @Test
    void anyAllowedUnderSeesGrantsBelowAMountPath() {
        assertThat(acl(rule("secret/data/app", "read")).anyAllowedUnder("secret/")).isTrue();
        assertThat(acl(rule("secret/data/*", "read")).anyAllowedUnder("secret")).isTrue();
        assertThat(acl(rule("secret*", "read")).anyAllowedUnder("secret/")).isTrue();
        assertThat(acl(rule("+/data/*", "read")).anyAllowedUnder("secret/")).isTrue();
        assertThat(acl(rule("secret/+/app", "read")).anyAllowedUnder("secret/")).isTrue();
        assertThat(Acl.root().anyAllowedUnder("secret/")).isTrue();
    }

    @Test
    void anyAllowedUnderIgnoresOtherMountsAndDenyOnlyRules() {
        assertThat(acl(rule("other/*", "read")).anyAllowedUnder("secret/")).isFalse();
        assertThat(acl(rule("secrets/*", "read")).anyAllowedUnder("secret/")).isFalse();
        assertThat(acl(rule("secret/*", "deny")).anyAllowedUnder("secret/")).isFalse();
        assertThat(acl(rule("kv/+/app", "read")).anyAllowedUnder("secret/")).isFalse();
        assertThat(Acl.of(List.of()).anyAllowedUnder("secret/")).isFalse();
    }
}
