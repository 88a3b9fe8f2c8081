package org.flowvault.platform.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several nodes on one database: shared work, and runs of a node that died are never lost or stuck. */
class RecoveryTest {

    private static void expireLease(EngineFixture f, UUID run) {
        f.db.jdbi().useHandle(h -> h.createUpdate("UPDATE runs SET lease_until = :t WHERE id = :id")
                .bind("t", Times.db(Instant.now().minusSeconds(60))).bind("id", run).execute());
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aKilledNodesRunEndsFailedNamingTheNodeAndStep(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String gate = "g-" + EngineFixture.rnd();
            f.apply("name: hold\nsteps:\n  - id: hold\n    task: GATE\n    inputs: {gate: " + gate + "}\n  - id: after\n    task: ECHO\n");
            String dead = "dead-" + EngineFixture.rnd();
            RunEngine n1 = f.node(dead);
            Run run = n1.start(f.alice, f.project, "hold", Map.of());
            assertThat(TestTasks.entered(gate).await(10, TimeUnit.SECONDS)).isTrue();
            n1.halt();
            expireLease(f, run.id());

            RunEngine n2 = f.node("live-" + EngineFixture.rnd());
            Run ended = n2.await(f.alice, run.id(), Duration.ofSeconds(20));
            assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
            assertThat(ended.error()).isEqualTo("node " + dead + " stopped while running step 'hold'; "
                    + "the flow does not retry such runs (add 'retry: N' to the flow to re-queue them)");

            TestTasks.gate(gate).countDown(); // the dead node's thread wakes up: its writes are fenced off
            await().atMost(Duration.ofSeconds(5)).until(() -> n1.activeRuns() == 0);
            Run after = n2.get(f.alice, run.id());
            assertThat(after.status()).isEqualTo(RunStatus.FAILED);
            assertThat(n2.logs(f.alice, run.id(), 0, 100)).extracting(RunLogLine::line).last().isEqualTo(ended.error());
            assertThat(n2.logs(f.alice, run.id(), 0, 100)).extracting(RunLogLine::step).doesNotContain("step:after");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aFlowWithRetryIsRequeuedAndResumesAfterItsLastCompletedStep(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String gate = "g-" + EngineFixture.rnd();
            String counter = "c-" + EngineFixture.rnd();
            f.apply("""
                    name: retrying
                    retry: 1
                    steps:
                      - id: before
                        task: COUNT
                        inputs: {counter: %s}
                      - id: hold
                        task: GATE
                        inputs: {gate: %s}
                      - id: after
                        task: ECHO
                        inputs: {count: "${{ steps.before.outputs.count }}"}
                    outputs: {count: "${{ steps.after.outputs.count }}"}
                    """.formatted(counter, gate));
            String dead = "dead-" + EngineFixture.rnd();
            RunEngine n1 = f.node(dead);
            Run run = n1.start(f.alice, f.project, "retrying", Map.of());
            assertThat(TestTasks.entered(gate).await(10, TimeUnit.SECONDS)).isTrue();
            n1.halt();
            expireLease(f, run.id());

            RunEngine n2 = f.node("live-" + EngineFixture.rnd());
            await().atMost(Duration.ofSeconds(20)).until(() -> n2.get(f.alice, run.id()).attempt() == 2);
            TestTasks.gate(gate).countDown();
            Run done = n2.await(f.alice, run.id(), Duration.ofSeconds(20));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(done.outputs()).containsEntry("count", 1);
            assertThat(TestTasks.count(counter).get()).as("the completed step was replayed, not repeated").isEqualTo(1);
            assertThat(n2.logs(f.alice, run.id(), 0, 100)).extracting(RunLogLine::line)
                    .contains("node " + dead + " stopped while running step 'hold'; re-queued (attempt 1 of 2 was lost)",
                            "attempt 2 of 2 on node " + n2.nodeId() + " as user " + f.alice.username());
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aRunExecutingOnOneNodeIsCancelledThroughAnother(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            String gate = "g-" + EngineFixture.rnd();
            f.apply("name: hold\nsteps:\n  - id: hold\n    task: GATE\n    inputs: {gate: " + gate + "}\n");
            RunEngine executing = f.node("exec-" + EngineFixture.rnd());
            RunEngine api = f.idleNode("api-" + EngineFixture.rnd(), b -> { });
            Run run = executing.start(f.alice, f.project, "hold", Map.of());
            assertThat(TestTasks.entered(gate).await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(api.cancel(f.bob, run.id()).status()).isEqualTo(RunStatus.RUNNING);
            Run ended = api.await(f.alice, run.id(), Duration.ofSeconds(10));
            assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(ended.error()).isEqualTo("cancelled while running step 'hold'");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void twoNodesShareTheRunsAndNoRunExecutesTwice(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            f.apply("name: count\ninputs: {counter: string}\nsteps:\n  - task: COUNT\n    inputs: {counter: '${{ inputs.counter }}'}\n");
            RunEngine a = f.node("a-" + EngineFixture.rnd());
            RunEngine b = f.node("b-" + EngineFixture.rnd());
            String prefix = "two-" + EngineFixture.rnd() + "-";
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add((i % 2 == 0 ? a : b).start(f.alice, f.project, "count", Map.of("counter", prefix + i)).id());
            }
            for (UUID id : ids) {
                Run r = a.await(f.alice, id, Duration.ofSeconds(30));
                assertThat(r.status()).as("run %s: %s", id, r.error()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(r.attempt()).isEqualTo(1);
            }
            for (int i = 0; i < 200; i++) {
                assertThat(TestTasks.count(prefix + i).get()).as("run %d executed once", i).isEqualTo(1);
            }
            Set<String> nodes = f.db.jdbi().withHandle(h -> h.createQuery("SELECT line FROM run_logs WHERE line LIKE 'attempt 1 of 1 on node %'")
                    .mapTo(String.class).list()).stream().map(l -> l.split(" ")[6]).collect(Collectors.toSet());
            assertThat(nodes).containsExactlyInAnyOrder(a.nodeId(), b.nodeId());
        }
    }
}
