package org.flowvault.platform.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The flat Aho–Corasick automaton replaces exactly what a naive search replaces: every occurrence
 * of every pattern, compared folded (case, {@code -}/{@code _}), merged when overlapping or
 * adjacent. A small alphabet makes overlaps, shared prefixes and failure links the common case.
 */
class AutomatonProperties {

    @Provide
    Arbitrary<List<String>> patterns() {
        return word(1, 6).list().ofMinSize(0).ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> text() {
        return word(0, 60);
    }

    private static Arbitrary<String> word(int min, int max) {
        return Arbitraries.strings().withChars('a', 'A', 'b', 'B', 'c', '-', '_', 'é', 'É', ' ').ofMinLength(min).ofMaxLength(max);
    }

    @Property(tries = 2000)
    void replacesWhatANaiveSearchFinds(@ForAll("patterns") List<String> patterns, @ForAll("text") String text) {
        assertThat(new Automaton(patterns).replace(text, "*")).isEqualTo(naive(patterns, text));
        assertThat(new Automaton(patterns).occursIn(text)).isEqualTo(!naive(patterns, text).equals(text));
    }

    @Property(tries = 1000)
    void spansOfSeveralAutomataMergeAsOneAutomatonWould(@ForAll("patterns") List<String> first, @ForAll("patterns") List<String> second,
                                                         @ForAll("text") String text) {
        Automaton.Spans spans = new Automaton(first).collect(text, null);
        if (spans != null) {
            spans.nextScan();
        }
        spans = new Automaton(second).collect(text, spans);
        String merged = spans == null ? text : spans.apply(text, "*");
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(merged).isEqualTo(naive(all, text));
    }

    private static String naive(List<String> patterns, String text) {
        String folded = Automaton.fold(text);
        boolean[] covered = new boolean[text.length()];
        for (String p : patterns) {
            String f = Automaton.fold(p);
            if (f.isEmpty()) {
                continue;
            }
            for (int i = folded.indexOf(f); i >= 0; i = folded.indexOf(f, i + 1)) {
                for (int j = i; j < i + f.length(); j++) {
                    covered[j] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (!covered[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !covered[i - 1]) {
                out.append('*');
            }
        }
        return out.toString();
    }
}
