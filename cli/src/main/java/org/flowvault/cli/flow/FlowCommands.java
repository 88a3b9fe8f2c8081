package org.flowvault.cli.flow;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.Output;
import org.flowvault.cli.api.OutputOption;
import org.flowvault.cli.api.Table;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.flow.AppliedFlow;
import org.flowvault.sdk.flow.FlowSummary;
import org.flowvault.sdk.flow.Form;
import org.flowvault.sdk.flow.Run;
import org.flowvault.sdk.flow.RunHandle;
import org.flowvault.sdk.flow.RunLogLine;
import org.flowvault.sdk.flow.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault flow apply}, {@code run}, {@code runs}, {@code logs}, {@code cancel}, {@code input}. */
public final class FlowCommands {
    private FlowCommands() {
    }

    @Command(name = "flow", mixinStandardHelpOptions = true, description = "Flow definitions (YAML, versioned).",
            subcommands = {Apply.class, ListFlows.class, Show.class})
    public static final class Flow {
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Stores a flow document; a changed document becomes a new version.")
    static final class Apply extends ApiCommand {
        @Parameters(paramLabel = "FILE", description = "The flow document (YAML).") Path file;

        @Override
        protected int run(Flowvault flowvault) throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new CliError("no such file: " + file);
            }
            AppliedFlow r = flowvault.flows(api.project()).apply(Files.readString(file));
            System.out.println((r.created() ? "applied " : "unchanged ") + r.flow().name() + " version " + r.flow().version());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the project's flows.")
    static final class ListFlows extends ApiCommand {
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<FlowSummary> flows = flowvault.flows(api.project()).list();
            Table t = Table.of("NAME", "VERSION", "UPDATED");
            flows.forEach(f -> t.row(f.name(), f.latestVersion(), f.updatedAt()));
            output.print(System.out, flows, t);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints a flow's latest document (--output json: the flow with its inputs, steps and source).")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The flow's name.") String name;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            org.flowvault.sdk.flow.Flow f = flowvault.flows(api.project()).get(name);
            output.print(System.out, f, out -> out.print(f.source()));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Starts a run of a flow as you; --wait prints its result (masked). A credential input takes the entry's permissioned user id.")
    public static final class RunFlow extends ApiCommand {
        @Parameters(paramLabel = "FLOW", description = "The flow to run.") String flow;
        @Option(names = {"-i", "--input"}, paramLabel = "KEY=VALUE", description = "A run input (repeatable); KEY=- reads it from stdin.") List<String> inputs;
        @Option(names = "--rerun", paramLabel = "RUN_ID", description = "Run FLOW again with the inputs of its run RUN_ID.") String rerun;
        @Option(names = "--same-secret-versions", description = "With --rerun: read every Vault secret at the version RUN_ID read.")
        boolean sameSecretVersions;
        @Option(names = "--wait", description = "Wait until the run ends (or waits for input) and print the result.") boolean wait;
        @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "How long --wait waits (default ${DEFAULT-VALUE}).") int timeout;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            Map<String, Object> values = pairs(inputs);
            values.replaceAll((k, v) -> "-".equals(v) ? readSecret(k) : v);
            boolean json = output.json();
            if (sameSecretVersions && rerun == null) {
                throw new CliError("--same-secret-versions needs --rerun RUN_ID: the run whose secret versions to read again");
            }
            if (rerun != null && !values.isEmpty()) {
                throw new CliError("--rerun takes the inputs of the run it repeats: leave out --input");
            }
            RunHandle run = rerun != null ? flowvault.runs(api.project()).rerun(flow, rerun, sameSecretVersions)
                    : flowvault.runs(api.project()).start(flow, values);
            if (!wait) {
                if (json) {
                    Output.printJson(System.out, Map.of("id", run.id()));
                } else {
                    System.out.println(run.id());
                }
                return 0;
            }
            Run awaited = run.await(Duration.ofSeconds(timeout));
            Run ended = awaited.status().isFinal() ? run.get() : awaited; // the run's own answer lists the secret versions used
            output.print(System.out, ended, out -> printRun(out, ended));
            return ended.status() == RunStatus.SUCCEEDED ? 0 : 1;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists the project's recent runs.")
    public static final class Runs extends ApiCommand {
        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only runs in this status (queued, running, waiting_for_input, succeeded, failed, cancelled...).") String status;
        @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N runs, newest first (default ${DEFAULT-VALUE}).") int limit;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<Run> runs = flowvault.runs(api.project()).list(status == null ? null : RunStatus.fromWire(status), limit);
            Table t = Table.of("ID", "STATUS", "FLOW", "RUN_AS", "CREATED");
            runs.forEach(r -> t.row(r.id(), r.status().wireName(), r.flow(), r.runAs(), r.createdAt()));
            output.print(System.out, runs, t);
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints a run's step logs (masked).")
    public static final class Logs extends ApiCommand {
        @Parameters(paramLabel = "RUN", description = "The run's id.") String run;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<RunLogLine> lines = flowvault.runs().handle(run).logs();
            output.print(System.out, lines, out -> lines.forEach(l -> out.println(l.at() + " [" + l.step() + "] " + l.line())));
            return 0;
        }
    }

    @Command(name = "run-show", mixinStandardHelpOptions = true,
            description = "Prints a run: status, outputs (masked) and the configuration, path and version of every Vault secret it read.")
    public static final class RunShow extends ApiCommand {
        @Parameters(paramLabel = "RUN", description = "The run's id.") String run;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            Run r = flowvault.runs().handle(run).get();
            output.print(System.out, r, out -> printRun(out, r));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a run.")
    public static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "RUN", description = "The run's id.") String run;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            Run r = flowvault.runs().handle(run).cancel();
            output.print(System.out, r, out -> printRun(out, r));
            return 0;
        }
    }

    @Command(name = "input", mixinStandardHelpOptions = true, description = "Answers the form of a run waiting for input (KEY=- reads a value from stdin).")
    public static final class Input extends ApiCommand {
        @Parameters(index = "0", paramLabel = "RUN", description = "The id of the run waiting for input.") String run;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "A field of the form and its value; KEY=- reads the value from stdin.")
        List<String> values;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            Map<String, Object> v = pairs(values);
            v.replaceAll((k, x) -> "-".equals(x) ? readSecret(k) : x);
            Run r = flowvault.runs().handle(run).submitInput(v);
            output.print(System.out, r, out -> printRun(out, r));
            return 0;
        }
    }

    /** Rows (a list of maps) as an aligned text table, or null when {@code v} is not one. */
    private static List<Map<?, ?>> table(Object v) {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        List<Map<?, ?>> rows = new ArrayList<>();
        for (Object row : list) {
            if (!(row instanceof Map<?, ?> m)) {
                return null;
            }
            rows.add(m);
        }
        return rows;
    }

    /** Rows of an output as a table: the first row's keys are the columns. */
    private static void printTable(PrintStream out, List<Map<?, ?>> rows) {
        List<Object> columns = new ArrayList<>(rows.getFirst().keySet());
        Table t = Table.of(columns.stream().map(String::valueOf).toArray(String[]::new));
        for (Map<?, ?> row : rows) {
            t.row(columns.stream().map(c -> row.containsKey(c) ? row.get(c) : "").toArray());
        }
        t.print(out, "      ");
    }

    /** A run for people: status, message or error, outputs (masked by the server), the form while waiting. */
    public static void printRun(PrintStream out, Run run) {
        out.println("run " + run.id() + " of " + run.flow() + (run.flowVersion() > 0 ? " v" + run.flowVersion() : "") + ": "
                + run.status().name());
        if (run.message() != null) {
            out.println("  message: " + run.message());
        }
        if (run.error() != null) {
            out.println("  error:   " + run.error());
        }
        if (!run.outputs().isEmpty()) {
            out.println("  outputs:");
            for (Map.Entry<String, Object> e : run.outputs().entrySet()) {
                boolean sensitive = run.sensitiveOutputs().contains(e.getKey());
                String label = "    " + e.getKey() + (sensitive ? " (sensitive, masked)" : "") + " = ";
                List<Map<?, ?>> rows = table(e.getValue());
                if (rows != null) {
                    out.println(label);
                    printTable(out, rows);
                } else {
                    out.println(label + Output.text(e.getValue()));
                }
            }
        }
        if (!run.secretsUsed().isEmpty()) {
            out.println("  secrets used:");
            for (Run.SecretUsed u : run.secretsUsed()) {
                out.println("    " + u.config() + ":" + u.path() + (u.version() > 0 ? " version " + u.version() : " (KV v1)"));
            }
        }
        Form f = run.form();
        if (f != null) {
            out.println("  waiting for input: " + f.subject() + " — answer with: flowvault input " + run.id() + " "
                    + String.join(" ", f.fields().stream().map(x -> x.name() + "=...").toList()));
        }
    }
}
