package org.flowvault.platform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever text a flow document holds, parsing and evaluating it terminates with a value or an
 * {@link ExpressionException}, and never runs anything: no class outside the JSON value types can
 * come out of an evaluation, and no exception other than the documented one escapes.
 */
class ExpressionProperties {
    private static final Bindings BINDINGS = new Bindings(
            Map.of("a", "text", "n", 2L, "l", List.of(1L, 2L), "m", Map.of("k", "v")),
            Map.of("s", Map.of("status", "succeeded", "outputs", Map.of("x", List.of(Map.of("y", "z"))))));

    @Provide
    Arbitrary<String> expressionish() {
        Arbitrary<String> tokens = Arbitraries.of("inputs", "steps", ".", "a", "n", "l", "m", "s", "outputs", "x", "y", "[", "]", "(", ")",
                "0", "-1", "1.5", "'q'", "\"w\"", "==", "!=", "&&", "||", "!", "<", ">=", ",", "default", "json", "lower", "upper", "length",
                "contains", "string", "true", "null", " ", "${{", "}}", "exec", "getClass", "java.lang.Runtime", "'", "\\", "$");
        return tokens.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void structuredNoiseParsesOrFailsCleanlyAndEvaluatesToJsonValues(@ForAll("expressionish") String body) {
        check("${{ " + body + " }}");
        check(body);
    }

    @Property(tries = 2000)
    void arbitraryTextNeverEscapesTheLanguage(@ForAll String text) {
        check(text);
        check("${{" + text + "}}");
    }

    private static void check(String text) {
        FlowTemplate t;
        try {
            t = FlowTemplate.parse(text);
        } catch (ExpressionException e) {
            assertThat(e.column()).isPositive();
            return;
        }
        try {
            assertJsonLike(t.evaluate(BINDINGS));
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).startsWith("expression `");
        }
    }

    private static void assertJsonLike(Object v) {
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(ExpressionProperties::assertJsonLike);
        } else if (v instanceof List<?> l) {
            l.forEach(ExpressionProperties::assertJsonLike);
        } else if (v != null) {
            assertThat(v).isInstanceOfAny(String.class, Long.class, Double.class, Boolean.class);
        }
    }
}
