package org.flowvault.platform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {
    private final Bindings b = new Bindings(
            Map.of("name", "Ada", "count", 3L, "flag", true, "tags", List.of("x", "y")),
            Map.of("query", Map.of("status", "succeeded", "outputs", Map.of("rows", List.of(Map.of("name", "first"), Map.of("name", "second"))))));

    private Object eval(String template) {
        return FlowTemplate.parse(template).evaluate(b);
    }

    @Test
    void aWholeExpressionKeepsItsTypeAndEmbeddedOnesBecomeText() {
        assertThat(eval("${{ inputs.count }}")).isEqualTo(3L);
        assertThat(eval("${{ inputs.tags }}")).isEqualTo(List.of("x", "y"));
        assertThat(eval("hello ${{ inputs.name }}, you have ${{inputs.count}} items ${{ inputs.tags }}"))
                .isEqualTo("hello Ada, you have 3 items [\"x\",\"y\"]");
        assertThat(eval("no expressions here")).isEqualTo("no expressions here");
        assertThat(eval("${{ '${{' }} stays literal")).isEqualTo("${{ stays literal");
    }

    @Test
    void pathsReadStepOutputsWithIndexesAndMissingValuesAreNull() {
        assertThat(eval("${{ steps.query.outputs.rows[0].name }}")).isEqualTo("first");
        assertThat(eval("${{ steps.query.outputs.rows[-1]['name'] }}")).isEqualTo("second");
        assertThat(eval("${{ steps.query.outputs.rows[5].name }}")).isNull();
        assertThat(eval("${{ default(steps.query.outputs.missing, 'fallback') }}")).isEqualTo("fallback");
        assertThat(eval("${{ steps.query.status }}")).isEqualTo("succeeded");
    }

    @Test
    void operatorsAndFunctions() {
        assertThat(eval("${{ inputs.name == 'Ada' && inputs.count > 2 }}")).isEqualTo(true);
        assertThat(eval("${{ !(inputs.flag) || inputs.count != 3 }}")).isEqualTo(false);
        assertThat(eval("${{ inputs.count == 3.0 }}")).isEqualTo(true);
        assertThat(eval("${{ '3' == 3 }}")).isEqualTo(false);
        assertThat(eval("${{ upper(inputs.name) }}-${{ lower('X') }}")).isEqualTo("ADA-x");
        assertThat(eval("${{ length(inputs.tags) }}")).isEqualTo(2L);
        assertThat(eval("${{ contains(inputs.tags, 'y') }}")).isEqualTo(true);
        assertThat(eval("${{ json(steps.query.outputs.rows[0]) }}")).isEqualTo("{\"name\":\"first\"}");
        assertThat(eval("${{ \"a\\\"b\" }}")).isEqualTo("a\"b");
        assertThat(eval("${{ 'it''s' }}")).isEqualTo("it's");
    }

    @Test
    void parseErrorsNameTheExpressionAndColumn() {
        assertThatThrownBy(() -> FlowTemplate.parse("x ${{ inputs.name == }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("expression ` inputs.name ==` at column 17: the expression ends too early: expected a value")
                .extracting(e -> ((ExpressionException) e).offset()).isEqualTo(5);
        assertThatThrownBy(() -> FlowTemplate.parse("${{ inputs.name"))
                .hasMessageContaining("the expression is not closed: end it with }}");
        assertThatThrownBy(() -> FlowTemplate.parse("${{ exec('rm -rf /') }}"))
                .hasMessageContaining("unknown function 'exec'; the functions are default, json, lower, upper, length, contains, string");
        assertThatThrownBy(() -> FlowTemplate.parse("${{ java.lang.Runtime }}"))
                .hasMessageContaining("unknown name 'java': an expression starts with inputs, steps, a literal or a function");
        assertThatThrownBy(() -> FlowTemplate.parse("${{ default(1) }}")).hasMessageContaining("default(...) takes 2 arguments, got 1");
        assertThatThrownBy(() -> FlowTemplate.parse("${{ " + "(".repeat(60) + "1" + ")".repeat(60) + " }}"))
                .hasMessageContaining("nests deeper than 48 levels");
    }

    @Test
    void evaluationErrorsNameTypesNeverValues() {
        assertThatThrownBy(() -> eval("${{ inputs.name.first }}"))
                .hasMessage("expression ` inputs.name.first` at column 13: cannot read '.first' of text: only maps have properties")
                .hasMessageNotContaining("Ada");
        assertThatThrownBy(() -> eval("${{ inputs.name > 1 }}"))
                .hasMessageContaining("'>' compares two numbers or two texts, not text and a number");
        assertThatThrownBy(() -> eval("${{ length(inputs.count) }}"))
                .hasMessageContaining("length(...) takes text, a list or a map, not a number");
    }

    @Test
    void namesAreCheckedAgainstDeclaredInputsAndEarlierSteps() {
        FlowTemplate t = FlowTemplate.parse("${{ inputs.nme }} ${{ steps.later.outputs.x }}");
        assertThatThrownBy(() -> t.checkNames(java.util.Set.of("name"), List.of("query")))
                .hasMessageContaining("unknown input 'nme'; declared inputs: name");
        FlowTemplate s = FlowTemplate.parse("${{ steps.later.outputs.x }}");
        assertThatThrownBy(() -> s.checkNames(java.util.Set.of(), List.of("query")))
                .hasMessageContaining("unknown step 'later'; an expression can read the steps before it: query");
    }
}
