package org.flowvault.cli;

import org.flowvault.cli.connection.ConnectionCommand;
import org.flowvault.cli.credential.CredentialCommand;
import org.flowvault.cli.flow.FlowCommands;
import org.flowvault.cli.identity.AdminCommands;
import org.flowvault.cli.identity.LoginCommand;
import org.flowvault.cli.vaultconfig.VaultConfigCommand;
import org.flowvault.platform.masking.ProcessSecrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code flowvault} command. */
@Command(name = "flowvault",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Secrets and connections for workflow automation, backed by HashiCorp Vault.",
        subcommands = {DevCommand.class, ServerCommand.class, VaultServerCommand.class, LoginCommand.class, ConnectionCommand.class,
                VaultConfigCommand.class, CredentialCommand.class, AdminCommand.class, AdminCommands.User.class, AdminCommands.Project.class, AdminCommands.ApiKeyCmd.class,
                FlowCommands.Flow.class, FlowCommands.RunFlow.class, FlowCommands.RunShow.class, FlowCommands.Runs.class, FlowCommands.Logs.class,
                FlowCommands.Cancel.class, FlowCommands.Input.class, CompletionCommand.class, org.flowvault.cli.audit.AuditCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // H2 instantiates classes that a database names (its JAVA_OBJECT_SERIALIZER setting, aliases, triggers). Flowvault
        // needs only H2's own TCP server (dev mode's demo database registers it), and a remote H2 server an SQL step
        // connects to must not make this process construct any class. H2 reads the list once, when first used; an
        // operator's -Dh2.allowedClasses wins.
        if (System.getProperty("h2.allowedClasses") == null) {
            System.setProperty("h2.allowedClasses", "org.h2.server.TcpServer");
        }
        System.exit(new CommandLine(new Main()).setExecutionExceptionHandler(Main::unexpected).execute(args));
    }

    /**
     * A failure no command turned into a message (a database that cannot be reached, a port in
     * use): one line naming it, exit 1, no stack trace. Messages of this code base never carry a
     * secret, and the line passes the process's masker all the same;
     * {@code -Dflowvault.stacktrace=true} prints the trace for a bug report.
     */
    private static int unexpected(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        if (Boolean.getBoolean("flowvault.stacktrace")) {
            e.printStackTrace(command.getErr());
        }
        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !why.toString().contains(c.getMessage())) {
                why.append(": ").append(c.getMessage());
            }
        }
        command.getErr().println(ProcessSecrets.global().mask("Error: flowvault " + command.getCommandName() + " failed: "
                + why.toString().lines().findFirst().orElse(e.getClass().getSimpleName())));
        return 1;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reads the version Maven stamped into the jar manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"flowvault " + (v == null ? "development build" : v)
                    + " (Vault API " + org.flowvault.vault.server.core.Version.VAULT_API + ", Java " + Runtime.version() + ")"};
        }
    }
}
