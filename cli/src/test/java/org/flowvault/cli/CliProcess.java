package org.flowvault.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code flowvault ARGS} as the user would: a child JVM on the test's class path, with the
 * CLI's environment ({@code FLOWVAULT_HOME/ADDR/TOKEN/PROJECT}, and whatever a test adds) and
 * optional stdin, so the CLI reads its real environment and stdin as in production.
 */
public final class CliProcess {
    private final Path home;
    private final Map<String, String> env = new LinkedHashMap<>();

    /** The CLI's environment for {@code address}, {@code token} and {@code project}, its home in {@code home}. */
    public CliProcess(Path home, String address, String token, String project) {
        this.home = home;
        env.put("FLOWVAULT_HOME", home.toString());
        env.put("FLOWVAULT_ADDR", address);
        env.put("FLOWVAULT_TOKEN", token);
        if (project != null) {
            env.put("FLOWVAULT_PROJECT", project);
        }
    }

    /** This environment plus {@code name=value} (null removes it). */
    public CliProcess with(String name, String value) {
        CliProcess c = new CliProcess(home, env.get("FLOWVAULT_ADDR"), env.get("FLOWVAULT_TOKEN"), env.get("FLOWVAULT_PROJECT"));
        c.env.putAll(env);
        if (value == null) {
            c.env.remove(name);
        } else {
            c.env.put(name, value);
        }
        return c;
    }

    /** One invocation's exit code and output; {@code toString} is for failure messages. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs with {@code stdin} (null: /dev/null) as standard input. */
    public Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        // a short-lived CLI: the first JIT tier and the serial collector start fastest on a busy machine
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "org.flowvault.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.environment().keySet().removeIf(k -> k.startsWith("FLOWVAULT_") || k.equals("VAULT_TOKEN"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("flowvault " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
