package org.flowvault.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReferenceTemplatePropertiesTest {

    /** Text rich in the characters the grammar cares about, so markers and escapes appear often. */
    @Provide
    Arbitrary<String> tricky() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("vault.secret(", "vault://", "\\", "\\\\", ")", "(", ".", "/", ":", "vault", "secret", " ", "x"),
                Arbitraries.strings().ofMaxLength(4));
        return pieces.list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("\\", ".", "/", ":", "(", ")", "vault.secret(", "a", "key", " ", "é"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(3));
        return pieces.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l));
    }

    /** Configuration names follow the name rule (no escapes needed); paths follow {@link VaultPaths} (any character but a few). */
    @Provide
    Arbitrary<Reference> references() {
        Arbitrary<String> config = Arbitraries.strings().withCharRange('a', 'z').withChars('0', '9', '_', '-').ofMinLength(1).ofMaxLength(8)
                .filter(c -> Character.isLetterOrDigit(c.charAt(0))).injectNull(0.3);
        Arbitrary<String> path = names().list().ofMinSize(1).ofMaxSize(3)
                .map(l -> String.join("/", l.stream().map(s -> s.replace("/", "_")).toList()))
                .filter(p -> VaultPaths.problem(p).isEmpty());
        return Arbitraries.oneOf(
                names().map(Reference.AttachedKey::new),
                Combinators.combine(config, path, names()).as((c, p, k) -> new Reference.PathKey(c, p, k, false)));
    }

    @Property
    void escapedLiteralTextParsesBackToItselfWithNoReference(@ForAll("tricky") String text) {
        ReferenceTemplate t = ReferenceTemplate.parse(ReferenceTemplate.escapeLiteral(text));
        assertThat(t.isLiteral()).isTrue();
        assertThat(t.render(r -> {
            throw new AssertionError("a literal must not look anything up");
        })).isEqualTo(text);
    }

    @Property
    void textWithoutMarkersIsNeverInterpreted(@ForAll String text) {
        org.junit.jupiter.api.Assumptions.assumeFalse(text.contains("vault.secret(") || text.contains("vault://"));
        ReferenceTemplate t = ReferenceTemplate.parse(text);
        assertThat(t.isLiteral()).isTrue();
        assertThat(t.render(r -> null)).isEqualTo(text);
    }

    @Property
    void everyReferenceRoundTripsThroughItsText(@ForAll("references") Reference ref) {
        ReferenceTemplate t = ReferenceTemplate.parse(ref.text());
        assertThat(t.whole()).isEqualTo(ref);
    }

    @Property
    void mixedTemplatesRoundTripThroughTheirText(@ForAll("tricky") String a, @ForAll("references") Reference r1,
                                                  @ForAll("tricky") String b, @ForAll("references") Reference r2,
                                                  @ForAll("tricky") String c) {
        List<Object> parts = new ArrayList<>(List.of(a, r1, b, r2, c));
        ReferenceTemplate original = ReferenceTemplate.of(parts);
        ReferenceTemplate back = ReferenceTemplate.parse(original.text());
        assertThat(back).isEqualTo(original);
    }

    @Property
    void fullPathReferencesRoundTrip(@ForAll("names") String mount, @ForAll("names") String key, @ForAll boolean withConfig) {
        org.junit.jupiter.api.Assumptions.assumeTrue(VaultPaths.problem(mount.replace("/", "_")).isEmpty());
        Reference.PathKey ref = new Reference.PathKey(withConfig ? "prod" : null, mount.replace("/", "_") + "/data/app", key, true);
        assertThat(ReferenceTemplate.parse(ref.text()).whole()).isEqualTo(ref);
    }

    @Property
    void parsingArbitraryTextEitherSucceedsOrFailsWithoutEchoingIt(@ForAll("tricky") String text) {
        try {
            ReferenceTemplate t = ReferenceTemplate.parse(text);
            assertThat(t.parts()).isNotNull();
        } catch (ReferenceSyntaxException e) {
            assertThat(e.getMessage()).startsWith("malformed reference at column ");
            assertThat(e.column()).isBetween(1, Math.max(1, text.length()));
        }
    }
}
