package org.flowvault.vault.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.flowvault.vault.server.policy.Operation;

class AclPropertiesTest {
    private static final List<String> CAPABILITIES = List.of("create", "read", "update", "delete", "list", "sudo", "patch");

    @Provide
    Arbitrary<String> segment() {
        return Arbitraries.of("a", "b", "c", "data", "team-x");
    }

    @Provide
    Arbitrary<List<String>> paths() {
        return segment().list().ofMinSize(1).ofMaxSize(4);
    }

    /** A random rule pattern: exact, glob, or with '+' segments, over a tiny alphabet so they collide. */
    @Provide
    Arbitrary<PathRule> rules() {
        Arbitrary<String> part = Arbitraries.frequencyOf(
                Tuple.of(4, segment()), Tuple.of(1, Arbitraries.just("+")));
        Arbitrary<String> pattern = Combinators.combine(part.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of("", "*", "/*"))
                .as((parts, tail) -> String.join("/", parts) + tail)
                .filter(p -> !p.contains("+*"));
        Arbitrary<List<String>> caps = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(CAPABILITIES).set().ofMinSize(1).map(List::copyOf)),
                Tuple.of(1, Arbitraries.just(List.of("deny"))));
        return Combinators.combine(pattern, caps).as((p, c) -> PathRule.of(p, c));
    }

    @Provide
    Arbitrary<List<PathRule>> ruleLists() {
        return rules().list().ofMaxSize(8);
    }

    private static Acl aclOf(List<PathRule> rules) {
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            policies.add(new Policy("p" + i, "", List.of(rules.get(i))));
        }
        return Acl.of(policies);
    }

    @Property
    void policyOrderNeverChangesAnyDecision(@ForAll("ruleLists") List<PathRule> rules,
            @ForAll("paths") List<String> path, @ForAll long seed) {
        List<PathRule> shuffled = new ArrayList<>(rules);
        Collections.shuffle(shuffled, new Random(seed));
        String p = String.join("/", path);

        assertThat(aclOf(shuffled).capabilities(p)).isEqualTo(aclOf(rules).capabilities(p));
        assertThat(aclOf(shuffled).capabilities(p + "/")).isEqualTo(aclOf(rules).capabilities(p + "/"));
    }

    @Property
    void anExactRuleAloneDecidesItsPathWhateverElseMatches(@ForAll("ruleLists") List<PathRule> others,
            @ForAll("paths") List<String> path, @ForAll("rules") PathRule exactCaps) {
        String p = String.join("/", path);
        List<PathRule> rules = new ArrayList<>(others);
        rules.removeIf(r -> r.path().equals(p));
        rules.add(PathRule.of(p, exactCaps.capabilities()));

        List<String> expected = exactCaps.denies()
                ? List.of("deny") : exactCaps.capabilities().stream().sorted().toList();
        assertThat(aclOf(rules).capabilities(p)).isEqualTo(expected);
    }

    @Property
    void denyOnAPatternInAnyPolicyDeniesEveryPathThatPatternDecides(@ForAll("rules") PathRule rule,
            @ForAll("paths") List<String> path) {
        String p = String.join("/", path);
        Acl granting = aclOf(List.of(rule));
        Acl withDeny = aclOf(List.of(rule, PathRule.of(rule.path(), List.of("deny"))));

        if (!granting.capabilities(p).equals(List.of("deny"))) {
            assertThat(withDeny.capabilities(p)).containsExactly("deny");
            for (Operation op : Operation.values()) {
                assertThat(withDeny.allowed(p, op)).isFalse();
            }
        }
    }

    @Property
    void aLoneGlobCoversExactlyThePathsStartingWithItsPrefix(@ForAll("paths") List<String> prefix,
            @ForAll("paths") List<String> path) {
        String globPrefix = String.join("/", prefix);
        String p = String.join("/", path);
        Acl acl = aclOf(List.of(PathRule.of(globPrefix + "*", List.of("read"))));

        assertThat(acl.allowed(p, Operation.READ)).isEqualTo(p.startsWith(globPrefix));
    }

    @Property
    void plusMatchesAnyOneSegmentAndNothingMore(@ForAll("paths") List<String> path, @ForAll("paths") List<String> extra) {
        String pattern = "x/+/" + String.join("/", path);
        Acl acl = aclOf(List.of(PathRule.of(pattern, List.of("read"))));

        for (String s : List.of("a", "any-thing", "")) {
            assertThat(acl.allowed("x/" + s + "/" + String.join("/", path), Operation.READ)).isTrue();
        }
        assertThat(acl.allowed("x/a/b/" + String.join("/", path), Operation.READ)).isFalse();
        assertThat(acl.allowed("x/a/" + String.join("/", path) + "/" + String.join("/", extra), Operation.READ)).isFalse();
    }

    @Property
    void capabilitiesAreAlwaysSortedAndDenyIsAlwaysAlone(@ForAll("ruleLists") List<PathRule> rules,
            @ForAll("paths") List<String> path) {
        List<String> caps = aclOf(rules).capabilities(String.join("/", path));

        assertThat(caps).isSorted().doesNotHaveDuplicates().isNotEmpty();
        if (caps.contains("deny")) {
            assertThat(caps).containsExactly("deny");
        }
    }
}
