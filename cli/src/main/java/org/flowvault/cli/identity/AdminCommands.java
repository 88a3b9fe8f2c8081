package org.flowvault.cli.identity;

import java.util.List;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.OutputOption;
import org.flowvault.cli.api.Table;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.identity.ApiKey;
import org.flowvault.sdk.identity.NewUser;
import org.flowvault.sdk.identity.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault user|project|api-key ...}: identity administration. */
public final class AdminCommands {
    private AdminCommands() {
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Users (admins).",
            subcommands = {UserList.class, UserCreate.class, UserSetPassword.class, UserDelete.class})
    public static final class User {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists users.")
    static final class UserList extends ApiCommand {
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<org.flowvault.sdk.identity.User> users = flowvault.users().list();
            Table t = Table.of("USERNAME", "ROLE", "CREATED");
            users.forEach(u -> t.row(u.username(), u.role().wireName(), u.createdAt()));
            output.print(System.out, users, t);
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a user; without --password-stdin a password is generated and shown once.")
    static final class UserCreate extends ApiCommand {
        @Parameters(paramLabel = "USERNAME", description = "The new user's name (letters, digits, '.', '_', '-', '@').") String username;
        @Option(names = "--role", defaultValue = "member", paramLabel = "admin|member",
                description = "admin (manages users, projects and vault configurations) or member (default: ${DEFAULT-VALUE}).") String role;
        @Option(names = "--password-stdin", description = "Read the password from stdin (or a hidden prompt) instead of generating one.")
        boolean passwordStdin;

        @Override
        protected int run(Flowvault flowvault) {
            Role r = Role.fromWire(role);
            NewUser u = flowvault.users().create(username, r, passwordStdin ? Secret.of(readSecret("password")) : null);
            System.out.println("created " + r.wireName() + " " + username
                    + (u.generatedPassword() != null ? "; password (shown only now): " + u.generatedPassword().reveal() : ""));
            return 0;
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = "Sets a user's password (admins), read from stdin or a hidden prompt, never an argument; "
                    + "e.g. to sign in to the web UI of a dev instance whose first-start password is lost.")
    static final class UserSetPassword extends ApiCommand {
        @Parameters(paramLabel = "USERNAME", description = "The user whose password to set.") String username;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.users().setPassword(username, Secret.of(readSecret("new password")));
            System.out.println("password of " + username + " set");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a user.")
    static final class UserDelete extends ApiCommand {
        @Parameters(paramLabel = "USERNAME", description = "The user to delete.") String username;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.users().delete(username);
            System.out.println("deleted user " + username);
            return 0;
        }
    }

    @Command(name = "project", mixinStandardHelpOptions = true, description = "Projects and members.",
            subcommands = {ProjectList.class, ProjectCreate.class, ProjectEgress.class, ProjectAddMember.class, ProjectRemoveMember.class, ProjectAllowDecrypt.class})
    public static final class Project {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the projects you may use.")
    static final class ProjectList extends ApiCommand {
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<org.flowvault.sdk.identity.Project> projects = flowvault.projects().list();
            Table t = Table.of("NAME", "TASK_EGRESS", "CREATED");
            projects.forEach(p -> t.row(p.name(), p.taskEgress() == null ? "(operator's list)" : String.join(",", p.taskEgress()),
                    p.createdAt()));
            output.print(System.out, projects, t);
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a project (admins).")
    static final class ProjectCreate extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The new project's name.") String name;
        @Option(names = "--task-egress", paramLabel = "ENTRY", split = ",",
                description = "Narrows the operator's task egress allow-list for this project's runs: a destination must be "
                        + "allowed by both (host, *.domain, address, network or *, optionally scheme:// before and :port after).")
        List<String> taskEgress;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.projects().create(name, taskEgress);
            System.out.println("created project " + name);
            return 0;
        }
    }

    @Command(name = "egress", mixinStandardHelpOptions = true,
            description = "Sets or clears the project's own task egress list, which narrows the operator's (admins).")
    static final class ProjectEgress extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT", description = "The project whose egress list to set.") String project;
        @Option(names = "--task-egress", paramLabel = "ENTRY", split = ",",
                description = "The project's entries; its runs may connect only where the operator's list also allows.")
        List<String> taskEgress;
        @Option(names = "--clear", description = "Removes the project's list: the operator's allow-list applies unnarrowed.")
        boolean clear;

        @Override
        protected int run(Flowvault flowvault) {
            if (clear == (taskEgress != null)) {
                System.err.println("give either --task-egress ENTRY[,ENTRY...] or --clear");
                return 2;
            }
            org.flowvault.sdk.identity.Project p = flowvault.projects().setTaskEgress(project, clear ? null : taskEgress);
            System.out.println(p.taskEgress() == null ? "project " + project + " uses the operator's task egress allow-list"
                    : "project " + project + " narrows task egress to " + String.join(", ", p.taskEgress()));
            return 0;
        }
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Adds a user to a project (admins).")
    static final class ProjectAddMember extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT", description = "The project.") String project;
        @Parameters(index = "1", paramLabel = "USERNAME", description = "The user to add.") String username;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.projects().addMember(project, username);
            System.out.println("added " + username + " to " + project);
            return 0;
        }
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true, description = "Removes a user from a project (admins).")
    static final class ProjectRemoveMember extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT", description = "The project.") String project;
        @Parameters(index = "1", paramLabel = "USERNAME", description = "The member to remove.") String username;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.projects().removeMember(project, username);
            System.out.println("removed " + username + " from " + project);
            return 0;
        }
    }

    @Command(name = "allow-decrypt", mixinStandardHelpOptions = true,
            description = "Lets a member read the project's credential entries decrypted by the server and their TOTP codes (admins); --revoke withdraws it.")
    static final class ProjectAllowDecrypt extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT", description = "The project.") String project;
        @Parameters(index = "1", paramLabel = "USERNAME", description = "The member to grant (or, with --revoke, withdraw) the permission.") String username;
        @Option(names = "--revoke", description = "Withdraw the permission.") boolean revoke;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.projects().allowCredentialDecryption(project, username, !revoke);
            System.out.println((revoke ? "withdrew " : "granted ") + "credentials:decrypt in " + project + (revoke ? " from " : " to ") + username);
            return 0;
        }
    }

    @Command(name = "api-key", mixinStandardHelpOptions = true, description = "Your API keys (for the SDK and scripts).",
            subcommands = {KeyList.class, KeyCreate.class, KeyRevoke.class})
    public static final class ApiKeyCmd {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists your API keys (never the keys).")
    static final class KeyList extends ApiCommand {
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<ApiKey> keys = flowvault.apiKeys().list();
            Table t = Table.of("ID", "NAME", "PREFIX", "STATE", "LAST_USED");
            keys.forEach(k -> t.row(k.id(), k.name(), k.prefix(), k.revoked() ? "revoked" : "active", k.lastUsedAt()));
            output.print(System.out, keys, t);
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates an API key; it is shown only now.")
    static final class KeyCreate extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "A name that says where the key is used, e.g. ci-deploy.") String name;

        @Override
        protected int run(Flowvault flowvault) {
            System.out.println(flowvault.apiKeys().create(name).key().reveal());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes an API key.")
    static final class KeyRevoke extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The key's id, as 'api-key list' shows it.") String id;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.apiKeys().revoke(id);
            System.out.println("revoked " + id);
            return 0;
        }
    }
}
