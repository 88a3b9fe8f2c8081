package org.flowvault.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.sdk.FlowvaultClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault user|project|api-key ...}: identity administration. */
public final class AdminCommands {
    private AdminCommands() {
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Users (admins).",
            subcommands = {UserList.class, UserCreate.class, UserDelete.class})
    public static final class User {
    }

    @Command(name = "list", description = "Lists users.")
    static final class UserList extends ApiCommand {
        @Override
        protected int run(FlowvaultClient client) {
            for (JsonNode u : client.get("users").path("users")) {
                System.out.printf("%-24s %s%n", u.path("username").asText(), u.path("role").asText());
            }
            return 0;
        }
    }

    @Command(name = "create", description = "Creates a user; without --password-stdin a password is generated and shown once.")
    static final class UserCreate extends ApiCommand {
        @Parameters(paramLabel = "USERNAME") String username;
        @Option(names = "--role", defaultValue = "member", paramLabel = "admin|member") String role;
        @Option(names = "--password-stdin") boolean passwordStdin;

        @Override
        protected int run(FlowvaultClient client) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("username", username);
            b.put("role", role);
            if (passwordStdin) {
                b.put("password", readSecret("password"));
            }
            JsonNode r = client.post("users", b);
            System.out.println("created " + role + " " + username
                    + (r.has("password") ? "; password (shown only now): " + r.path("password").asText() : ""));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes a user.")
    static final class UserDelete extends ApiCommand {
        @Parameters(paramLabel = "USERNAME") String username;

        @Override
        protected int run(FlowvaultClient client) {
            client.delete("users/" + seg(username));
            System.out.println("deleted user " + username);
            return 0;
        }
    }

    @Command(name = "project", mixinStandardHelpOptions = true, description = "Projects and members.",
            subcommands = {ProjectList.class, ProjectCreate.class, ProjectAddMember.class, ProjectRemoveMember.class})
    public static final class Project {
    }

    @Command(name = "list", description = "Lists the projects you may use.")
    static final class ProjectList extends ApiCommand {
        @Override
        protected int run(FlowvaultClient client) {
            for (JsonNode p : client.get("projects").path("projects")) {
                System.out.println(p.path("name").asText());
            }
            return 0;
        }
    }

    @Command(name = "create", description = "Creates a project (admins).")
    static final class ProjectCreate extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) {
            client.post("projects", Map.of("name", name));
            System.out.println("created project " + name);
            return 0;
        }
    }

    @Command(name = "add-member", description = "Adds a user to a project (admins).")
    static final class ProjectAddMember extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT") String project;
        @Parameters(index = "1", paramLabel = "USERNAME") String username;

        @Override
        protected int run(FlowvaultClient client) {
            client.post("projects/" + seg(project) + "/members", Map.of("username", username));
            System.out.println("added " + username + " to " + project);
            return 0;
        }
    }

    @Command(name = "remove-member", description = "Removes a user from a project (admins).")
    static final class ProjectRemoveMember extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT") String project;
        @Parameters(index = "1", paramLabel = "USERNAME") String username;

        @Override
        protected int run(FlowvaultClient client) {
            client.delete("projects/" + seg(project) + "/members/" + seg(username));
            System.out.println("removed " + username + " from " + project);
            return 0;
        }
    }

    @Command(name = "api-key", mixinStandardHelpOptions = true, description = "Your API keys (for the SDK and scripts).",
            subcommands = {KeyList.class, KeyCreate.class, KeyRevoke.class})
    public static final class ApiKey {
    }

    @Command(name = "list", description = "Lists your API keys (never the keys).")
    static final class KeyList extends ApiCommand {
        @Override
        protected int run(FlowvaultClient client) {
            for (JsonNode k : client.get("api-keys").path("api_keys")) {
                System.out.printf("%-38s %-20s %-14s %s%n", k.path("id").asText(), k.path("name").asText(),
                        k.path("prefix").asText(), k.has("revoked_at") ? "revoked" : "active");
            }
            return 0;
        }
    }

    @Command(name = "create", description = "Creates an API key; it is shown only now.")
    static final class KeyCreate extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) {
            System.out.println(client.post("api-keys", Map.of("name", name)).path("key").asText());
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revokes an API key.")
    static final class KeyRevoke extends ApiCommand {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected int run(FlowvaultClient client) {
            client.delete("api-keys/" + seg(id));
            System.out.println("revoked " + id);
            return 0;
        }
    }
}
