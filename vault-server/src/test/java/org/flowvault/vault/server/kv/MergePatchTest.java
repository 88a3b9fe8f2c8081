package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {

    /** The examples of RFC 7386, appendix A. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"b\"}                 | {\"a\":\"c\"}                 | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"b\":\"c\"}                 | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"a\":null}                  | {}",
            "{\"a\":\"b\",\"b\":\"c\"}     | {\"a\":null}                  | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}               | {\"a\":\"c\"}                 | {\"a\":\"c\"}",
            "{\"a\":\"c\"}                 | {\"a\":[\"b\"]}               | {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}         | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}       | {\"a\":[1]}                   | {\"a\":[1]}",
            "{\"e\":null}                  | {\"a\":1}                     | {\"e\":null,\"a\":1}",
            "{}                            | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}",
    })
    void appliesTheRfcExamples(String target, String patch, String expected) {
        assertThat(MergePatch.apply(KvFixture.parse(target.trim()), KvFixture.parse(patch.trim())))
                .isEqualTo(KvFixture.parse(expected.trim()));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void anEmptyPatchChangesNothing(@ForAll("documents") Map<String, Object> target) {
        assertThat(MergePatch.apply(target, Map.of())).isEqualTo(target);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void applyingAPatchTwiceIsLikeApplyingItOnce(@ForAll("documents") Map<String, Object> target,
            @ForAll("documents") Map<String, Object> patch) {
        Map<String, Object> once = MergePatch.apply(target, patch);

        assertThat(MergePatch.apply(once, patch)).isEqualTo(once);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void nullMembersRemoveKeysAndOthersAreSet(@ForAll("documents") Map<String, Object> target,
            @ForAll("documents") Map<String, Object> patch) {
        Map<String, Object> result = MergePatch.apply(target, patch);

        patch.forEach((key, value) -> {
            if (value == null) {
                assertThat(result).doesNotContainKey(key);
            } else if (!(value instanceof Map)) {
                assertThat(result).containsEntry(key, value);
            }
        });
        target.forEach((key, value) -> {
            if (!patch.containsKey(key)) {
                assertThat(result).containsEntry(key, value);
            }
        });
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void inputsAreNeverModified(@ForAll("documents") Map<String, Object> target,
            @ForAll("documents") Map<String, Object> patch) {
        String before = target.toString() + patch;

        MergePatch.apply(target, patch);

        assertThat(target.toString() + patch).isEqualTo(before);
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        return document(3);
    }

    private Arbitrary<Map<String, Object>> document(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(3).map(s -> (Object) s),
                Arbitraries.integers().between(-5, 5).map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                Arbitraries.integers().between(0, 2).list().ofMaxSize(2).map(l -> (Object) List.copyOf(l)));
        Arbitrary<Object> value = depth == 0 ? scalar
                : Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, scalar),
                        net.jqwik.api.Tuple.of(1, document(depth - 1).map(m -> (Object) m)));
        return Arbitraries.maps(Arbitraries.of("a", "b", "c", "d"), value).ofMaxSize(4)
                .map(m -> {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    copy.putAll(new HashMap<>(m));
                    return copy;
                });
    }
}
