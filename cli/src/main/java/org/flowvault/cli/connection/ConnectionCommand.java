package org.flowvault.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.Output;
import org.flowvault.sdk.FlowvaultClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault connection ...}: a project's connections. */
@Command(name = "connection", mixinStandardHelpOptions = true,
        description = "Connections: stored task inputs with attached Vault secrets.",
        subcommands = {ConnectionCommand.ListCmd.class, ConnectionCommand.Get.class, ConnectionCommand.Create.class,
                ConnectionCommand.Update.class, ConnectionCommand.Delete.class, ConnectionCommand.Resolve.class,
                ConnectionCommand.Preview.class, ConnectionCommand.Refresh.class})
public final class ConnectionCommand {

    private static String base(String project) {
        return "projects/" + FlowvaultClient.segment(project) + "/connections";
    }

    @Command(name = "list", description = "Lists the project's connections.")
    static final class ListCmd extends ApiCommand {
        @Override
        protected int run(FlowvaultClient client) {
            for (JsonNode c : client.get(base(api.project())).path("connections")) {
                System.out.printf("%-24s %-10s %s%n", c.path("name").asText(), c.path("type").asText(), c.path("vault_secrets"));
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Shows a connection.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(FlowvaultClient client) {
            print(client.get(base(api.project()) + "/" + seg(name)));
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

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        Map<String, Object> body(String name) throws Exception {
            if (value != null && valueFile != null) {
                throw new CliError("give --value or --value-file, not both");
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", name);
            if (type != null) {
                b.put("type", type);
            }
            if (valueFile != null) {
                b.put("value", Files.readString(valueFile));
            } else if (value != null) {
                b.put("value", value);
            }
            if (vaultSecrets != null) {
                b.put("vault_secrets", vaultSecrets);
            }
            if (description != null) {
                b.put("description", description);
            }
            return b;
        }
    }

    @Command(name = "create", description = "Creates a connection.")
    static final class Create extends Write {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(FlowvaultClient client) throws Exception {
            print(client.post(base(api.project()), body(name)));
            return 0;
        }
    }

    @Command(name = "update", description = "Changes the given fields of a connection.")
    static final class Update extends Write {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--rename", paramLabel = "NEW_NAME")
        String rename;

        @Override
        protected int run(FlowvaultClient client) throws Exception {
            print(client.put(base(api.project()) + "/" + seg(name), body(rename != null ? rename : name)));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes a connection.")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(FlowvaultClient client) {
            client.delete(base(api.project()) + "/" + seg(name));
            System.out.println("deleted connection " + name);
            return 0;
        }
    }

    @Command(name = "resolve", description = "Resolves a connection as you (value, Vault secrets, references, overrides) and prints it with secrets masked.")
    static final class Resolve extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An override, as a flow would give it (repeatable).")
        List<String> overrides;

        @Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Override
        protected int run(FlowvaultClient client) {
            JsonNode r = client.post(base(api.project()) + "/" + seg(name) + "/resolve", Map.of("overrides", pairs(overrides)));
            if (json) {
                print(r);
            } else {
                Output.printResolution(System.out, r);
            }
            return 0;
        }
    }

    @Command(name = "preview", description = "Shows where each input of a connection comes from, values from Vault masked.")
    static final class Preview extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(FlowvaultClient client) {
            Output.printResolution(System.out, client.get(base(api.project()) + "/" + seg(name) + "/preview"));
            return 0;
        }
    }

    @Command(name = "refresh", description = "Drops the cached secrets of a connection (on every node).")
    static final class Refresh extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(FlowvaultClient client) {
            client.post(base(api.project()) + "/" + seg(name) + "/refresh", Map.of());
            System.out.println("refreshed the cached secrets of connection " + name);
            return 0;
        }
    }
}
