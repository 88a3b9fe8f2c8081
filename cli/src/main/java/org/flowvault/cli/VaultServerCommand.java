package org.flowvault.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.flowvault.cli.logging.KnownSecrets;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.config.ConfigException;
import org.flowvault.vault.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowvault vault-server}: the embedded Vault-API server, with {@code vault server}'s flags. */
@Command(name = "vault-server", mixinStandardHelpOptions = true,
        description = {"Runs the embedded Vault-API-compatible server, like 'vault server'.",
                "  -dev                      in-memory, initialized, unsealed, KV v2 at secret/",
                "  -config=FILE              Vault's HCL or JSON server configuration"})
final class VaultServerCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    LogOptions logging = new LogOptions();


    @Option(names = {"-dev", "--dev"}, description = "Development mode: in-memory, unsealed, root token printed.")
    boolean dev;

    @Option(names = {"-dev-root-token-id", "--dev-root-token-id"}, paramLabel = "ID", description = "Root token id in dev mode.")
    String devRootTokenId;

    @Option(names = {"-dev-listen-address", "--dev-listen-address"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8200",
            description = "Address to listen on in dev mode (default: ${DEFAULT-VALUE}).")
    String devListenAddress;

    @Option(names = {"-config", "--config"}, paramLabel = "FILE", description = "Server configuration file (HCL or JSON).")
    Path config;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        if (dev == (config != null)) {
            System.err.println("Error: give exactly one of -dev or -config=FILE (see 'flowvault vault-server --help').");
            return 2;
        }
        VaultServer server;
        if (dev) {
            Listen listen;
            try {
                listen = Listen.parse(devListenAddress, "-dev-listen-address");
            } catch (IllegalArgumentException e) {
                System.err.println("Error: " + e.getMessage());
                return 2;
            }
            server = VaultServer.builder().dev().devRootTokenId(devRootTokenId).listen(listen.host(), listen.port()).start();
            KnownSecrets.register(server.rootToken());
            KnownSecrets.register(server.unsealKey());
            System.out.println("==> Flowvault embedded Vault-API server started in dev mode (in-memory; data is lost on exit).");
            System.out.println();
            System.out.println("    Api Address: " + server.address());
            System.out.println("    Unseal Key:  " + server.unsealKey());
            System.out.println("    Root Token:  " + server.rootToken());
            System.out.println();
            System.out.println("    export VAULT_ADDR='" + server.address() + "'");
        } else {
            ServerConfig cfg;
            try {
                cfg = ServerConfig.parse(config);
            } catch (ConfigException e) {
                System.err.println("Error: " + e.getMessage());
                return 2;
            }
            cfg.warnings().forEach(w -> System.err.println("WARNING: " + w));
            try {
                server = VaultServer.fromConfig(cfg).start();
            } catch (IllegalArgumentException e) {
                System.err.println("Error: " + e.getMessage());
                return 2;
            }
            System.out.println("==> Flowvault embedded Vault-API server started.");
            System.out.println("    Api Address: " + server.address());
            System.out.println("    Storage:     " + cfg.storage().type() + (cfg.storage().path() == null ? "" : " at " + cfg.storage().path()));
            System.out.println("    Seal state:  " + (server.core().seal().initialized()
                    ? "sealed; unseal with PUT /v1/sys/unseal" : "uninitialized; initialize with PUT /v1/sys/init"));
        }
        awaitShutdown(server);
        return 0;
    }

    static void awaitShutdown(AutoCloseable server) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            stop.countDown();
        }));
        stop.await();
    }
}
