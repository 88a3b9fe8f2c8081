package org.flowvault.cli.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.sdk.FlowvaultClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault flow apply}, {@code run}, {@code runs}, {@code logs}, {@code cancel}, {@code input}. */
public final class FlowCommands {
    private FlowCommands() {
    }

    private static String flows(String project) {
        return "projects/" + FlowvaultClient.segment(project) + "/flows";
    }

    @Command(name = "flow", mixinStandardHelpOptions = true, description = "Flow definitions (YAML, versioned).",
            subcommands = {Apply.class, ListFlows.class, Show.class})
    public static final class Flow {
    }

    @Command(name = "apply", description = "Stores a flow document; a changed document becomes a new version.")
    static final class Apply extends ApiCommand {
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        protected int run(FlowvaultClient client) throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new CliError("no such file: " + file);
            }
            JsonNode r = client.post(flows(api.project()), Map.of("source", Files.readString(file)));
            JsonNode f = r.path("flow");
            System.out.println((r.path("created").asBoolean() ? "applied " : "unchanged ") + f.path("name").asText()
                    + " version " + f.path("version").asInt());
            return 0;
        }
    }

    @Command(name = "list", description = "Lists the project's flows.")
    static final class ListFlows extends ApiCommand {
        @Override
        protected int run(FlowvaultClient client) {
            for (JsonNode f : client.get(flows(api.project())).path("flows")) {
                System.out.printf("%-30s v%d%n", f.path("name").asText(), f.path("latest_version").asInt());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Prints a flow's latest document.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) {
            System.out.print(client.get(flows(api.project()) + "/" + seg(name)).path("source").asText());
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Starts a run of a flow as you; --wait prints its result (masked).")
    public static final class RunFlow extends ApiCommand {
        @Parameters(paramLabel = "FLOW") String flow;
        @Option(names = {"-i", "--input"}, paramLabel = "KEY=VALUE", description = "A run input (repeatable); KEY=- reads it from stdin.") List<String> inputs;
        @Option(names = "--wait", description = "Wait until the run ends (or waits for input) and print the result.") boolean wait;
        @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "How long --wait waits (default ${DEFAULT-VALUE}).") int timeout;

        @Override
        protected int run(FlowvaultClient client) {
            Map<String, Object> values = pairs(inputs);
            values.replaceAll((k, v) -> "-".equals(v) ? readSecret(k) : v);
            JsonNode run = client.post(flows(api.project()) + "/" + seg(flow) + "/runs", Map.of("inputs", values));
            String id = run.path("id").asText();
            if (!wait) {
                System.out.println(id);
                return 0;
            }
            long deadline = System.nanoTime() + timeout * 1_000_000_000L;
            while (!settled(run.path("status").asText()) && System.nanoTime() < deadline) {
                run = client.get("runs/" + id + "/wait?timeout=30");
            }
            printRun(System.out, run);
            return "succeeded".equals(run.path("status").asText()) ? 0 : 1;
        }

        private static boolean settled(String status) {
            return switch (status) {
                case "succeeded", "failed", "cancelled", "waiting_for_input" -> true;
                default -> false;
            };
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists the project's recent runs.")
    public static final class Runs extends ApiCommand {
        @Option(names = "--status", paramLabel = "STATUS") String status;
        @Option(names = "--limit", defaultValue = "20") int limit;

        @Override
        protected int run(FlowvaultClient client) {
            String q = "?limit=" + limit + (status == null ? "" : "&status=" + seg(status));
            for (JsonNode r : client.get("projects/" + seg(api.project()) + "/runs" + q).path("runs")) {
                System.out.printf("%-36s %-18s %-20s %-10s %s%n", r.path("id").asText(), r.path("status").asText(),
                        r.path("flow").asText(), r.path("run_as").asText(), r.path("created_at").asText());
            }
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints a run's step logs (masked).")
    public static final class Logs extends ApiCommand {
        @Parameters(paramLabel = "RUN") String run;

        @Override
        protected int run(FlowvaultClient client) {
            int after = 0;
            while (true) {
                JsonNode lines = client.get("runs/" + seg(run) + "/logs?after=" + after + "&limit=1000").path("lines");
                for (JsonNode l : lines) {
                    System.out.println(l.path("at").asText() + " [" + l.path("step").asText() + "] " + l.path("line").asText());
                    after = l.path("seq").asInt();
                }
                if (lines.size() < 1000) {
                    return 0;
                }
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a run.")
    public static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "RUN") String run;

        @Override
        protected int run(FlowvaultClient client) {
            printRun(System.out, client.post("runs/" + seg(run) + "/cancel", Map.of()));
            return 0;
        }
    }

    @Command(name = "input", mixinStandardHelpOptions = true, description = "Answers the form of a run waiting for input (KEY=- reads a value from stdin).")
    public static final class Input extends ApiCommand {
        @Parameters(index = "0", paramLabel = "RUN") String run;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE") List<String> values;

        @Override
        protected int run(FlowvaultClient client) {
            Map<String, Object> v = pairs(values);
            v.replaceAll((k, x) -> "-".equals(x) ? readSecret(k) : x);
            printRun(System.out, client.post("runs/" + seg(run) + "/input", Map.of("values", v)));
            return 0;
        }
    }

    private static boolean isTable(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            return false;
        }
        for (JsonNode row : v) {
            if (!row.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** Rows (a list of maps with the same keys) as an aligned text table. */
    private static void printTable(PrintStream out, JsonNode rows) {
        List<String> columns = new java.util.ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(columns::add);
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
            for (JsonNode row : rows) {
                width[c] = Math.max(width[c], cell(row, columns.get(c)).length());
            }
        }
        StringBuilder head = new StringBuilder("      ");
        for (int c = 0; c < columns.size(); c++) {
            head.append(String.format("%-" + (width[c] + 2) + "s", columns.get(c)));
        }
        out.println(head.toString().stripTrailing());
        for (JsonNode row : rows) {
            StringBuilder line = new StringBuilder("      ");
            for (int c = 0; c < columns.size(); c++) {
                line.append(String.format("%-" + (width[c] + 2) + "s", cell(row, columns.get(c))));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(JsonNode row, String column) {
        JsonNode v = row.path(column);
        return v.isTextual() ? v.asText() : v.isMissingNode() ? "" : v.toString();
    }

    /** A run for people: status, message or error, outputs (masked by the server), the form while waiting. */
    public static void printRun(PrintStream out, JsonNode run) {
        out.println("run " + run.path("id").asText() + " of " + run.path("flow").asText()
                + (run.has("flow_version") ? " v" + run.path("flow_version").asInt() : "") + ": " + run.path("status").asText().toUpperCase());
        if (run.has("message")) {
            out.println("  message: " + run.path("message").asText());
        }
        if (run.has("error")) {
            out.println("  error:   " + run.path("error").asText());
        }
        JsonNode outputs = run.path("outputs");
        if (outputs.size() > 0) {
            out.println("  outputs:");
            for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean sensitive = false;
                for (JsonNode s : run.path("sensitive_outputs")) {
                    sensitive |= s.asText().equals(e.getKey());
                }
                String label = "    " + e.getKey() + (sensitive ? " (sensitive, masked)" : "") + " = ";
                if (isTable(e.getValue())) {
                    out.println(label);
                    printTable(out, e.getValue());
                } else {
                    out.println(label + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
                }
            }
        }
        if (run.has("form")) {
            JsonNode f = run.path("form");
            out.println("  waiting for input: " + f.path("subject").asText() + " — answer with: flowvault input "
                    + run.path("id").asText() + " " + String.join(" ", f.path("fields").findValuesAsText("name").stream().map(n -> n + "=...").toList()));
        }
    }
}
