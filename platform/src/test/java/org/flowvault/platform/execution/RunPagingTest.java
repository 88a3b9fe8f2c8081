package org.flowvault.platform.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.flow.FlowStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the runs list and the live run page rely on: keyset pages with filters, change waits, flow version history. */
class RunPagingTest {

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void keysetPagesFilteredByFlowAndStatusHoldEveryRunOnceNewestFirst(Database.Dialect dialect) {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            f.apply("name: alpha\nsteps:\n  - {id: a, task: ECHO}\n");
            f.apply("name: beta\nsteps:\n  - {id: b, task: ECHO}\n");
            RunEngine engine = f.idleNode("n-" + EngineFixture.rnd(), b -> { });
            List<UUID> alpha = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                alpha.add(engine.start(f.alice, f.project, "alpha", Map.of()).id());
                engine.start(f.bob, f.project, "beta", Map.of());
            }
            UUID cancelled = alpha.get(5);
            engine.cancel(f.alice, cancelled);

            List<Run> seen = new ArrayList<>();
            RunCursor cursor = null;
            for (int page = 0; page < 10; page++) {
                List<Run> runs = engine.list(f.bob, f.project, null, "alpha", cursor, 7);
                seen.addAll(runs);
                if (runs.size() < 7) {
                    break;
                }
                cursor = RunCursor.parse(RunCursor.after(runs.getLast()).toString()).orElseThrow();
            }

            assertThat(seen).extracting(Run::id).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(alpha);
            assertThat(seen).extracting(Run::flowName).containsOnly("alpha");
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).createdAt()).isBeforeOrEqualTo(seen.get(i - 1).createdAt());
            }
            assertThat(engine.list(f.alice, f.project, RunStatus.CANCELLED, "alpha", null, 50)).extracting(Run::id).containsExactly(cancelled);
            assertThat(engine.list(f.alice, f.project, RunStatus.CANCELLED, "beta", null, 50)).isEmpty();
            assertThat(engine.list(f.alice, f.project, null, null, null, 500)).hasSize(46);
            assertThatThrownBy(() -> engine.list(f.outsider, f.project, null, null, null, 10)).isInstanceOf(PlatformException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void awaitChangeAnswersAtOnceWhenTheRunMovedAndAfterTheIntervalWhenItDidNot(Database.Dialect dialect) throws Exception {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            f.apply("name: idle\nsteps:\n  - {id: a, task: ECHO}\n");
            RunEngine engine = f.idleNode("n-" + EngineFixture.rnd(), b -> { });
            Run queued = engine.start(f.alice, f.project, "idle", Map.of());

            Run same = engine.awaitChange(f.bob, queued.id(), queued, Duration.ofMillis(200));
            assertThat(same.status()).isEqualTo(RunStatus.QUEUED);

            engine.cancel(f.alice, queued.id());
            Run moved = engine.awaitChange(f.bob, queued.id(), queued, Duration.ofMinutes(5));
            assertThat(moved.status()).isEqualTo(RunStatus.CANCELLED);
            assertThatThrownBy(() -> engine.awaitChange(f.outsider, queued.id(), queued, Duration.ZERO))
                    .isInstanceOf(PlatformException.class).hasMessage("run " + queued.id() + " not found");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aFlowsVersionsAreListedNewestFirstWithWhoAppliedThem(Database.Dialect dialect) {
        try (EngineFixture f = EngineFixture.open(dialect)) {
            f.apply("name: hist\nsteps:\n  - {id: a, task: ECHO}\n");
            f.flows.apply(f.bob, f.project, "name: hist\ndescription: second\nsteps:\n  - {id: a, task: ECHO}\n");

            List<FlowStore.FlowVersion> versions = f.flows.versions(f.alice, f.project, "hist");

            assertThat(versions).extracting(FlowStore.FlowVersion::version).containsExactly(2, 1);
            assertThat(versions).extracting(FlowStore.FlowVersion::createdBy).containsExactly(f.bob.username(), f.alice.username());
            assertThatThrownBy(() -> f.flows.versions(f.alice, f.project, "nope")).isInstanceOf(PlatformException.class);
            assertThatThrownBy(() -> f.flows.versions(f.outsider, f.project, "hist")).isInstanceOf(PlatformException.class);
        }
    }

    @org.junit.jupiter.api.Test
    void aDamagedCursorIsNoCursor() {
        assertThat(RunCursor.parse("nonsense")).isEmpty();
        assertThat(RunCursor.parse("2026-01-01T00:00:00Z_not-a-uuid")).isEmpty();
        assertThat(RunCursor.parse(null)).isEmpty();
        UUID id = UUID.randomUUID();
        assertThat(RunCursor.parse("2026-01-01T00:00:00.123456Z_" + id)).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(id));
    }
}
