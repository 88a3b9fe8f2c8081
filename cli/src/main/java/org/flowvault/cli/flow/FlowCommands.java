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
import org.flowvault.sdk.Flowvault;
import org.flowvault.sdk.flow.AppliedFlow;
import org.flowvault.sdk.flow.Form;
import org.flowvault.sdk.flow.FlowSummary;
import org.flowvault.sdk.flow.Run;
import org.flowvault.sdk.flow.RunHandle;
import org.flowvault.sdk.flow.RunLogLine;
import org.flowvault.sdk.flow.RunStatus;
import picocli.CommandLine.Command;
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
        @Parameters(paramLabel = "FILE") Path file;

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
        @Override
        protected int run(Flowvault flowvault) {
            for (FlowSummary f : flowvault.flows(api.project()).list()) {
                System.out.printf("%-30s v%d%n", f.name(), f.latestVersion());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a flow's latest document.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(Flowvault flowvault) {
            System.out.print(flowvault.flows(api.project()).get(name).source());
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Starts a run of a flow as you; --wait prints its result (masked). A credential input takes the entry's permissioned user id.")
    public static final class RunFlow extends ApiCommand {
        @Parameters(paramLabel = "FLOW") String flow;
        @Option(names = {"-i", "--input"}, paramLabel = "KEY=VALUE", description = "A run input (repeatable); KEY=- reads it from stdin.") List<String> inputs;
        @Option(names = "--wait", description = "Wait until the run ends (or waits for input) and print the result.") boolean wait;
        @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "How long --wait waits (default ${DEFAULT-VALUE}).") int timeout;

        @Override
        protected int run(Flowvault flowvault) {
            Map<String, Object> values = pairs(inputs);
            values.replaceAll((k, v) -> "-".equals(v) ? readSecret(k) : v);
            RunHandle run = flowvault.runs(api.project()).start(flow, values);
            if (!wait) {
                System.out.println(run.id());
                return 0;
            }
            Run ended = run.await(Duration.ofSeconds(timeout));
            printRun(System.out, ended);
            return ended.status() == RunStatus.SUCCEEDED ? 0 : 1;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists the project's recent runs.")
    public static final class Runs extends ApiCommand {
        @Option(names = "--status", paramLabel = "STATUS") String status;
        @Option(names = "--limit", defaultValue = "20") int limit;

        @Override
        protected int run(Flowvault flowvault) {
            for (Run r : flowvault.runs(api.project()).list(status == null ? null : RunStatus.fromWire(status), limit)) {
                System.out.printf("%-36s %-18s %-20s %-10s %s%n", r.id(), r.status().wireName(), r.flow(), r.runAs(), r.createdAt());
            }
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints a run's step logs (masked).")
    public static final class Logs extends ApiCommand {
        @Parameters(paramLabel = "RUN") String run;

        @Override
        protected int run(Flowvault flowvault) {
            for (RunLogLine l : flowvault.runs().handle(run).logs()) {
                System.out.println(l.at() + " [" + l.step() + "] " + l.line());
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a run.")
    public static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "RUN") String run;

        @Override
        protected int run(Flowvault flowvault) {
            printRun(System.out, flowvault.runs().handle(run).cancel());
            return 0;
        }
    }

    @Command(name = "input", mixinStandardHelpOptions = true, description = "Answers the form of a run waiting for input (KEY=- reads a value from stdin).")
    public static final class Input extends ApiCommand {
        @Parameters(index = "0", paramLabel = "RUN") String run;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE") List<String> values;

        @Override
        protected int run(Flowvault flowvault) {
            Map<String, Object> v = pairs(values);
            v.replaceAll((k, x) -> "-".equals(x) ? readSecret(k) : x);
            printRun(System.out, flowvault.runs().handle(run).submitInput(v));
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

    private static void printTable(PrintStream out, List<Map<?, ?>> rows) {
        List<Object> columns = new ArrayList<>(rows.getFirst().keySet());
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = String.valueOf(columns.get(c)).length();
            for (Map<?, ?> row : rows) {
                width[c] = Math.max(width[c], cell(row, columns.get(c)).length());
            }
        }
        StringBuilder head = new StringBuilder("      ");
        for (int c = 0; c < columns.size(); c++) {
            head.append(String.format("%-" + (width[c] + 2) + "s", columns.get(c)));
        }
        out.println(head.toString().stripTrailing());
        for (Map<?, ?> row : rows) {
            StringBuilder line = new StringBuilder("      ");
            for (int c = 0; c < columns.size(); c++) {
                line.append(String.format("%-" + (width[c] + 2) + "s", cell(row, columns.get(c))));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(Map<?, ?> row, Object column) {
        return row.containsKey(column) ? Output.text(row.get(column)) : "";
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
        Form f = run.form();
        if (f != null) {
            out.println("  waiting for input: " + f.subject() + " — answer with: flowvault input " + run.id() + " "
                    + String.join(" ", f.fields().stream().map(x -> x.name() + "=...").toList()));
        }
    }
}
