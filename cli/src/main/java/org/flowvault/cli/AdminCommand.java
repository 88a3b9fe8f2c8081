package org.flowvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.flowvault.platform.crypto.MasterKeyRotation;
import org.flowvault.platform.crypto.MasterKeyring;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowvault admin}: operator commands that need the server's own configuration and keys
 * (the same {@code --config} file and FLOWVAULT_* variables as {@code flowvault server}), not a
 * user's login: the master key is never sent over the API.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Operator commands run with the server's configuration (master key rotation).",
        subcommands = {AdminCommand.RotateMasterKey.class, AdminCommand.MasterKeyStatus.class})
final class AdminCommand {

    /** The {@code --config} option and the node's database and keyring from it. */
    static final class NodeConfig {
        @Option(names = "--config", paramLabel = "FILE",
                description = "The nodes' YAML configuration (as for `flowvault server`); FLOWVAULT_* variables override it.")
        Path config;

        MasterKeyring ring;

        Database open() throws IOException {
            Function<String, String> env = System::getenv;
            JsonNode file = config == null ? null : new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
            if (file == null) {
                file = new ObjectMapper().createObjectNode();
            }
            String url = ServerCommand.setting(env, "FLOWVAULT_DATABASE_URL", file.path("database").path("url"));
            if (url == null) {
                throw new IllegalArgumentException("no database: set database.url in the configuration or FLOWVAULT_DATABASE_URL");
            }
            ring = ServerCommand.keyring(env, file);
            if (ring == null) {
                throw new IllegalArgumentException("no master key: set FLOWVAULT_MASTER_KEY (the new key) and "
                        + MasterKeyring.ENV_PREVIOUS + " (the current one), or list both in the key file, new key first");
            }
            Database db = ServerCommand.database(env, file, url, 2);
            SecretBox.open(db, ring); // fails with the fix named when no key of the ring opens this database
            return db;
        }
    }

    @Command(name = "rotate-master-key", mixinStandardHelpOptions = true,
            description = {"Starts re-wrapping every data key under the active master key (the first of the key file, or "
                    + "FLOWVAULT_MASTER_KEY); the running nodes sweep in the background and keep serving.",
                    "Before: give every node the new key as active and the old one as previous (rolling restart).",
                    "After `master-key-status` says done: remove the retired keys from every node."})
    static final class RotateMasterKey implements Callable<Integer> {
        @Mixin
        NodeConfig node;

        @Option(names = "--wait", description = "Sweep from this command until the rotation is done, then print its status.")
        boolean await;

        @Override
        public Integer call() throws Exception {
            try (Database db = node.open()) {
                MasterKeyRotation rotation = new MasterKeyRotation(db, node.ring, "cli-" + ProcessHandle.current().pid(),
                        Clock.systemUTC(), Duration.ofSeconds(30));
                MasterKeyRotation.Status s = rotation.start();
                System.out.println("==> Rotation " + s.id() + " to master key " + s.targetKeyId() + " started: "
                        + s.total() + " data key(s) to re-wrap");
                while (await && !rotation.status().orElseThrow().done()) {
                    if (rotation.sweep(100) == 0) {
                        Thread.sleep(1000); // another node holds the lease
                    }
                }
                print(rotation.status().orElseThrow());
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("Error: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "master-key-status", mixinStandardHelpOptions = true,
            description = "Shows the latest master key rotation: target key id, progress, retired key ids.")
    static final class MasterKeyStatus implements Callable<Integer> {
        @Mixin
        NodeConfig node;

        @Override
        public Integer call() throws Exception {
            try (Database db = node.open()) {
                var status = new MasterKeyRotation(db, node.ring, "cli", Clock.systemUTC(), Duration.ofSeconds(30)).status();
                if (status.isEmpty()) {
                    System.out.println("No master key rotation has been started; active key id " + node.ring.active().id());
                } else {
                    print(status.get());
                }
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("Error: " + e.getMessage());
                return 2;
            }
        }
    }

    private static void print(MasterKeyRotation.Status s) {
        System.out.printf("%-38s %-18s %-8s %s%n", "ROTATION", "TARGET KEY", "STATE", "PROGRESS");
        System.out.printf("%-38s %-18s %-8s %d/%d%n", s.id(), s.targetKeyId(), s.state(), s.rewrapped(), s.total());
        if (s.done()) {
            System.out.println(s.retiredKeyIds().isEmpty() ? "No key retired."
                    : "Retired key ids (remove them from every node): " + String.join(", ", s.retiredKeyIds()));
        }
    }
}
