package org.flowvault.platform.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.flow.AppliedFlow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A run's life through the API: statuses, outputs, forms, cancellation and long-poll waits. */
class RunLifecycleTest {

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aRunGoesFromQueuedThroughRunningToSucceededWithOutputsPassedByExpressions(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String gate = "g-" + EngineFixture.rnd();
            f.apply("""
                    name: greet
                    inputs:
                      who: {type: string, required: true}
                      times: {type: integer, default: 2}
                    steps:
                      - id: hello
                        task: ECHO
                        inputs: {greeting: "hello ${{ inputs.who }}", times: "${{ inputs.times }}"}
                      - id: hold
                        task: GATE
                        inputs: {gate: "%s"}
                      - id: skipped
                        if: inputs.times > 5
                        task: ECHO
                      - id: last
                        task: ECHO
                        inputs: {upper: "${{ upper(steps.hello.outputs.greeting) }}", skipped: "${{ steps.skipped.status }}"}
                    outputs:
                      result: ${{ steps.last.outputs.upper }}
                      times: ${{ steps.hello.outputs.times }}
                      skipped: ${{ steps.last.outputs.skipped }}
                    """.formatted(gate));
            RunEngine engine = f.idleNode("n1-" + EngineFixture.rnd(), b -> { });
            Run started = engine.start(f.alice, f.project, "greet", Map.of("who", "ada"));
            assertThat(started.status()).isEqualTo(RunStatus.QUEUED);
            assertThat(started.flowVersion()).isEqualTo(1);
            assertThat(started.runAs()).isEqualTo(f.alice.userId());
            assertThat(engine.get(f.bob, started.id()).status()).as("no node executes yet").isEqualTo(RunStatus.QUEUED);

            engine.startWorkers();
            assertThat(TestTasks.entered(gate).await(10, TimeUnit.SECONDS)).isTrue();
            Run running = engine.get(f.alice, started.id());
            assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(running.currentStep()).isEqualTo("step:hold");
            assertThat(running.claimedBy()).isEqualTo(engine.nodeId());

            TestTasks.gate(gate).countDown();
            Run done = engine.await(f.alice, started.id(), Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs()).containsExactly(Map.entry("result", "HELLO ADA"), Map.entry("times", 2), Map.entry("skipped", "skipped"));
            assertThat(done.sensitiveOutputs()).isEmpty();
            assertThat(done.attempt()).isEqualTo(1);
            assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
            assertThat(engine.logs(f.alice, done.id(), 0, 100)).extracting(RunLogLine::line)
                    .contains("step 'hello': running task ECHO", "echo {greeting=hello ada, times=2}");
            assertThat(engine.list(f.bob, f.project, RunStatus.SUCCEEDED, 10)).extracting(Run::id).contains(done.id());
            assertThatThrownBy(() -> engine.get(f.outsider, done.id())).isInstanceOf(PlatformException.class)
                    .hasMessage("run " + done.id() + " not found");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void applyingTheSameDocumentKeepsTheVersionAndAChangeMakesTheNext(Database.Dialect dialect) {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String doc = "name: v\nsteps:\n  - task: ECHO\n";
            AppliedFlow first = f.flows.apply(f.alice, f.project, doc);
            AppliedFlow same = f.flows.apply(f.bob, f.project, doc.replace("\n", "  \r\n"));
            AppliedFlow changed = f.flows.apply(f.bob, f.project, doc + "  - task: ECHO\n");
            assertThat(first.created()).isTrue();
            assertThat(same.created()).isFalse();
            assertThat(same.flow().version()).isEqualTo(1);
            assertThat(changed.flow().version()).isEqualTo(2);
            assertThat(f.flows.version(f.alice, f.project, "v", 1).source()).isEqualTo(doc);
            assertThat(f.flows.list(f.alice, f.project)).singleElement().satisfies(s -> assertThat(s.latestVersion()).isEqualTo(2));
            assertThatThrownBy(() -> f.flows.apply(f.alice, f.project, "name: v\nsteps:\n  - task: NOPE\n"))
                    .hasMessage("invalid flow: line 3, column 11: unknown task type 'NOPE' in step 'step1'; known types: COUNT, ECHO, GATE, LEAK");
            assertThat(f.flows.latest(f.alice, f.project, "v").version()).as("nothing stored").isEqualTo(2);
            assertThatThrownBy(() -> f.flows.apply(f.outsider, f.project, doc)).hasMessageContaining("is not a member");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aPersonsInputResumesAWaitingRunAndSecretFieldsStayMasked(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            f.apply("""
                    name: ask
                    steps:
                      - id: before
                        task: COUNT
                        inputs: {counter: "%s"}
                      - id: form
                        message:
                          subject: Enter the secrets
                          fields:
                            - {name: secret_1, type: string, label: "Secret 1", required: true}
                            - {name: secret_2, type: string, secret: true, required: true}
                            - {name: copies, type: integer}
                      - id: after
                        task: ECHO
                        inputs: {got: "${{ steps.form.outputs.secret_1 }}/${{ steps.form.outputs.secret_2 }}", copies: "${{ steps.form.outputs.copies }}"}
                    outputs:
                      got: ${{ steps.after.outputs.got }}
                    """.formatted("c-" + f.project));
            RunEngine engine = f.node("n-" + EngineFixture.rnd());
            Run run = engine.start(f.alice, f.project, "ask", Map.of());
            Run waiting = engine.await(f.alice, run.id(), Duration.ofSeconds(10));
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING_FOR_INPUT);
            assertThat(waiting.form().subject()).isEqualTo("Enter the secrets");
            assertThat(waiting.claimedBy()).as("no node holds a waiting run").isNull();

            assertThatThrownBy(() -> engine.submitInput(f.bob, run.id(), Map.of("secret_1", "x", "copies", "many")))
                    .hasMessage("the input does not match the form 'Enter the secrets': field 'secret_2' is required; "
                            + "field 'copies' is not valid: expected a whole number");
            Run resumed = engine.submitInput(f.bob, run.id(), Map.of("secret_1", "visible-1", "secret_2", "hidden-pass-2", "copies", "3"));
            assertThat(resumed.status()).isIn(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED);
            Run done = engine.await(f.alice, run.id(), Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(TestTasks.count("c-" + f.project).get()).as("the step before the pause ran once").isEqualTo(1);
            assertThat(done.outputs()).containsEntry("got", "visible-1/****");
            assertThat(done.sensitiveOutputs()).containsExactly("got");
            assertThat(engine.revealOutputs(f.alice, run.id())).containsEntry("got", "visible-1/hidden-pass-2");
            assertThatThrownBy(() -> engine.revealOutputs(f.bob, run.id())).hasMessageContaining("who ran it, may reveal");
            assertThat(engine.logs(f.alice, run.id(), 0, 100)).extracting(RunLogLine::line)
                    .contains("input submitted by " + f.bob.username() + " for step 'form'")
                    .noneMatch(l -> l.contains("hidden-pass-2"));
            assertThatThrownBy(() -> engine.submitInput(f.alice, run.id(), Map.of()))
                    .hasMessage("run " + run.id() + " is succeeded, not waiting for input");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void cancelStopsQueuedWaitingAndRunningRuns(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String gate = "g-" + EngineFixture.rnd();
            f.apply("name: hold\nsteps:\n  - id: wait\n    task: GATE\n    inputs: {gate: " + gate + "}\n  - id: after\n    task: ECHO\n");
            f.apply("name: ask\nsteps:\n  - message: {subject: s, fields: [{name: a}]}\n");
            RunEngine idle = f.idleNode("idle-" + EngineFixture.rnd(), b -> { });
            Run queued = idle.start(f.alice, f.project, "hold", Map.of());
            Run cancelledQueued = idle.cancel(f.bob, queued.id());
            assertThat(cancelledQueued.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(cancelledQueued.error()).isEqualTo("cancelled by " + f.bob.username());

            RunEngine engine = f.node("n-" + EngineFixture.rnd());
            Run waiting = engine.await(f.alice, engine.start(f.alice, f.project, "ask", Map.of()).id(), Duration.ofSeconds(10));
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING_FOR_INPUT);
            assertThat(engine.cancel(f.alice, waiting.id()).status()).isEqualTo(RunStatus.CANCELLED);

            Run running = engine.start(f.alice, f.project, "hold", Map.of());
            assertThat(TestTasks.entered(gate).await(10, TimeUnit.SECONDS)).isTrue();
            engine.cancel(f.alice, running.id());
            Run ended = engine.await(f.alice, running.id(), Duration.ofSeconds(10));
            assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(ended.error()).isEqualTo("cancelled while running step 'wait'");
            assertThat(engine.logs(f.alice, running.id(), 0, 100)).extracting(RunLogLine::step).doesNotContain("step:after");
            assertThat(engine.cancel(f.alice, running.id()).status()).as("a final run stays as it is").isEqualTo(RunStatus.CANCELLED);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void awaitReturnsWhenTheRunChangesOrAtItsTimeout(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String gate = "g-" + EngineFixture.rnd();
            f.apply("name: hold\nsteps:\n  - task: GATE\n    inputs: {gate: " + gate + "}\n");
            RunEngine engine = f.node("n-" + EngineFixture.rnd());
            Run run = engine.start(f.alice, f.project, "hold", Map.of());
            assertThat(TestTasks.entered(gate).await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            Run still = engine.await(f.alice, run.id(), Duration.ofMillis(300));
            assertThat(still.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            CompletableFuture<Run> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return engine.await(f.alice, run.id(), Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            TestTasks.gate(gate).countDown();
            assertThat(waiter.get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeRuns() == 0);
        }
    }
}
