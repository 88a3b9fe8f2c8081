package org.flowvault.platform.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.platform.credential.Credentials;
import org.flowvault.platform.credential.EntryInput;
import org.flowvault.platform.credential.NewKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.flow.StoredFlow;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.task.TaskResult;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Concurrency per credential entry: runs that use an entry hold a lease while they run; runs that
 * cannot get one stay queued (they do not fail) and start when a lease frees; two nodes on one
 * database never exceed the limit; a stopped node's leases are released by the recovery.
 */
class CredentialConcurrencyTest {
    private static final String DOMAIN = "https://portal.example.com";

    /** A HOLD step: counts who is inside, per entry user, and waits for a permit (checking cancellation). */
    static final class Hold implements Task {
        final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
        /** How many times each kind of step was entered, by any node (a stopped node's thread stays inside). */
        final Map<String, AtomicInteger> entered = new ConcurrentHashMap<>();
        final Semaphore permits = new Semaphore(0);
        /** Permits for one kind of step only, when a test releases them per kind. */
        final Map<String, Semaphore> own = new ConcurrentHashMap<>();

        Semaphore permitsOf(String who) {
            return own.getOrDefault(who, permits);
        }

        @Override
        public String type() {
            return "HOLD";
        }

        @Override
        public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
            String who = String.valueOf(inputs.get("who"));
            entered.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
            int now = inside.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
            most.computeIfAbsent(who, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
                while (!permitsOf(who).tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    context.checkActive();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskException(TaskException.Kind.CANCELLED, "interrupted");
            } finally {
                inside.get(who).decrementAndGet();
            }
            return TaskResult.of(Map.of("done", true));
        }

        int inside(String who) {
            return inside.computeIfAbsent(who, k -> new AtomicInteger()).get();
        }

        int entered(String who) {
            return entered.computeIfAbsent(who, k -> new AtomicInteger()).get();
        }

        int most(String who) {
            return most.computeIfAbsent(who, k -> new AtomicInteger()).get();
        }
    }

    private static final class World implements AutoCloseable {
        final EngineFixture f;
        final SecretCache cache;
        final Credentials credentials;
        final NewKey key;
        final Hold hold = new Hold();
        final TaskRegistry tasks = TaskRegistry.builder().add(hold).build();
        final FlowStore flows;
        final List<RunEngine> nodes = new ArrayList<>();

        World(Database.Dialect dialect) {
            f = EngineFixture.open(dialect);
            cache = SecretCache.create(f.db);
            credentials = new Credentials(f.db, f.platform.box, f.platform.projects, f.platform.users,
                    new Resolver(f.platform.vaults, f.platform.projects, null, cache, f.platform.audit), Clock.systemUTC(),
                    f.platform.audit);
            key = credentials.keys().generate(f.platform.admin, f.projectName);
            flows = new FlowStore(f.db, f.platform.projects, tasks, Clock.systemUTC());
        }

        RunEngine node(String name, boolean start) {
            RunEngine e = f.builder(name).tasks(tasks).flows(flows).credentials(credentials.runs()).maxConcurrentRuns(64).build();
            nodes.add(e);
            return start ? e.startWorkers() : e;
        }

        void entry(String user, EntryInput.Builder b) {
            String userName = FieldCipher.encrypt(key.key(), key.version(), new FieldId(f.projectName, DOMAIN, user, "user_name"), "\"" + user + "\"");
            credentials.create(f.alice, f.projectName, b.domain(DOMAIN).permissionedUserId(user).userName(userName).build());
        }

        StoredFlow flow() {
            return flows.apply(f.alice, f.project, """
                    name: hold-%s
                    retry: 1
                    inputs:
                      USER: {type: credential, domain: "%s"}
                    steps:
                      - {id: hold, task: HOLD, inputs: {who: "${{ inputs.USER.permissioned_user_id }}"}}
                    """.formatted(EngineFixture.rnd(), DOMAIN)).flow();
        }

        /** A flow whose first step is its login (HOLD as "login-true" when the entry has a password), then work. */
        StoredFlow loginFlow() {
            return flows.apply(f.alice, f.project, """
                    name: login-%s
                    retry: 1
                    inputs:
                      USER: {type: credential, domain: "%s"}
                    steps:
                      - {id: login, task: HOLD, inputs: {who: "login-${{ inputs.USER.password != null }}"}}
                      - {id: work, task: HOLD, inputs: {who: "work-${{ inputs.USER.permissioned_user_id }}"}}
                    """.formatted(EngineFixture.rnd(), DOMAIN)).flow();
        }

        /** The node holding run {@code id}, or "". */
        String db(UUID id) {
            return f.db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(claimed_by, '') FROM runs WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
        }

        long running(List<UUID> runs) {
            return runs.stream().filter(id -> f.db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM runs WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one()).equals("RUNNING")).count();
        }

        @Override
        public void close() {
            hold.permits.release(10_000);
            hold.own.values().forEach(p -> p.release(10_000));
            nodes.forEach(RunEngine::close);
            cache.close();
            f.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void fiftySimultaneousRunsOnTwoNodesNeverExceedTheEntrysLimitAndWaitingRunsStartWhenALeaseFrees(Database.Dialect dialect)
            throws Exception {
        try (World w = new World(dialect)) {
            w.entry("shared", EntryInput.builder().allowMultipleSessions(true).maxConcurrency(3));
            w.entry("single", EntryInput.builder().allowMultipleSessions(false));
            RunEngine a = w.node("a-" + EngineFixture.rnd(), true);
            w.node("b-" + EngineFixture.rnd(), true);
            StoredFlow flow = w.flow();
            List<UUID> shared = java.util.Collections.synchronizedList(new ArrayList<>());
            List<UUID> single = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> starters = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                boolean toShared = i % 5 != 0; // 40 runs share a limit of 3, 10 runs a single session
                starters.add(Thread.ofVirtual().start(() -> (toShared ? shared : single)
                        .add(a.start(w.f.alice, w.f.project, flow.name(), Map.of("USER", toShared ? "shared" : "single")).id())));
            }
            for (Thread t : starters) {
                t.join();
            }
            assertThat(shared).hasSize(40);
            assertThat(single).hasSize(10);
            int finished = 0;
            while (finished < 50) {
                int expectShared = Math.min(3, 40 - (int) countDone(w, shared));
                int expectSingle = Math.min(1, 10 - (int) countDone(w, single));
                // the limits are reached (runs are admitted up to them) and never passed
                await().atMost(Duration.ofSeconds(30)).until(() -> w.hold.inside("shared") == expectShared && w.hold.inside("single") == expectSingle);
                assertThat(w.running(shared)).isLessThanOrEqualTo(3);
                assertThat(w.running(single)).isLessThanOrEqualTo(1);
                int release = expectShared + expectSingle;
                int before = (int) (countDone(w, shared) + countDone(w, single));
                w.hold.permits.release(release);
                await().atMost(Duration.ofSeconds(30)).until(() -> countDone(w, shared) + countDone(w, single) >= before + release);
                finished = (int) (countDone(w, shared) + countDone(w, single));
            }
            assertThat(w.hold.most("shared")).isEqualTo(3);
            assertThat(w.hold.most("single")).isEqualTo(1);
            for (UUID id : shared) {
                assertThat(a.get(w.f.alice, id).status()).isEqualTo(RunStatus.SUCCEEDED);
            }
        }
    }

    private static long countDone(World w, List<UUID> runs) {
        return runs.stream().filter(id -> w.f.db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM runs WHERE id = :id")
                .bind("id", id).mapTo(String.class).one()).equals("SUCCEEDED")).count();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aStoppedNodesLeaseIsReleasedByTheRecoveryAndTheWaitingRunStarts(Database.Dialect dialect) throws Exception {
        try (World w = new World(dialect)) {
            w.entry("solo", EntryInput.builder());
            RunEngine n1 = w.node("n1-" + EngineFixture.rnd(), true);
            StoredFlow flow = w.flow();
            UUID first = n1.start(w.f.alice, w.f.project, flow.name(), Map.of("USER", "solo")).id();
            await().atMost(Duration.ofSeconds(20)).until(() -> w.hold.inside("solo") == 1);
            UUID second = n1.start(w.f.alice, w.f.project, flow.name(), Map.of("USER", "solo")).id();
            n1.halt();
            RunEngine n2 = w.node("n2-" + EngineFixture.rnd(), true);
            // the second run waits: node 1 still holds the lease until its claim lapses
            assertThat(n2.get(w.f.alice, second).status()).isEqualTo(RunStatus.QUEUED);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                n2.recoverNow();
                return n2.get(w.f.alice, second).status() == RunStatus.RUNNING || n2.get(w.f.alice, first).status() == RunStatus.RUNNING
                        && !w.db(first).equals(n1.nodeId());
            });
            // exactly one of the two holds the lease on node 2, never both
            assertThat(w.running(List.of(first, second))).isEqualTo(1);
            w.hold.permits.release(10);
            await().atMost(Duration.ofSeconds(30)).until(() -> n2.get(w.f.alice, second).status() == RunStatus.SUCCEEDED);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aStoppedNodesLoginLockIsReleasedWithItsRunAndTheOtherNodesRunLogsIn(Database.Dialect dialect) throws Exception {
        try (World w = new World(dialect)) {
            String pw = FieldCipher.encrypt(w.key.key(), w.key.version(), new FieldId(w.f.projectName, DOMAIN, "pair", "password"), "\"pw-pair\"");
            w.entry("pair", EntryInput.builder().allowMultipleSessions(true).maxConcurrency(2).preventConcurrencyDuringLogin(true).password(pw));
            RunEngine n1 = w.node("n1-" + EngineFixture.rnd(), true);
            StoredFlow flow = w.loginFlow();
            UUID first = n1.start(w.f.alice, w.f.project, flow.name(), Map.of("USER", "pair")).id();
            await().atMost(Duration.ofSeconds(20)).until(() -> w.hold.entered("login-true") == 1);
            n1.halt(); // dies holding the entry's login lock (its thread stays inside the step, as a hung process would)
            RunEngine n2 = w.node("n2-" + EngineFixture.rnd(), true);
            UUID second = n2.start(w.f.alice, w.f.project, flow.name(), Map.of("USER", "pair")).id();
            // the second run has a session (the limit is 2) but waits for the login lock the dead node's run holds
            await().atMost(Duration.ofSeconds(20)).until(() -> w.running(List.of(second)) == 1);
            // it stays out of the login step while the dead node's run holds the lock
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> w.hold.entered("login-true") == 1);
            w.f.db.jdbi().useHandle(h -> h.createUpdate("UPDATE runs SET lease_until = :t WHERE id = :id")
                    .bind("t", Times.db(Instant.now().minusSeconds(60))).bind("id", first).execute());
            n2.recoverNow(); // the dead node's run is re-queued: its lock no longer counts, the second run logs in
            await().atMost(Duration.ofSeconds(20)).until(() -> w.hold.entered("login-true") >= 2);
            w.hold.permits.release(10_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> n2.get(w.f.alice, second).status() == RunStatus.SUCCEEDED
                    && n2.get(w.f.alice, first).status() == RunStatus.SUCCEEDED);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void preventConcurrencyDuringLoginSerialisesOnlyTheLoginStepAcrossTwoNodes(Database.Dialect dialect) throws Exception {
        try (World w = new World(dialect)) {
            String pw = FieldCipher.encrypt(w.key.key(), w.key.version(), new FieldId(w.f.projectName, DOMAIN, "team", "password"), "\"pw-team\"");
            w.entry("team", EntryInput.builder().allowMultipleSessions(true).maxConcurrency(5).preventConcurrencyDuringLogin(true).password(pw));
            Semaphore logins = new Semaphore(0);
            Semaphore work = new Semaphore(0);
            w.hold.own.put("login-true", logins);
            w.hold.own.put("work-team", work);
            RunEngine n = w.node("n-" + EngineFixture.rnd(), true);
            w.node("m-" + EngineFixture.rnd(), true); // a second node claims some of the runs: the login lock is in the database
            StoredFlow flow = w.loginFlow();
            List<UUID> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(n.start(w.f.alice, w.f.project, flow.name(), Map.of("USER", "team")).id());
            }
            // all three hold a session, one logs in
            await().atMost(Duration.ofSeconds(20)).until(() -> w.running(runs) == 3 && w.hold.inside("login-true") == 1);
            for (int done = 0; done < 3; done++) {
                logins.release(1); // lets the login in progress end
                int inWork = done + 1;
                await().atMost(Duration.ofSeconds(20)).until(() -> w.hold.inside("work-team") == inWork
                        && w.hold.inside("login-true") == (inWork < 3 ? 1 : 0));
            }
            assertThat(w.hold.most("login-true")).isEqualTo(1);
            assertThat(w.hold.most("work-team")).as("the steps after the login run at once").isEqualTo(3);
            work.release(3);
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.stream().allMatch(id -> n.get(w.f.alice, id).status() == RunStatus.SUCCEEDED));
        }
    }
}
