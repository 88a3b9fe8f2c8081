package org.flowvault.vault.server.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of an external compatibility script (hvac, node-vault): its exit code, its whole output
 * (stdout and stderr merged) and the counts from its final {@code PASSED n/m} line.
 */
record ScriptRun(int exitCode, String output, int passed, int total) {
    private static final Pattern SUMMARY = Pattern.compile("(?m)^PASSED (\\d+)/(\\d+)\\s*$");

    /** The module directory: surefire's {@code basedir}, else the working directory. */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    /**
     * Runs {@code command} in {@code dir} with this JVM's environment minus {@code unset}, plus
     * {@code env}; kills it after {@code timeout}. A script that prints no summary line counts as 0/0.
     */
    static ScriptRun run(Path dir, Map<String, String> env, List<String> unset, Duration timeout, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " in " + dir, e);
        }
        // Drain on another thread so a chatty script never blocks on a full pipe.
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("\n[output read failed: ").append(e).append(']');
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                reader.join(Duration.ofSeconds(10));
                throw new AssertionError(command + " did not finish within " + timeout + "; output so far:\n" + out);
            }
            reader.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        String text = out.toString();
        Matcher m = SUMMARY.matcher(text);
        int passed = 0;
        int total = 0;
        while (m.find()) {
            passed = Integer.parseInt(m.group(1));
            total = Integer.parseInt(m.group(2));
        }
        return new ScriptRun(p.exitValue(), text, passed, total);
    }
}
