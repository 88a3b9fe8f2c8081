package org.flowvault.platform.execution;

import org.flowvault.platform.task.Egress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.flow.StoredFlow;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.vaultconfig.TestPlatform;

/**
 * A platform core on a fresh database (real users, projects, membership and sealed storage) with
 * one project, two members and engine nodes built on it. Nodes use short leases (5 s) and poll
 * intervals so that recovery happens within a test's patience.
 */
final class EngineFixture implements AutoCloseable {
    final TestPlatform platform;
    final Database db;
    final String projectName;
    final UUID project;
    final Caller alice;
    final Caller bob;
    final Caller outsider;
    final TaskRegistry tasks = TestTasks.registry();
    final FlowStore flows;
    final MapConnections connections = new MapConnections();
    private final List<RunEngine> engines = new ArrayList<>();

    private EngineFixture(TestPlatform platform) {
        this.platform = platform;
        this.db = platform.db;
        this.projectName = platform.project();
        this.project = platform.projects.requireUsable(platform.admin, projectName);
        this.alice = platform.member(projectName);
        this.bob = platform.member(projectName);
        this.outsider = platform.member();
        this.flows = new FlowStore(db, platform.projects, tasks, Clock.systemUTC());
    }

    static EngineFixture open(Database.Dialect dialect) {
        return new EngineFixture(TestPlatform.open(dialect));
    }

    static Sealer sealer(SecretBox box) {
        return Sealer.of(box::seal, box::open);
    }

    RunEngine.Builder builder(String node) {
        return RunEngine.builder().database(db).flows(flows).tasks(tasks).membership(platform.projects)
                .sealer(sealer(platform.box)).connections(connections).nodeId(node)
                .lease(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .egress(Egress.of(java.util.List.of("127.0.0.1", "localhost")));
    }

    /** A node, not yet executing (call startWorkers). */
    RunEngine idleNode(String node, Consumer<RunEngine.Builder> customize) {
        RunEngine.Builder b = builder(node);
        customize.accept(b);
        RunEngine e = b.build();
        engines.add(e);
        return e;
    }

    /** A node executing runs. */
    RunEngine node(String node) {
        return idleNode(node, b -> { }).startWorkers();
    }

    StoredFlow apply(String yaml) {
        return flows.apply(alice, project, yaml).flow();
    }

    static String rnd() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        for (RunEngine e : engines) {
            e.close();
        }
        platform.close();
    }
}
