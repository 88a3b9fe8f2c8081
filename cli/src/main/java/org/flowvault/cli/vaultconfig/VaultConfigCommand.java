package org.flowvault.cli.vaultconfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.Durations;
import org.flowvault.cli.api.Output;
import org.flowvault.cli.api.OutputOption;
import org.flowvault.cli.api.Table;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.vaultconfig.AuthMethod;
import org.flowvault.sdk.vaultconfig.ConnectionTest;
import org.flowvault.sdk.vaultconfig.KvVersion;
import org.flowvault.sdk.vaultconfig.Scope;
import org.flowvault.sdk.vaultconfig.SecretWrite;
import org.flowvault.sdk.vaultconfig.TokenStatus;
import org.flowvault.sdk.vaultconfig.VaultConfig;
import org.flowvault.sdk.vaultconfig.VaultConfigRequest;
import org.flowvault.sdk.vaultconfig.VaultCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault vault-config ...}: Vault configurations, your own Vault token, writing secrets. */
@Command(name = "vault-config", mixinStandardHelpOptions = true,
        description = "Vault configurations (admins), your Vault token (Authenticate), cache refresh, writing secrets.",
        subcommands = {VaultConfigCommand.ListCmd.class, VaultConfigCommand.Get.class, VaultConfigCommand.Create.class,
                VaultConfigCommand.Update.class, VaultConfigCommand.Delete.class, VaultConfigCommand.Test.class,
                VaultConfigCommand.Credentials.class, VaultConfigCommand.Authenticate.class, VaultConfigCommand.TokenStatusCmd.class,
                VaultConfigCommand.ForgetToken.class, VaultConfigCommand.Refresh.class, VaultConfigCommand.WriteSecret.class})
public final class VaultConfigCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the configurations you can see.")
    static final class ListCmd extends ApiCommand {
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<VaultConfig> configs = flowvault.vaultConfigs().list();
            Table t = Table.of("NAME", "STATE", "URL", "AUTH_METHOD", "SCOPE");
            configs.forEach(c -> t.row(c.name(), c.enabled() ? "enabled" : "disabled", c.url(), c.authMethod(),
                    c.scope() == null ? "" : c.scope().platform() ? "platform" : String.join(",", c.scope().projects())));
            output.print(System.out, configs, t);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a configuration (never its credentials).")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration's name.")
        String name;

        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            VaultConfig c = flowvault.vaultConfigs().get(name);
            output.print(System.out, c, out -> Output.printFields(out, c));
            return 0;
        }
    }

    /** The fields of a configuration, shared by create and update. */
    abstract static class Fields extends ApiCommand {
        @Option(names = "--url", paramLabel = "URL",
                description = "The Vault address, e.g. https://vault.example.com:8200 (must match the operator's allow-list).") String url;
        @Option(names = "--enabled", arity = "1", paramLabel = "true|false", description = "Whether runs may use the configuration.")
        Boolean enabled;
        @Option(names = "--ca-cert-file", paramLabel = "PEM_FILE", description = "A PEM CA certificate to trust for this Vault's TLS.")
        Path caCertFile;
        @Option(names = "--namespace", paramLabel = "NAMESPACE", description = "The Vault Enterprise/OpenBao namespace, e.g. team-a/.")
        String namespace;
        @Option(names = "--auth-method", paramLabel = "user_token|approle|userpass|ldap|shared_token|kubernetes|jwt|cert",
                description = "Whose identity reads secrets: each user's own token, or a machine/shared identity.") String authMethod;
        @Option(names = "--auth-mount", paramLabel = "PATH", description = "Where the auth method is mounted (default: its type, e.g. approle).")
        String authMount;
        @Option(names = "--auth-namespace", paramLabel = "NAMESPACE",
                description = "The namespace to log in in (methods that log in); default: --namespace. Secrets are read in --namespace.")
        String authNamespace;
        @Option(names = "--auth-role", paramLabel = "ROLE",
                description = "kubernetes/jwt: the Vault role; cert: the certificate role (optional).") String authRole;
        @Option(names = "--jwt-file", paramLabel = "ABSOLUTE_PATH",
                description = "kubernetes/jwt: the JWT file on the server, read at each login "
                        + "(kubernetes default: /var/run/secrets/kubernetes.io/serviceaccount/token).") String jwtFile;
        @Option(names = "--jwt-env-variable", paramLabel = "NAME",
                description = "jwt: the server environment variable holding the JWT, instead of --jwt-file.") String jwtEnvVariable;
        @Option(names = "--kv-mount", paramLabel = "PATH", description = "The default KV mount (default: secret).") String kvMount;
        @Option(names = "--kv-version", paramLabel = "auto|1|2", description = "The KV engine version; auto asks Vault.") String kvVersion;
        @Option(names = "--scope", paramLabel = "platform|PROJECT,...", description = "Who may use it: every project, or the projects listed.")
        String scope;
        @Option(names = "--auto-renew", arity = "1", paramLabel = "true|false", description = "Renew users' tokens before they expire.")
        Boolean autoRenew;
        @Option(names = "--renewal-threshold", paramLabel = "DURATION",
                description = "Renew a token when it expires within this, e.g. 2d.") String renewalThreshold;
        @Option(names = "--cache-ttl", paramLabel = "DURATION", description = "How long secrets are cached, e.g. 1h; 0 disables.") String cacheTtl;
        @Option(names = "--revalidation-interval", paramLabel = "DURATION",
                description = "Check cached KV v2 secrets against Vault's current version this often, e.g. 15s (one metadata read per path per interval).")
        String revalidationInterval;
        @Option(names = "--serve-stale-on-error", arity = "1", paramLabel = "true|false",
                description = "Serve expired cached secrets while Vault is unreachable.") Boolean serveStale;

        VaultConfigRequest.Builder fields() throws Exception {
            return VaultConfigRequest.builder().url(url).enabled(enabled)
                    .caCertificate(caCertFile == null ? null : Files.readString(caCertFile)).namespace(namespace)
                    .authMethod(authMethod == null ? null : AuthMethod.fromWire(authMethod)).authMount(authMount)
                    .authNamespace(authNamespace).authRole(authRole).jwtFile(jwtFile).jwtEnvVariable(jwtEnvVariable).kvMount(kvMount)
                    .kvVersion(kvVersion == null ? null : KvVersion.fromWire(kvVersion))
                    .scope(scope == null ? null : scope.equals("platform") ? Scope.platformWide()
                            : Scope.projects(List.of(scope.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()))
                    .autoRenew(autoRenew)
                    .renewalThreshold(renewalThreshold == null ? null : Durations.parse("--renewal-threshold", renewalThreshold))
                    .cacheTtl(cacheTtl == null ? null : Durations.parse("--cache-ttl", cacheTtl)).serveStaleOnError(serveStale)
                    .revalidationInterval(revalidationInterval == null ? null : Durations.parse("--revalidation-interval", revalidationInterval));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Registers a Vault server (admins). Credentials of machine identities: 'vault-config credentials'.")
    static final class Create extends Fields {
        @Parameters(paramLabel = "NAME", description = "The new configuration's name.") String name;

        @Override
        protected int run(Flowvault flowvault) throws Exception {
            if (url == null) {
                throw new CliError("--url is required, e.g. --url https://vault.example.com:8200");
            }
            Output.printJson(System.out, flowvault.vaultConfigs().create(fields().name(name).build()));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Changes the given fields of a configuration (admins).")
    static final class Update extends Fields {
        @Parameters(paramLabel = "NAME", description = "The configuration to change.") String name;
        @Option(names = "--rename", paramLabel = "NEW_NAME", description = "Give the configuration this new name.") String rename;

        @Override
        protected int run(Flowvault flowvault) throws Exception {
            Output.printJson(System.out, flowvault.vaultConfigs().update(name, fields().name(rename).build()));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a configuration (admins).")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration to delete.") String name;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.vaultConfigs().delete(name);
            System.out.println("deleted vault configuration " + name);
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Logs in with the configured identity (or your token) and checks capabilities.")
    static final class Test extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration to test.") String name;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            ConnectionTest r = flowvault.vaultConfigs().test(name);
            output.print(System.out, r, out -> out.println((r.ok() ? "OK: " : "FAILED (" + r.outcome() + "): ") + r.message()
                    + (r.capabilities().isEmpty() ? "" : "  capabilities=" + Output.text(r.capabilities()))));
            return r.ok() ? 0 : 1;
        }
    }

    @Command(name = "credentials", mixinStandardHelpOptions = true,
            description = "Sets the machine/shared identity's credentials (admins); secrets are read from stdin, one per line, in the order asked.")
    static final class Credentials extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration whose identity to set.") String name;
        @Option(names = "--role-id", paramLabel = "ROLE_ID", description = "The AppRole role id (not secret; its secret id is).") String roleId;
        @Option(names = "--secret-id-stdin", description = "Read the AppRole secret id from stdin.") boolean secretId;
        @Option(names = "--username", paramLabel = "USERNAME", description = "The userpass/LDAP user name.") String username;
        @Option(names = "--password-stdin", description = "Read the userpass/LDAP password from stdin.") boolean password;
        @Option(names = "--token-stdin", description = "Read the shared token from stdin.") boolean token;
        @Option(names = "--client-cert-file", paramLabel = "PEM_FILE", description = "cert: the client certificate (PEM).")
        Path clientCertFile;
        @Option(names = "--private-key-file", paramLabel = "PEM_FILE",
                description = "cert: the certificate's unencrypted PKCS#8 private key (PEM); stored encrypted, never shown.") Path privateKeyFile;

        @Override
        protected int run(Flowvault flowvault) throws Exception {
            Secret s = secretId ? Secret.of(readSecret("AppRole secret id")) : null;
            Secret p = password ? Secret.of(readSecret("password")) : null;
            Secret t = token ? Secret.of(readSecret("Vault token")) : null;
            String cert = clientCertFile == null ? null : Files.readString(clientCertFile);
            Secret key = privateKeyFile == null ? null : Secret.of(Files.readString(privateKeyFile));
            Output.printJson(System.out, flowvault.vaultConfigs().setCredentials(name,
                    new VaultCredentials(roleId, s, username, p, t, cert, key)));
            return 0;
        }
    }

    @Command(name = "authenticate", mixinStandardHelpOptions = true,
            description = "Registers your own Vault token for a configuration: from $VAULT_TOKEN, or stdin/prompt.")
    static final class Authenticate extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration to register your token for.") String name;
        @Option(names = "--stdin", description = "Read the token from stdin even when VAULT_TOKEN is set.") boolean stdin;

        @Override
        protected int run(Flowvault flowvault) {
            String env = System.getenv("VAULT_TOKEN");
            String token = !stdin && env != null && !env.isBlank() ? env : readSecret("Vault token");
            TokenStatus s = flowvault.vaultConfigs().registerToken(name, Secret.of(token));
            System.out.println("registered your Vault token for " + name + ": " + s.state() + ", expires "
                    + (s.expiresAt() == null ? "never" : s.expiresAt()) + ", renewable " + Boolean.TRUE.equals(s.renewable())
                    + ", policies " + s.policies());
            return 0;
        }
    }

    @Command(name = "token-status", mixinStandardHelpOptions = true, description = "Shows your token's status, or every user's with --all (admins).")
    static final class TokenStatusCmd extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration.") String name;
        @Option(names = "--all", description = "Every user's token status as a table (admins).") boolean all;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            if (all) {
                List<TokenStatus> statuses = flowvault.vaultConfigs().tokenStatuses(name);
                Table t = Table.of("USERNAME", "STATE", "EXPIRES", "RENEWABLE", "LAST_RENEWAL", "LAST_ERROR");
                statuses.forEach(s -> t.row(s.username(), s.state(), s.expiresAt(), s.renewable(), s.lastRenewalAt(), s.lastError()));
                output.print(System.out, Map.of("tokens", statuses), t);
            } else {
                TokenStatus s = flowvault.vaultConfigs().tokenStatus(name);
                output.print(System.out, s, out -> Output.printFields(out, s));
            }
            return 0;
        }
    }

    @Command(name = "forget-token", mixinStandardHelpOptions = true, description = "Removes your registered token.")
    static final class ForgetToken extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration whose registered token to remove.") String name;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.vaultConfigs().forgetToken(name);
            System.out.println("removed your Vault token for " + name);
            return 0;
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true, description = "Drops every cached secret of a configuration (on every node).")
    static final class Refresh extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The configuration whose cache to drop.") String name;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.vaultConfigs().refresh(name);
            System.out.println("refreshed the cache of " + name);
            return 0;
        }
    }

    @Command(name = "write-secret", mixinStandardHelpOptions = true,
            description = "Writes a secret through a configuration as you (values: KEY=VALUE, or KEY=- to read it from stdin).")
    static final class WriteSecret extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The configuration to write through.") String name;
        @Parameters(index = "1", paramLabel = "PATH", description = "The secret's path, e.g. secret/app/db (API or logical form).") String path;
        @Parameters(index = "2..*", paramLabel = "KEY=VALUE", description = "A key of the secret and its value; KEY=- reads the value from stdin.")
        List<String> values;

        @Override
        protected int run(Flowvault flowvault) {
            Map<String, Object> data = pairs(values);
            data.replaceAll((k, v) -> "-".equals(v) ? readSecret(k) : v);
            if (data.isEmpty()) {
                throw new CliError("give at least one KEY=VALUE");
            }
            SecretWrite r = flowvault.vaultConfigs().writeSecret(name, api.project(), path, data);
            System.out.println("wrote " + r.keys() + " to " + path + " through " + name + (r.version() != null ? " (version " + r.version() + ")" : ""));
            return 0;
        }
    }
}
