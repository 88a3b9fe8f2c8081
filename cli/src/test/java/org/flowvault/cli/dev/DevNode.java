package org.flowvault.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code flowvault dev} as a child JVM, its output in {@code log}, its CLI login in {@code home};
 * {@link #start} returns once it serves (it has saved the login).
 */
record DevNode(Process process, Path home, Path log) {
    static DevNode start(Path data, Path home, String vaultListen, Path log) throws IOException {
        Files.deleteIfExists(home.resolve("login.json"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.flowvault.cli.Main",
                "dev", "--data", data.toString(), "--listen", "127.0.0.1:0", "--vault-listen", vaultListen)
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("FLOWVAULT_"));
        pb.environment().put("FLOWVAULT_HOME", home.toString());
        DevNode node = new DevNode(pb.start(), home, log);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> !node.process.isAlive() || Files.isRegularFile(home.resolve("login.json")));
        assertThat(node.process.isAlive()).as("flowvault dev is serving: %s", node.output()).isTrue();
        return node;
    }

    /** SIGKILL: no shutdown hook, no database close; proven gone by the exit status and the process table. */
    void killNine() throws InterruptedException {
        assertThat(process.isAlive()).as("still serving before the kill: %s", output()).isTrue();
        long pid = process.pid();
        process.destroyForcibly();
        assertThat(process.waitFor()).as("exit status of SIGKILL").isEqualTo(128 + 9);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    void stopIfAlive() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGTERM: the shutdown hook closes the database and the Vault. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * What a failure report needs from a long output: its warnings, errors and stack frames, then
     * its last lines (CI logs keep the head and tail of a long message, and the access log fills
     * the middle).
     */
    String diagnosis() {
        List<String> lines = output().lines().toList();
        List<String> notable = lines.stream()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception") || l.startsWith("\tat ")).toList();
        return "warnings and errors:\n" + String.join("\n", notable.subList(Math.max(0, notable.size() - 60), notable.size()))
                + "\n--- last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
