package org.flowvault.cli.credential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.Output;
import org.flowvault.cli.api.OutputOption;
import org.flowvault.cli.api.Table;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.credential.Credential;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.CredentialFilter;
import org.flowvault.sdk.credential.CredentialOperations;
import org.flowvault.sdk.credential.CredentialProxy;
import org.flowvault.sdk.credential.FieldFormat;
import org.flowvault.sdk.credential.TotpCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flowvault credential ...}: the project's credential vault. Secrets are read from stdin
 * (one per line, in the order asked) or a hidden prompt, never from arguments, and encrypted here
 * with the project's credential key before they are sent.
 */
@Command(name = "credential", mixinStandardHelpOptions = true,
        description = "Credential entries: website logins that runs use on a user's behalf, encrypted on this machine.",
        subcommands = {CredentialCommand.Create.class, CredentialCommand.ListCmd.class, CredentialCommand.Get.class,
                CredentialCommand.Update.class, CredentialCommand.Delete.class, CredentialCommand.Totp.class,
                CredentialKeyCommands.Key.class, CredentialKeyCommands.Reencrypt.class})
public final class CredentialCommand {

    /** A command about one entry, named by its domain and permissioned user id. */
    abstract static class EntryCommand extends ApiCommand {
        @Parameters(index = "0", paramLabel = "DOMAIN", description = "The site, e.g. https://portal.example.com.")
        String domain;

        @Parameters(index = "1", paramLabel = "USER_ID", description = "The permissioned user id runs name the entry by.")
        String userId;

        @Mixin
        CredentialKeyOptions key;
    }

    /** The secret fields to read, shared by create and update. */
    abstract static class WriteCommand extends EntryCommand {
        @Option(names = "--tfa-secret", description = "Read the TOTP secret (base32 or an otpauth:// URI) after the password.")
        boolean tfaSecret;

        @Option(names = "--proxy", description = "Read the proxy (a target IP, or a proxy URL) last.")
        boolean proxy;

        @Option(names = "--no-proxy", description = "Runs use no proxy.")
        boolean noProxy;

        @Option(names = "--format", paramLabel = "v2|v1", defaultValue = "v2",
                description = "The field format to write: v2 (default, bound to the entry) or v1 (the seed product's, for entries it must still read).")
        String format;

        @Mixin
        EntryOptions options;

        FieldFormat format() {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "v2" -> FieldFormat.V2;
                case "v1" -> FieldFormat.V1;
                default -> throw new CliError("--format is v2 or v1");
            };
        }

        /** Reads the optional secrets asked for, in order: TOTP secret, proxy. */
        void readOptional(CredentialEntry.Builder b) {
            if (tfaSecret) {
                b.tfaSecret(Secret.of(readSecret("TOTP secret")));
            }
            if (proxy && noProxy) {
                throw new CliError("give --proxy or --no-proxy, not both");
            }
            if (proxy) {
                String p = readSecret("proxy (target IP or URL)");
                b.proxy(p.contains("://") ? CredentialProxy.url(p) : CredentialProxy.target(p));
            } else if (noProxy) {
                b.proxy(CredentialProxy.disabled());
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Stores a new entry: reads the user name and password (then the TOTP secret and proxy when asked) from stdin or a hidden prompt.")
    static final class Create extends WriteCommand {
        @Override
        protected int run(Flowvault ignored) {
            CredentialEntry.Builder b = CredentialEntry.builder(domain, userId);
            options.applyTo(b);
            if (options.vault == null) {
                b.userName(Secret.of(readSecret("user name"))).password(Secret.of(readSecret("password")));
                readOptional(b);
            } else if (tfaSecret || proxy) {
                throw new CliError("an entry read from Vault (--vault) stores no secrets of its own: drop --tfa-secret and --proxy");
            }
            CredentialEntry entry = b.build();
            boolean needsKey = entry.userName() != null || entry.password() != null || entry.tfaSecret() != null || entry.proxy() != null;
            Credential c = api.flowvault(needsKey ? key.required("storing a login") : key.optional(), format()).credentials(api.project()).create(entry);
            System.out.println("created credential entry " + c.id() + " for " + domain + " / " + userId + " in project " + api.project());
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Changes an entry: reads anew the secret fields named (--user-name, --password, --tfa-secret, --proxy), keeps the others.")
    static final class Update extends WriteCommand {
        @Option(names = "--user-name", description = "Read a new user name.")
        boolean userName;

        @Option(names = "--password", description = "Read a new password.")
        boolean password;

        @Override
        protected int run(Flowvault ignored) {
            if (!userName && !password && !tfaSecret && !proxy && !noProxy && !options.any()) {
                throw new CliError("nothing to change: name the secrets to read anew (--user-name, --password, --tfa-secret, --proxy) or a setting");
            }
            CredentialOperations credentials = api.flowvault(key.required("updating an entry"), format()).credentials(api.project());
            Credential current = credentials.find(domain, userId).orElseThrow(() -> new CliError(
                    "project " + api.project() + " has no credential entry for " + domain + " / " + userId + "; create it first"));
            CredentialEntry.Builder b = current.toEntry();
            options.applyTo(b);
            if (userName) {
                b.userName(Secret.of(readSecret("user name")));
            }
            if (password) {
                b.password(Secret.of(readSecret("password")));
            }
            readOptional(b);
            credentials.update(b.build());
            System.out.println("updated credential entry " + current.id() + " for " + domain + " / " + userId);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the project's entries (no secrets; needs no key).")
    static final class ListCmd extends ApiCommand {
        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only the entry of this site (with --user-id).") String domain;
        @Option(names = "--user-id", paramLabel = "USER_ID", description = "Only the entry of this permissioned user id (with --domain).")
        String userId;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            if (domain == null != (userId == null)) {
                throw new CliError("--domain and --user-id go together (or give neither for every entry)");
            }
            CredentialFilter f = new CredentialFilter(domain, userId, false);
            List<Credential> entries = flowvault.credentials(api.project()).get(f);
            Table t = Table.of("ID", "DOMAIN", "USER_ID", "ALIAS", "FIELDS");
            entries.forEach(c -> t.row(c.id(), c.domain(), c.permissionedUserId(), c.userAlias(),
                    c.vault() != null ? "vault " + c.vault().config() + ":" + c.vault().path() : String.join(",", c.ciphertexts().keySet())));
            output.print(System.out, entries.stream().map(c -> Get.view(c, false)).toList(), t);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Shows an entry: decrypted here when a key is given (secrets masked unless --show-secrets).")
    static final class Get extends EntryCommand {
        @Option(names = "--show-secrets", description = "Print the user name, password, TOTP secret and proxy in clear.")
        boolean showSecrets;

        @Mixin
        OutputOption output;

        @Override
        protected int run(Flowvault ignored) {
            org.flowvault.sdk.credential.CredentialKey k = showSecrets ? key.required("--show-secrets") : key.optional();
            Credential c = api.flowvault(k, FieldFormat.V2).credentials(api.project())
                    .get(new CredentialFilter(domain, userId, k != null)).stream().findFirst()
                    .orElseThrow(() -> new CliError("project " + api.project() + " has no credential entry for " + domain + " / " + userId));
            Map<String, Object> view = view(c, showSecrets);
            output.print(System.out, view, out -> Output.printFields(out, view));
            return 0;
        }

        /** The entry for people and scripts: secrets masked, or in clear when {@code show}, or a note when not decrypted. */
        static Map<String, Object> view(Credential c, boolean show) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("project", c.project());
            m.put("domain", c.domain());
            m.put("permissioned_user_id", c.permissionedUserId());
            m.put("user_alias", c.userAlias());
            for (String f : new String[] {"user_name", "password", "tfa_secret", "proxy"}) {
                if (c.ciphertexts().containsKey(f)) {
                    m.put(f, !c.decrypted() ? "(encrypted; give the credential key to decrypt)" : show ? clear(c, f) : Output.MASK);
                }
            }
            m.put("tfa_method", c.tfaMethod() == null ? null : c.tfaMethod().name().toLowerCase(Locale.ROOT));
            m.put("persist_cookies", c.persistCookies());
            m.put("persist_local_storage", c.persistLocalStorage());
            m.put("persist_session_storage", c.persistSessionStorage());
            m.put("allow_multiple_sessions", c.allowMultipleSessions());
            m.put("max_concurrency", c.maxConcurrency());
            m.put("prevent_concurrency_during_login", c.preventConcurrencyDuringLogin());
            m.put("expire_after_last_use_days", c.expireAfterLastUseDays());
            m.put("vault", c.vault() == null ? null : c.vault().config() + ":" + c.vault().path() + " " + c.vault().keys());
            m.put("created_at", c.createdAt() == null ? null : c.createdAt().toString());
            m.put("updated_at", c.updatedAt() == null ? null : c.updatedAt().toString());
            m.put("last_used_at", c.lastUsedAt() == null ? null : c.lastUsedAt().toString());
            m.values().removeIf(java.util.Objects::isNull);
            return m;
        }

        private static String clear(Credential c, String field) {
            return switch (field) {
                case "user_name" -> c.userName().reveal();
                case "password" -> c.password().reveal();
                case "tfa_secret" -> c.tfaSecret().reveal();
                default -> c.proxy().url() != null ? c.proxy().url() : c.proxy().enabled() ? c.proxy().targetIp() : "disabled";
            };
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes an entry.")
    static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "DOMAIN", description = "The entry's site.") String domain;
        @Parameters(index = "1", paramLabel = "USER_ID", description = "The entry's permissioned user id.") String userId;

        @Override
        protected int run(Flowvault flowvault) {
            flowvault.credentials(api.project()).delete(domain, userId);
            System.out.println("deleted credential entry " + domain + " / " + userId);
            return 0;
        }
    }

    @Command(name = "totp", mixinStandardHelpOptions = true,
            description = "Prints the entry's current TOTP code (computed by the server; needs the credentials:decrypt permission).")
    static final class Totp extends ApiCommand {
        @Parameters(index = "0", paramLabel = "DOMAIN", description = "The entry's site.") String domain;
        @Parameters(index = "1", paramLabel = "USER_ID", description = "The entry's permissioned user id.") String userId;
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            TotpCode code = flowvault.credentials(api.project()).totp(domain, userId);
            if (output.json()) {
                // the code is what was asked for: shown on purpose, as in text
                Output.printJson(System.out, Map.of("code", code.code().reveal(), "valid_for_seconds", code.validForSeconds(),
                        "digits", code.digits(), "period", code.period()));
                return 0;
            }
            System.out.println(code.code().reveal());
            System.err.println("valid for " + code.validForSeconds() + " s (" + code.digits() + " digits, " + code.period() + " s period)");
            return 0;
        }
    }
}
