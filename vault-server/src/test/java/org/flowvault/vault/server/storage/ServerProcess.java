package org.flowvault.vault.server.storage;

import java.nio.file.Path;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.config.ServerConfig;

/** Runs a config-file server in a child JVM, so a test can kill it with SIGKILL. */
public final class ServerProcess {
    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        VaultServer server = VaultServer.fromConfig(ServerConfig.parse(Path.of(args[0]))).start();
        System.out.println("LISTENING " + server.port());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // serve until the test kills this process
    }
}
