package org.flowvault.cli.vaultconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.sdk.FlowvaultClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowvault vault-config ...}: Vault configurations, your own Vault token, writing secrets. */
@Command(name = "vault-config", mixinStandardHelpOptions = true,
        description = "Vault configurations (admins), your Vault token (Authenticate), cache refresh, writing secrets.",
        subcommands = {VaultConfigCommand.ListCmd.class, VaultConfigCommand.Get.class, VaultConfigCommand.Create.class,
                VaultConfigCommand.Update.class, VaultConfigCommand.Delete.class, VaultConfigCommand.Test.class,
                VaultConfigCommand.Credentials.class, VaultConfigCommand.Authenticate.class, VaultConfigCommand.TokenStatus.class,
                VaultConfigCommand.ForgetToken.class, VaultConfigCommand.Refresh.class, VaultConfigCommand.WriteSecret.class})
public final class VaultConfigCommand {
    private static final String BASE = "vault-configs";

    @Command(name = "list", description = "Lists the configurations you can see.")
    static final class ListCmd extends ApiCommand {
        @Override
        protected int run(FlowvaultClient client) {
            for (JsonNode c : client.get(BASE).path("vault_configs")) {
                System.out.printf("%-20s %-8s %-40s %-12s scope=%s%n", c.path("name").asText(),
                        c.path("enabled").asBoolean() ? "enabled" : "disabled", c.path("url").asText(),
                        c.path("auth_method").asText(), c.path("scope"));
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Shows a configuration (never its credentials).")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(FlowvaultClient client) {
            print(client.get(BASE + "/" + seg(name)));
            return 0;
        }
    }

    /** The fields of a configuration, shared by create and update. */
    abstract static class Fields extends ApiCommand {
        @Option(names = "--url") String url;
        @Option(names = "--enabled", arity = "1", paramLabel = "true|false") Boolean enabled;
        @Option(names = "--ca-cert-file", paramLabel = "PEM_FILE") Path caCertFile;
        @Option(names = "--namespace") String namespace;
        @Option(names = "--auth-method", paramLabel = "user_token|approle|userpass|ldap|shared_token") String authMethod;
        @Option(names = "--auth-mount") String authMount;
        @Option(names = "--kv-mount") String kvMount;
        @Option(names = "--kv-version", paramLabel = "auto|1|2") String kvVersion;
        @Option(names = "--scope", paramLabel = "platform|PROJECT,...") String scope;
        @Option(names = "--auto-renew", arity = "1", paramLabel = "true|false") Boolean autoRenew;
        @Option(names = "--renewal-threshold", paramLabel = "DURATION", description = "e.g. 2d") String renewalThreshold;
        @Option(names = "--cache-ttl", paramLabel = "DURATION", description = "e.g. 1h; 0 disables") String cacheTtl;
        @Option(names = "--serve-stale-on-error", arity = "1", paramLabel = "true|false") Boolean serveStale;

        Map<String, Object> fields() throws Exception {
            Map<String, Object> b = new LinkedHashMap<>();
            put(b, "url", url);
            put(b, "enabled", enabled);
            if (caCertFile != null) {
                b.put("ca_certificate", Files.readString(caCertFile));
            }
            put(b, "namespace", namespace);
            put(b, "auth_method", authMethod);
            put(b, "auth_mount", authMount);
            put(b, "kv_mount", kvMount);
            put(b, "kv_version", kvVersion);
            if (scope != null) {
                b.put("scope", scope.equals("platform") ? "platform" : List.of(scope.split(",")));
            }
            put(b, "auto_renew", autoRenew);
            put(b, "renewal_threshold", renewalThreshold);
            put(b, "cache_ttl", cacheTtl);
            put(b, "serve_stale_on_error", serveStale);
            return b;
        }

        private static void put(Map<String, Object> b, String key, Object v) {
            if (v != null) {
                b.put(key, v);
            }
        }
    }

    @Command(name = "create", description = "Registers a Vault server (admins). Credentials of machine identities: 'vault-config credentials'.")
    static final class Create extends Fields {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) throws Exception {
            if (url == null) {
                throw new CliError("--url is required, e.g. --url https://vault.example.com:8200");
            }
            Map<String, Object> b = fields();
            b.put("name", name);
            print(client.post(BASE, b));
            return 0;
        }
    }

    @Command(name = "update", description = "Changes the given fields of a configuration (admins).")
    static final class Update extends Fields {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--rename", paramLabel = "NEW_NAME") String rename;

        @Override
        protected int run(FlowvaultClient client) throws Exception {
            Map<String, Object> b = fields();
            if (rename != null) {
                b.put("name", rename);
            }
            print(client.put(BASE + "/" + seg(name), b));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes a configuration (admins).")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) {
            client.delete(BASE + "/" + seg(name));
            System.out.println("deleted vault configuration " + name);
            return 0;
        }
    }

    @Command(name = "test", description = "Logs in with the configured identity (or your token) and checks capabilities.")
    static final class Test extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) {
            JsonNode r = client.post(BASE + "/" + seg(name) + "/test", Map.of());
            System.out.println((r.path("ok").asBoolean() ? "OK: " : "FAILED (" + r.path("outcome").asText() + "): ")
                    + r.path("message").asText() + (r.path("capabilities").isMissingNode() ? "" : "  capabilities=" + r.path("capabilities")));
            return r.path("ok").asBoolean() ? 0 : 1;
        }
    }

    @Command(name = "credentials", description = "Sets the machine/shared identity's credentials (admins); secrets are read from stdin, one per line, in the order asked.")
    static final class Credentials extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--role-id") String roleId;
        @Option(names = "--secret-id-stdin", description = "Read the AppRole secret id from stdin.") boolean secretId;
        @Option(names = "--username") String username;
        @Option(names = "--password-stdin", description = "Read the userpass/LDAP password from stdin.") boolean password;
        @Option(names = "--token-stdin", description = "Read the shared token from stdin.") boolean token;

        @Override
        protected int run(FlowvaultClient client) {
            Map<String, Object> b = new LinkedHashMap<>();
            if (roleId != null) {
                b.put("role_id", roleId);
            }
            if (secretId) {
                b.put("secret_id", readSecret("AppRole secret id"));
            }
            if (username != null) {
                b.put("username", username);
            }
            if (password) {
                b.put("password", readSecret("password"));
            }
            if (token) {
                b.put("token", readSecret("Vault token"));
            }
            print(client.put(BASE + "/" + seg(name) + "/credentials", b));
            return 0;
        }
    }

    @Command(name = "authenticate", description = "Registers your own Vault token for a configuration: from $VAULT_TOKEN, or stdin/prompt.")
    static final class Authenticate extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--stdin", description = "Read the token from stdin even when VAULT_TOKEN is set.") boolean stdin;

        @Override
        protected int run(FlowvaultClient client) {
            String env = System.getenv("VAULT_TOKEN");
            String token = !stdin && env != null && !env.isBlank() ? env : readSecret("Vault token");
            JsonNode s = client.put(BASE + "/" + seg(name) + "/token", Map.of("token", token));
            System.out.println("registered your Vault token for " + name + ": " + s.path("state").asText()
                    + ", expires " + s.path("expires_at").asText("never") + ", renewable " + s.path("renewable").asBoolean()
                    + ", policies " + s.path("policies"));
            return 0;
        }
    }

    @Command(name = "token-status", description = "Shows your token's status, or every user's with --all (admins).")
    static final class TokenStatus extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--all") boolean all;

        @Override
        protected int run(FlowvaultClient client) {
            print(client.get(BASE + "/" + seg(name) + (all ? "/tokens" : "/token")));
            return 0;
        }
    }

    @Command(name = "forget-token", description = "Removes your registered token.")
    static final class ForgetToken extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) {
            client.delete(BASE + "/" + seg(name) + "/token");
            System.out.println("removed your Vault token for " + name);
            return 0;
        }
    }

    @Command(name = "refresh", description = "Drops every cached secret of a configuration (on every node).")
    static final class Refresh extends ApiCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        protected int run(FlowvaultClient client) {
            client.post(BASE + "/" + seg(name) + "/refresh", Map.of());
            System.out.println("refreshed the cache of " + name);
            return 0;
        }
    }

    @Command(name = "write-secret", description = "Writes a secret through a configuration as you (values: KEY=VALUE, or KEY=- to read it from stdin).")
    static final class WriteSecret extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "PATH") String path;
        @Parameters(index = "2..*", paramLabel = "KEY=VALUE") List<String> values;

        @Override
        protected int run(FlowvaultClient client) {
            Map<String, Object> data = pairs(values);
            data.replaceAll((k, v) -> "-".equals(v) ? readSecret(k) : v);
            if (data.isEmpty()) {
                throw new CliError("give at least one KEY=VALUE");
            }
            JsonNode r = client.post(BASE + "/" + seg(name) + "/secrets", Map.of("project", api.project(), "path", path, "data", data));
            System.out.println("wrote " + r.path("keys") + " to " + path + " through " + name
                    + (r.has("version") ? " (version " + r.path("version").asText() + ")" : ""));
            return 0;
        }
    }
}
