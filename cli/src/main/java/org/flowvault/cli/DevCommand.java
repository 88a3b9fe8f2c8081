package org.flowvault.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowvault.cli.api.LoginStore;
import org.flowvault.cli.api.Output;
import org.flowvault.cli.flow.FlowCommands;
import org.flowvault.cli.logging.KnownSecrets;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.vaultconfig.UrlAllowList;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.flow.Run;
import org.flowvault.sdk.flow.RunStatus;
import org.flowvault.server.ApiServer;
import org.flowvault.server.metrics.PrometheusMetrics;
import org.flowvault.vault.server.VaultServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowvault dev}: everything on embedded defaults, zero setup, one process. Starts the
 * embedded Vault-API server (persistent dev mode under the data directory), the platform on H2 in
 * the same directory and its HTTP API, and the demo database on H2's TCP server; on first start
 * seeds the demo ({@link DevSeed}); saves a CLI login; then shows the product working by resolving
 * the demo connection through the API. Flows' tasks may reach the demo database and what
 * {@code --task-egress} adds, nothing else.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Starts Flowvault with embedded defaults (Vault-API server, H2, API) and runs the demo.")
final class DevCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    LogOptions logging = new LogOptions();

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Directory for the database, the Vault storage and keys (default: ./${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address of the Flowvault API (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--vault-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8200",
            description = "Address of the embedded Vault-API server (default: ${DEFAULT-VALUE}).")
    String vaultListen;

    @Option(names = "--once", description = "Exit after the demo instead of serving until Ctrl-C.")
    boolean once;

    @Option(names = "--task-egress", paramLabel = "ENTRY", split = ",",
            description = "Where flows' tasks may connect besides the demo database (default: nowhere else). "
                    + "Entries: a host (db.example.com, *.example.com), an address or network (10.0.0.0/8), or *, "
                    + "optionally scheme:// before (https://, postgresql://) and :port after. "
                    + "Loopback and this machine's addresses need an address entry (127.0.0.1:5432).")
    List<String> taskEgress = List.of();

    @Override
    public Integer call() throws Exception {
        logging.apply();
        Listen api;
        Listen vaultAddress;
        try {
            api = Listen.parse(listen, "--listen");
            vaultAddress = Listen.parse(vaultListen, "--vault-listen");
            Egress.of(taskEgress);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage().replace("task_egress entry", "--task-egress entry"));
            return 2;
        }
        ApiServer.Options apiOptions = ServerCommand.apiOptions(System.getenv("FLOWVAULT_METRICS_TOKEN"), "FLOWVAULT_METRICS_TOKEN");
        if (apiOptions == null) {
            return 2;
        }
        Files.createDirectories(data);
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(data);
        } catch (DataDirectoryLock.InUse e) {
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
        try (lock) {
            return serve(api, vaultAddress, apiOptions);
        }
    }

    /** Everything after the data directory is locked; returns when dev stops (or fails to start). */
    private int serve(Listen api, Listen vaultAddress, ApiServer.Options apiOptions) throws Exception {
        DemoDatabase demo;
        try {
            // before the platform database: H2 reads its bind address once, when first used
            demo = DemoDatabase.start(data);
        } catch (RuntimeException e) {
            System.err.println("Error: cannot start the demo database: " + rootCause(e));
            return 1;
        }
        List<String> entries = new ArrayList<>(List.of("h2://" + demo.address()));
        entries.addAll(taskEgress);
        Egress egress = Egress.of(entries);
        VaultServer vault;
        try {
            vault = VaultServer.builder().devPersistent(data.resolve("vault")).listen(vaultAddress.host(), vaultAddress.port()).start();
        } catch (RuntimeException e) {
            demo.close();
            System.err.println("Error: cannot start the embedded Vault-API server on " + vaultListen + ": " + rootCause(e)
                    + "\nIs another Vault or 'flowvault dev' running? Pick another address with --vault-listen HOST:PORT.");
            return 1;
        }
        KnownSecrets.register(vault.rootToken());
        KnownSecrets.register(vault.unsealKey());
        Database db = null;
        Platform platform = null;
        ApiServer server = null;
        try {
            try {
                db = Database.open("jdbc:h2:file:" + data.toAbsolutePath().normalize().resolve("flowvault"), "sa", "", 8);
            } catch (RuntimeException e) {
                // e.g. H2's own file lock, held by a 'flowvault server' configured on this directory's database
                System.err.println("Error: cannot open the database in " + data.toAbsolutePath().normalize() + ": "
                        + rootCause(e).lines().findFirst().orElse("") + "\nIs another Flowvault process using this data directory?");
                return 1;
            }
            MasterKey masterKey = MasterKey.loadOrCreate(data.resolve("master.key"));
            ServerCommand.registerMasterKeyText(null, data.resolve("master.key").toString());
            platform = Platform.builder()
                    .database(db)
                    .masterKey(masterKey)
                    .metrics(PrometheusMetrics.create())
                    .vaultUrlAllowList(UrlAllowList.of(List.of("127.0.0.1", "localhost", "[::1]")))
                    .taskEgress(egress)
                    .audit(ServerCommand.auditOptions(System::getenv, com.fasterxml.jackson.databind.node.MissingNode.getInstance())
                            .journal(data.resolve("audit.journal")))
                    .build();
            try {
                server = ApiServer.start(platform, api.host(), api.port(), apiOptions);
            } catch (RuntimeException e) {
                System.err.println("Error: cannot start the Flowvault API on " + listen + ": " + rootCause(e)
                        + "\nIs another 'flowvault dev' running? Pick another address with --listen HOST:PORT.");
                return 1;
            }
            LoginStore logins = LoginStore.standard();
            DevSeed.Outcome seeded = DevSeed.run(platform, vault.address(), vault.rootToken(), server.address(), logins, demo);
            // only now: runs queued before a restart must find the configuration re-pointed at this start's Vault address
            platform.startBackgroundJobs(Duration.ofMinutes(1));
            printBanner(vault, server, seeded, logins, demo);
            boolean ok = demo(server.address(), seeded.apiKey());
            if (!ok || once) {
                return ok ? 0 : 1;
            }
            System.out.println("    Press Ctrl-C to stop.");
            ApiServer s = server;
            Platform pl = platform;
            Database d = db;
            VaultServerCommand.awaitShutdown(() -> closeAll(s, pl, d, vault, demo));
            return 0;
        } finally {
            if (once || server == null) {
                closeAll(server, platform, db, vault, demo);
            }
        }
    }

    private void printBanner(VaultServer vault, ApiServer server, DevSeed.Outcome seeded, LoginStore logins, DemoDatabase demo) {
        System.out.println("==> Flowvault dev is running (data in " + data.toAbsolutePath().normalize() + ")");
        System.out.println("    Web UI:        " + server.address() + "/   (sign in as " + DevSeed.ADMIN
                + (seeded.adminPassword().isPresent() ? " with the password below)" : " with the password printed at first start; lost it? ./flowvault user set-password "
                        + DevSeed.ADMIN + ")"));
        System.out.println("    Flowvault API: " + server.address() + "   (reference: " + server.address() + "/api/docs)");
        System.out.println("    Vault API:     " + vault.address() + "   (embedded; a real Vault/OpenBao works the same)");
        System.out.println("    Vault root token: " + vault.rootToken());
        System.out.println("    Tasks may reach: the demo database " + demo.address()
                + (taskEgress.isEmpty() ? " only; add more with --task-egress" : " and " + String.join(", ", taskEgress)
                + " (--task-egress)"));
        if (seeded.adminPassword().isPresent()) {
            System.out.println();
            System.out.println("==> First start: seeded the demo");
            System.out.println("    admin user:    " + DevSeed.ADMIN + " / " + seeded.adminPassword().get() + "   (shown only now)");
            System.out.println("    project:       " + DevSeed.PROJECT);
            System.out.println("    vault config:  " + DevSeed.CONFIG + " -> " + vault.address() + " (each user's own token; admin's registered)");
            System.out.println("    secret:        " + DevSeed.SECRET_PATH + " (username, password: the password exists only in Vault)");
            System.out.println("    connection:    " + DevSeed.CONNECTION + " (SQL; user and password are vault.secret(...) references)");
        }
        System.out.println("    CLI login saved to " + logins.file() + " (API key of " + DevSeed.ADMIN + ", project " + DevSeed.PROJECT + ")");
    }

    /**
     * Shows the product working through the API, as any client would: resolves the demo
     * connection (secrets masked), then runs the demo flow and prints its result.
     */
    private static boolean demo(String apiAddress, String apiKey) {
        Flowvault client = Flowvault.builder().address(apiAddress).apiKey(apiKey).project(DevSeed.PROJECT).build();
        System.out.println();
        System.out.println("==> Demo 1: ./flowvault connection resolve " + DevSeed.CONNECTION);
        try {
            Output.printResolution(System.out, client.connections().resolve(DevSeed.CONNECTION, Map.of()));
        } catch (RuntimeException e) {
            System.out.println("    FAILED: " + e.getMessage());
            return false;
        }
        System.out.println();
        System.out.println("==> Demo 2: ./flowvault run " + DevSeed.FLOW + " --wait");
        try {
            Run run = client.runs().start(DevSeed.FLOW, Map.of()).await(Duration.ofMinutes(5));
            FlowCommands.printRun(System.out, run);
            boolean ok = run.status() == RunStatus.SUCCEEDED;
            System.out.println(ok ? "    result: OK (the SQL step logged in with credentials that exist only in Vault; "
                    + "the VAULT step wrote secret/demo/last-run)" : "    result: FAILED");
            return ok;
        } catch (RuntimeException e) {
            System.out.println("    FAILED: " + e.getMessage());
            return false;
        }
    }

    private static void closeAll(ApiServer server, Platform platform, Database db, VaultServer vault, DemoDatabase demo) {
        if (server != null) {
            server.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (db != null) {
            db.close();
        }
        vault.close();
        demo.close();
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
