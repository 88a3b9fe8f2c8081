package org.flowvault.cli.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.Output;
import org.flowvault.cli.api.OutputOption;
import org.flowvault.cli.api.Table;
import org.flowvault.sdk.connection.Connection;
import org.flowvault.sdk.connection.ConnectionRequest;
import org.flowvault.sdk.connection.Resolution;
import org.flowvault.sdk.core.Flowvault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault connection ...}: a project's connections. */
@Command(name = "connection", mixinStandardHelpOptions = true,
        description = "Connections: stored task inputs with attached Vault secrets.",
        subcommands = {ConnectionCommand.ListCmd.class, ConnectionCommand.Get.class, ConnectionCommand.Create.class,
                ConnectionCommand.Update.class, ConnectionCommand.Delete.class, ConnectionCommand.Resolve.class,
                ConnectionCommand.Preview.class, ConnectionCommand.Refresh.class})
public final class ConnectionCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the project's connections.")
    static final class ListCmd extends ApiCommand {
        @Mixin
        OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<Connection> all = flowvault.connections(api.project()).list();
            Table t = Table.of("NAME", "TYPE", "VAULT_SECRETS", "DESCRIPTION");
            all.forEach(c -> t.row(c.name(), c.type(), String.join(",", c.vaultSecrets() == null ? List.of() : c.vaultSecrets()),
                    c.description()));
            output.print(System.out, all, t);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a connection.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The connection's name.")
        String name;

        @Mixin
        OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            Connection c = flowvault.connections(api.project()).get(name);
            output.print(System.out, c, out -> Output.printFields(out, c));
            return 0;
        }
    }

    /** Fields shared by create and update. */
    abstract static class Write extends ApiCommand {
        @Option(names = "--type", paramLabel = "TYPE", description = "Task type (SQL, HTTP, GIT, VAULT...).")
        String type;

        @Option(names = "--value", paramLabel = "YAML", description = "The value as YAML or JSON text.")
        String value;

        @Option(names = "--value-file", paramLabel = "FILE", description = "Read the value (YAML or JSON) from a file.")
        Path valueFile;

        @Option(names = "--vault-secrets", paramLabel = "[CONFIG:]PATH,...", description = "Attached Vault secrets, comma-separated.")
        String vaultSecrets;

        @Option(names = "--description", paramLabel = "TEXT", description = "A note for people about the connection.")
        String description;

        ConnectionRequest request(String name) throws Exception {
            if (value != null && valueFile != null) {
                throw new CliError("give --value or --value-file, not both");
            }
            return ConnectionRequest.builder().name(name).type(type)
                    .value(valueFile != null ? Files.readString(valueFile) : value)
                    .vaultSecrets(vaultSecrets == null ? null : List.of(vaultSecrets.split(",")).stream().map(String::strip)
                            .filter(s -> !s.isEmpty()).toList())
                    .description(description).build();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a connection.")
    static final class Create extends Write {
        @Parameters(paramLabel = "NAME", description = "The new connection's name (letters, digits, '.', '_', '-').")
        String name;

        @Override
        protected int run(Flowvault flowvault) throws Exception {
            if (type == null) {
                throw new CliError("--type is required: the task type (SQL, HTTP, GIT, VAULT...)");
            }
            Output.printJson(System.out, flowvault.connections(api.project()).create(request(name)));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Changes the given fields of a connection.")
    static final class Update extends Write {
        @Parameters(paramLabel = "NAME", description = "The connection to change.")
        String name;

        @Option(names = "--rename", paramLabel = "NEW_NAME", description = "Give the connection this new name.")
        String rename;

        @Override
        protected int run(Flowvault flowvault) throws Exception {
            Output.printJson(System.out, flowvault.connections(api.project()).update(name, request(rename)));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a connection.")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The connection to delete.")
        String name;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.connections(api.project()).delete(name);
            System.out.println("deleted connection " + name);
            return 0;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Resolves a connection as you (value, Vault secrets, references, overrides) and prints it with secrets masked.")
    static final class Resolve extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The connection to resolve.")
        String name;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An override, as a flow would give it (repeatable).")
        List<String> overrides;

        @Mixin
        OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            Resolution r = flowvault.connections(api.project()).resolve(name, pairs(overrides));
            output.print(System.out, r, out -> Output.printResolution(out, r));
            return 0;
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Shows where each input of a connection comes from, values from Vault masked.")
    static final class Preview extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The connection to preview.")
        String name;

        @Mixin
        OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            Resolution r = flowvault.connections(api.project()).preview(name);
            output.print(System.out, r, out -> Output.printResolution(out, r));
            return 0;
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true, description = "Drops the cached secrets of a connection (on every node).")
    static final class Refresh extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The connection whose cached secrets to drop.")
        String name;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.connections(api.project()).refresh(name);
            System.out.println("refreshed the cached secrets of connection " + name);
            return 0;
        }
    }
}
