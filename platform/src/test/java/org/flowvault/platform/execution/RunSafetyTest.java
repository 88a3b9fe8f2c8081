package org.flowvault.platform.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.flow.CodeFlows;
import org.flowvault.platform.flow.Form;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Secrets never show, bad input fails the run clearly, and code flows replay their journal. */
class RunSafetyTest {
    private static final String PW = "s3cr3t-P@ss w0rd!";
    private static final String INPUT_PW = "input-secret-9876";

    private static final String LEAK_FLOW = """
            name: leak
            inputs:
              api_password: {type: string, required: true}
              fail: {type: boolean, default: false}
            steps:
              - id: login
                connection: db
                inputs: {fail: "${{ inputs.fail }}"}
              - id: show
                task: ECHO
                inputs: {again: "${{ steps.login.outputs.echoed }}", input: "${{ inputs.api_password }}"}
            outputs:
              echoed: ${{ steps.login.outputs.echoed }}
              token: ${{ steps.login.outputs.token }}
              user: ${{ steps.login.outputs.user }}
            """;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aFlowThatPrintsItsPasswordShowsItMaskedInLogsOutputsErrorsAndStorage(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            f.connections.add("db", "LEAK", Map.of("user", "app"), Map.of("password", PW));
            f.apply(LEAK_FLOW);
            RunEngine engine = f.node("n-" + EngineFixture.rnd());

            Run ok = engine.await(f.alice, engine.start(f.alice, f.project, "leak", Map.of("api_password", INPUT_PW)).id(), Duration.ofSeconds(10));
            assertThat(ok.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(ok.inputs()).containsEntry("api_password", "****").containsEntry("fail", false);
            assertThat(ok.outputs()).containsExactly(Map.entry("echoed", "the password is ****"), Map.entry("token", "****"),
                    Map.entry("user", "app"));
            assertThat(ok.sensitiveOutputs()).containsExactlyInAnyOrder("echoed", "token");
            List<String> lines = engine.logs(f.alice, ok.id(), 0, 100).stream().map(RunLogLine::line).toList();
            assertThat(lines).contains("password=****", "url https://x/?p=****", "issuing token ****").anyMatch(l -> l.startsWith("basic ") && l.contains("****"));
            assertThat(lines).anyMatch(l -> l.startsWith("echo ") && l.contains("input=****"));
            assertThat(engine.revealOutputs(f.alice, ok.id())).containsEntry("token", TestTasks.Leak.FRESH_TOKEN);

            Run failed = engine.await(f.alice, engine.start(f.alice, f.project, "leak", Map.of("api_password", INPUT_PW, "fail", "true")).id(),
                    Duration.ofSeconds(10));
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.error()).isEqualTo("step 'login' (LEAK) failed: login refused for password ****");

            for (Run r : List.of(engine.get(f.alice, ok.id()), engine.get(f.alice, failed.id()))) {
                assertNoSecret(r.toString());
                engine.logs(f.alice, r.id(), 0, 1000).forEach(l -> assertNoSecret(l.line()));
                assertNoSecret(storedText(f, r));
            }
        }
    }

    /** Every text column the database holds for the run, as one string. */
    private static String storedText(EngineFixture f, Run r) {
        return f.db.jdbi().withHandle(h -> String.join("\n",
                h.createQuery("SELECT * FROM runs WHERE id = :id").bind("id", r.id()).mapToMap().list().toString(),
                h.createQuery("SELECT * FROM run_steps WHERE run_id = :id").bind("id", r.id()).mapToMap().list().toString(),
                h.createQuery("SELECT * FROM run_logs WHERE run_id = :id").bind("id", r.id()).mapToMap().list().toString()));
    }

    private static void assertNoSecret(String text) {
        for (String secret : List.of(PW, INPUT_PW, TestTasks.Leak.FRESH_TOKEN)) {
            assertThat(text).doesNotContain(secret)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)).replace("=", ""))
                    .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        }
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(("user:" + PW).getBytes(StandardCharsets.UTF_8)).substring(8, 20));
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void badInputEndsTheRunWithAClearErrorAndNothingIsLost(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            f.connections.add("db", "LEAK", Map.of("user", "app"), Map.of("password", PW));
            f.apply(LEAK_FLOW);
            f.apply("name: noconn\nsteps:\n  - id: q\n    connection: nope\n    task: ECHO\n");
            f.apply("name: badexpr\ninputs: {name: string}\nsteps:\n  - id: q\n    task: ECHO\n    inputs: {v: '${{ inputs.name.first }}'}\n");
            RunEngine engine = f.node("n-" + EngineFixture.rnd());

            Run missing = engine.start(f.alice, f.project, "leak", Map.of("fail", "maybe"));
            assertThat(missing.status()).isEqualTo(RunStatus.FAILED);
            assertThat(engine.get(f.alice, missing.id()).error()).isEqualTo("the run was refused: missing required input 'api_password' (string): "
                    + "give it, e.g. --input api_password=...; input 'fail' is not valid: expected true or false");

            Run noConnection = engine.await(f.alice, engine.start(f.alice, f.project, "noconn", Map.of()).id(), Duration.ofSeconds(10));
            assertThat(noConnection.status()).isEqualTo(RunStatus.FAILED);
            assertThat(noConnection.error()).isEqualTo("step 'q': connection 'nope': connection 'nope' not found in the project");

            Run badExpression = engine.await(f.alice, engine.start(f.alice, f.project, "badexpr", Map.of("name", PW)).id(), Duration.ofSeconds(10));
            assertThat(badExpression.error()).isEqualTo("step 'q' input 'v': expression ` inputs.name.first` at column 13: "
                    + "cannot read '.first' of text: only maps have properties");

            assertThatThrownBy(() -> engine.start(f.alice, f.project, "no-such-flow", Map.of()))
                    .hasMessage("flow 'no-such-flow' not found in this project and no code flow has that name: apply it first (flowvault flow apply FILE)");
            assertThat(engine.list(f.alice, f.project, RunStatus.FAILED, 10)).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aCodeFlowPausesForAPersonAndReplaysWhatItAlreadyDid(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String counter = "code-" + EngineFixture.rnd();
            f.connections.add("counter", "COUNT", Map.of("counter", counter), Map.of());
            List<Map<String, Object>> writes = new CopyOnWriteArrayList<>();
            CodeFlows code = CodeFlows.builder()
                    .register("code-demo", ctx -> {
                        Map<String, Object> counted = ctx.connect("counter");
                        ctx.log("counted " + counted.get("count"));
                        Map<String, Object> answer = ctx.message(new Form("Input for a secret", null,
                                List.of(Form.Field.text("secret_1", "Secret 1", true), Form.Field.secret("secret_2", "Secret 2", true))));
                        ctx.vaultConfig("demo").writeSecret("secret/app", Map.of("secret_1", answer.get("secret_1"), "secret_2", answer.get("secret_2")));
                        ctx.log("wrote " + answer);
                        return ctx.success("all done", Map.of("count", counted.get("count")));
                    })
                    .register("bad-type", ctx -> {
                        ctx.task("NOPE", Map.of());
                        return ctx.success("unreachable");
                    })
                    .build();
            RunEngine engine = f.idleNode("n-" + EngineFixture.rnd(), b -> b.codeFlows(code)
                    .secretWrites((project, runAs, config, path, data) -> writes.add(Map.of("by", runAs.username(), "config", config, "path", path,
                            "data", data)))).startWorkers();

            Run run = engine.start(f.alice, f.project, "code-demo", Map.of());
            assertThat(run.flowVersion()).isNull();
            Run waiting = engine.await(f.alice, run.id(), Duration.ofSeconds(10));
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING_FOR_INPUT);
            assertThat(waiting.currentStep()).isEqualTo("2:message");
            engine.submitInput(f.alice, run.id(), Map.of("secret_1", "first-value", "secret_2", "second-secret-value"));
            Run done = engine.await(f.alice, run.id(), Duration.ofSeconds(10));

            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.message()).isEqualTo("all done");
            assertThat(done.outputs()).containsEntry("count", 1);
            assertThat(TestTasks.count(counter).get()).as("replayed, not repeated").isEqualTo(1);
            assertThat(writes).singleElement().isEqualTo(Map.of("by", f.alice.username(), "config", "demo", "path", "secret/app",
                    "data", Map.of("secret_1", "first-value", "secret_2", "second-secret-value")));
            assertThat(engine.logs(f.alice, run.id(), 0, 100)).extracting(RunLogLine::line)
                    .contains("counted 1")
                    .anyMatch(l -> l.startsWith("wrote ") && l.contains("secret_2=****"))
                    .noneMatch(l -> l.contains("second-secret-value"));

            Run bad = engine.await(f.alice, engine.start(f.alice, f.project, "bad-type", Map.of()).id(), Duration.ofSeconds(10));
            assertThat(bad.error()).isEqualTo("task('NOPE'): unknown task type \"NOPE\"; known types: COUNT, ECHO, GATE, LEAK");
        }
    }
}
