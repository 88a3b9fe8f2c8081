package org.flowvault.bench.execution;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.execution.Run;
import org.flowvault.platform.execution.RunEngine;
import org.flowvault.platform.execution.RunStatus;
import org.flowvault.platform.execution.Sealer;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.task.TaskResult;

/**
 * Load driver for the execution engine, one node in this JVM on H2 (in memory, or in a file as
 * {@code flowvault dev} and a single {@code flowvault server} use it) or PostgreSQL:
 * <ul>
 *   <li><b>start-to-first-task latency</b>: one run at a time, the time from calling
 *       {@code start} to the first step's task being entered (p50, p99);</li>
 *   <li><b>throughput</b>: trivial one-step runs started by several callers at once, counted from
 *       the first start to the last run's SUCCEEDED.</li>
 * </ul>
 * Usage: {@code ExecutionBench h2|h2file|postgres [latencyRuns] [throughputRuns] [callers]}; the H2 file
 * in a new temporary directory; PostgreSQL
 * from {@code FLOWVAULT_BENCH_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}),
 * in a fresh schema. Prints one Markdown table row.
 */
public final class ExecutionBench {
    private static final Map<String, CountDownLatch> ENTERED = new ConcurrentHashMap<>();
    private static final Map<String, Long> ENTERED_AT = new ConcurrentHashMap<>();

    private ExecutionBench() {
    }

    /** The trivial task: notes when it was entered and returns one output. */
    static final class Mark implements Task {
        @Override
        public String type() {
            return "MARK";
        }

        @Override
        public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
            long now = System.nanoTime();
            String k = String.valueOf(inputs.get("k"));
            ENTERED_AT.put(k, now);
            CountDownLatch l = ENTERED.get(k);
            if (l != null) {
                l.countDown();
            }
            return TaskResult.of(Map.of("k", k));
        }
    }

    public static void main(String[] args) throws Exception {
        String dialect = args.length > 0 ? args[0].toLowerCase(Locale.ROOT) : "h2";
        int latencyRuns = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int throughputRuns = args.length > 2 ? Integer.parseInt(args[2]) : 10000;
        int callers = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        String url;
        boolean h2 = dialect.startsWith("h2");
        if (dialect.equals("h2")) {
            url = "jdbc:h2:mem:bench" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
        } else if (dialect.equals("h2file")) {
            url = "jdbc:h2:file:" + Files.createTempDirectory("flowvault-bench").resolve("bench");
        } else {
            String base = System.getenv().getOrDefault("FLOWVAULT_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        try (Database db = Database.open(url, h2 ? "sa" : null, h2 ? "" : null, 16)) {
            SecretBox box = SecretBox.open(db, MasterKey.generate());
            Projects projects = new Projects(db, Clock.systemUTC(), entries -> Egress.of(entries).entries());
            Caller admin = new Caller(UUID.randomUUID(), "bench-admin", Role.ADMIN);
            UUID project = projects.create(admin, "bench-" + UUID.randomUUID().toString().substring(0, 8)).id();
            TaskRegistry tasks = TaskRegistry.builder().add(new Mark()).build();
            FlowStore flows = new FlowStore(db, projects, tasks, Clock.systemUTC());
            flows.apply(admin, project, "name: trivial\ninputs: {k: string}\nsteps:\n  - id: mark\n    task: MARK\n    inputs: {k: '${{ inputs.k }}'}\n");
            Sealer sealer = new Sealer() {
                @Override
                public String seal(String plaintext, String recordId) {
                    return box.seal(plaintext, recordId);
                }

                @Override
                public String open(String sealed, String recordId) {
                    return box.open(sealed, recordId);
                }
            };
            try (RunEngine engine = RunEngine.builder().database(db).flows(flows).tasks(tasks).membership(projects).sealer(sealer)
                    .nodeId("bench").maxConcurrentRuns(64).build().startWorkers()) {
                // warm-up: JIT, pool, caches
                runBatch(engine, admin, project, Math.min(2000, throughputRuns), callers);
                long[] latencies = latency(engine, admin, project, latencyRuns);
                double perSecond = runBatch(engine, admin, project, throughputRuns, callers);
                Arrays.sort(latencies);
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %d × %d callers | %.0f |%n", switch (dialect) {
                            case "h2" -> "H2 (in memory)";
                            case "h2file" -> "H2 (file)";
                            default -> "PostgreSQL";
                        },
                        latencyRuns, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                        throughputRuns, callers, perSecond);
            }
        }
    }

    private static long[] latency(RunEngine engine, Caller caller, UUID project, int n) throws Exception {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            String k = "lat-" + i;
            CountDownLatch entered = new CountDownLatch(1);
            ENTERED.put(k, entered);
            long t0 = System.nanoTime();
            Run run = engine.start(caller, project, "trivial", Map.of("k", k));
            if (!entered.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("run " + run.id() + " did not reach its task");
            }
            out[i] = ENTERED_AT.get(k) - t0;
            ENTERED.remove(k);
            Run done = engine.await(caller, run.id(), Duration.ofSeconds(10));
            if (done.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("run " + run.id() + " ended " + done.status() + ": " + done.error());
            }
        }
        return out;
    }

    /** Starts {@code n} runs from {@code callers} threads; returns runs per second until the last succeeded. */
    private static double runBatch(RunEngine engine, Caller caller, UUID project, int n, int callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long t0 = System.nanoTime();
        List<Future<List<UUID>>> parts = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int from = c * n / callers;
            int to = (c + 1) * n / callers;
            parts.add(pool.submit(() -> {
                List<UUID> ids = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    ids.add(engine.start(caller, project, "trivial", Map.of("k", "t-" + i)).id());
                }
                return ids;
            }));
        }
        List<UUID> all = new ArrayList<>();
        for (Future<List<UUID>> f : parts) {
            all.addAll(f.get());
        }
        pool.shutdown();
        for (UUID id : all) {
            Run r = engine.await(caller, id, Duration.ofMinutes(2));
            if (r.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("run " + id + " ended " + r.status() + ": " + r.error());
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return n / seconds;
    }
}
