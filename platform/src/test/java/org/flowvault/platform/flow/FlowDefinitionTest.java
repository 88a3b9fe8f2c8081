package org.flowvault.platform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowDefinitionTest {
    private static final Set<String> TYPES = Set.of("ECHO", "SQL", "HTTP");

    @Test
    void aCompleteDocumentParsesIntoInputsStepsAndOutputs() {
        FlowDefinition f = FlowDefinition.parse("""
                name: nightly-report
                description: reads the version and asks for a new password
                retry: 2
                inputs:
                  region: string
                  limit: {type: integer, default: 10}
                  db_password: {type: string, required: true}
                  note: {type: string, sensitive: false}
                steps:
                  - id: query
                    connection: oracle
                    task: sql
                    inputs:
                      execute: "SELECT * FROM v$version WHERE region = '${{ inputs.region }}'"
                      limit: ${{ inputs.limit }}
                  - id: ask
                    if: steps.query.outputs.count > 0
                    message:
                      subject: New password
                      fields:
                        - {name: secret_1, label: "Secret 1", required: true}
                        - {name: secret_2, type: string, secret: true}
                  - id: store
                    write_secret:
                      vault_config: demo
                      path: secret/${{ inputs.region }}
                      data: {secret_2: "${{ steps.ask.outputs.secret_2 }}"}
                outputs:
                  version: ${{ steps.query.outputs.rows[0].banner }}
                """, TYPES);
        assertThat(f.name()).isEqualTo("nightly-report");
        assertThat(f.retry()).isEqualTo(2);
        assertThat(f.inputs()).extracting(InputSpec::name).containsExactly("region", "limit", "db_password", "note");
        assertThat(f.input("limit").orElseThrow().defaultValue()).isEqualTo(10L);
        assertThat(f.input("db_password").orElseThrow().sensitive()).as("secret-looking names are sensitive").isTrue();
        assertThat(f.input("note").orElseThrow().sensitive()).isFalse();
        assertThat(f.steps()).extracting(Step::id).containsExactly("query", "ask", "store");
        Step.TaskStep q = (Step.TaskStep) f.steps().get(0);
        assertThat(q.task()).isEqualTo("SQL");
        assertThat(q.connection()).isEqualTo("oracle");
        assertThat(FlowTemplate.evaluateTree(q.inputs(), new Bindings(Map.of("region", "eu", "limit", 10L), Map.of())))
                .isEqualTo(Map.of("execute", "SELECT * FROM v$version WHERE region = 'eu'", "limit", 10L));
        Step.MessageStep ask = (Step.MessageStep) f.steps().get(1);
        assertThat(ask.form().secretFields()).containsExactly("secret_2");
        assertThat(f.connections()).containsExactly("oracle");
    }

    @Test
    void invalidYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> FlowDefinition.parse("name: x\nsteps:\n  - id: a\n   task: ECHO\n", TYPES))
                .isInstanceOf(FlowDefinitionException.class)
                .satisfies(e -> {
                    FlowDefinitionException.Problem p = ((FlowDefinitionException) e).problems().getFirst();
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.message()).startsWith("invalid YAML: ");
                });
        assertThatThrownBy(() -> FlowDefinition.parse("  ", TYPES)).hasMessageContaining("the flow document is empty");
        assertThatThrownBy(() -> FlowDefinition.parse("- a\n- b\n", TYPES)).hasMessageContaining("a flow is a YAML map with 'name' and 'steps', not a list");
    }

    @Test
    void unknownTaskTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> FlowDefinition.parse("name: x\nsteps:\n  - id: a\n    task: SQLX\n", TYPES))
                .hasMessage("invalid flow: line 4, column 11: unknown task type 'SQLX' in step 'a'; known types: ECHO, HTTP, SQL");
    }

    @Test
    void everyProblemIsReportedWithItsPosition() {
        FlowDefinitionException e = (FlowDefinitionException) org.assertj.core.api.Assertions.catchThrowable(() -> FlowDefinition.parse("""
                name: bad name!
                colour: blue
                inputs:
                  x: strng
                steps:
                  - id: a
                    task: ECHO
                    inputs:
                      v: "${{ inputs.y }}"
                  - id: a
                    task: ECHO
                    inputs: {w: "pre ${{ steps.b.outputs.v }}"}
                  - id: b
                    message: {subject: s}
                  - id: c
                    task: ECHO
                    if: "inputs.x =="
                """, TYPES));
        assertThat(e.problems()).extracting(FlowDefinitionException.Problem::toString).containsExactly(
                "line 2, column 1: unknown key 'colour' in a flow; allowed keys: description, inputs, name, outputs, retry, steps",
                "line 1, column 7: the flow name must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'",
                "line 4, column 6: unknown type 'strng'; the types are string, number, integer, boolean, object, list, any, credential",
                "line 9, column 22: expression ` inputs.y` at column 9: unknown input 'y'; declared inputs: x",
                "line 10, column 5: step id 'a' is used twice: step ids are unique in a flow",
                "line 12, column 32: expression ` steps.b.outputs.v` at column 8: unknown step 'b'; an expression can read the steps before it: a",
                "line 14, column 14: the message of step 'b' needs 'fields': a list of {name, type, label, required, secret, choices}",
                "line 17, column 21: expression `inputs.x ==` at column 12: the expression ends too early: expected a value");
    }

    @Test
    void aFormFieldWithChoicesAcceptsOnlyThoseValuesAndABadChoicesListIsReported() {
        FlowDefinition f = FlowDefinition.parse("""
                name: x
                steps:
                  - id: ask
                    message:
                      subject: Pick a size
                      fields:
                        - {name: size, type: string, required: true, choices: [small, large]}
                        - {name: copies, type: integer, choices: [1, 2, 3]}
                """, TYPES);
        org.flowvault.platform.flow.Form form = ((Step.MessageStep) f.steps().get(0)).form();
        assertThat(form.fields().get(0).choices()).containsExactly("small", "large");
        assertThat(form.validate(java.util.Map.of("size", "large", "copies", "2")))
                .containsEntry("size", "large").containsEntry("copies", 2L);
        assertThatThrownBy(() -> form.validate(java.util.Map.of("size", "huge-secret-value")))
                .hasMessageContaining("field 'size' must be one of: small, large")
                .hasMessageNotContaining("huge-secret-value");
        assertThatThrownBy(() -> FlowDefinition.parse("name: x\nsteps:\n  - id: a\n    message: {subject: s, fields: [{name: f, choices: []}]}\n", TYPES))
                .hasMessageContaining("'choices' of form field 'f' is a non-empty list of values");
    }

    @Test
    void aStepNeedsExactlyOneKind() {
        assertThatThrownBy(() -> FlowDefinition.parse("name: x\nsteps:\n  - id: a\n    task: ECHO\n    message: {subject: s, fields: [{name: f}]}\n", TYPES))
                .hasMessageContaining("step 'a' needs exactly one of: task/connection (run a task), message (ask a person), write_secret");
        assertThatThrownBy(() -> FlowDefinition.parse("name: x\nsteps: []\n", TYPES))
                .hasMessageContaining("'steps' is a non-empty list of steps, not an empty list");
    }

    @Test
    void inputsAreBoundWithDefaultsAndTypeConversionAndEveryProblemNamed() {
        List<InputSpec> specs = List.of(InputSpec.required("user", ValueType.STRING), InputSpec.of("count", ValueType.INTEGER),
                new InputSpec("mode", ValueType.STRING, false, false, "fast", null), InputSpec.required("password", ValueType.STRING));
        assertThat(InputSpec.bind(specs, Map.of("user", "ada", "count", "3", "password", "pw-1234")))
                .containsExactly(Map.entry("user", "ada"), Map.entry("count", 3L), Map.entry("mode", "fast"), Map.entry("password", "pw-1234"));
        assertThatThrownBy(() -> InputSpec.bind(specs, Map.of("count", "three", "extra", "1")))
                .hasMessage("unknown input 'extra' (declared: user, count, mode, password); "
                        + "missing required input 'user' (string): give it, e.g. --input user=...; "
                        + "input 'count' is not valid: expected a whole number; "
                        + "missing required input 'password' (string): give it, e.g. --input password=...");
        assertThat(specs.get(3).sensitive()).isTrue();
    }
}
