package org.flowvault.cli.credential;

import java.nio.file.Path;
import java.util.List;
import org.flowvault.cli.api.ApiCommand;
import org.flowvault.cli.api.CliError;
import org.flowvault.cli.api.OutputOption;
import org.flowvault.cli.api.Table;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.KeyVersion;
import org.flowvault.sdk.credential.NewCredentialKey;
import org.flowvault.sdk.credential.Reencryption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowvault credential key ...} and {@code credential reencrypt}: the project's credential key versions. */
final class CredentialKeyCommands {
    private CredentialKeyCommands() {
    }

    @Command(name = "key", mixinStandardHelpOptions = true, description = "The project's credential key versions (admins change them).",
            subcommands = {ListCmd.class, Generate.class, Import.class, Rotate.class})
    static final class Key {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the key versions (never a key).")
    static final class ListCmd extends ApiCommand {
        @Mixin OutputOption output;

        @Override
        protected int run(Flowvault flowvault) {
            List<KeyVersion> versions = flowvault.credentials(api.project()).keys().versions();
            Table t = Table.of("VERSION", "STATE", "CREATED", "FINGERPRINT");
            versions.forEach(v -> t.row(v.version(), v.current() ? "current" : v.retired() ? "retired" : "readable", v.createdAt(),
                    v.fingerprint()));
            output.print(System.out, versions, t);
            return 0;
        }
    }

    /** Where a key shown once goes: a new 0600 file, or stdout. */
    abstract static class Shown extends ApiCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the key to this new file (mode 0600) instead of printing it.")
        Path out;

        void show(NewCredentialKey k) {
            if (out != null) {
                CredentialKeyOptions.write(out, k.key());
                System.out.println("key version " + k.version() + " is current; its key (shown only now) is in " + out
                        + " — give it to the SDK and CLI with FLOWVAULT_CREDENTIAL_KEY or --key-file");
            } else {
                System.out.println(k.key().toHex());
                System.err.println("key version " + k.version() + " is current; the key above is shown only now"
                        + " — give it to the SDK and CLI with FLOWVAULT_CREDENTIAL_KEY or --key-file");
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Generates the project's key (a new current version); shown once.")
    static final class Generate extends Shown {
        @Override
        protected int run(Flowvault flowvault) {
            show(flowvault.credentials(api.project()).keys().generate());
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "A new current key version (shown once); older versions decrypt until 'credential reencrypt' retires them.")
    static final class Rotate extends Shown {
        @Override
        protected int run(Flowvault flowvault) {
            show(flowvault.credentials(api.project()).keys().rotate());
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Imports an existing key (e.g. the seed product's) as the new current version: from --key-file, "
                    + "$FLOWVAULT_CREDENTIAL_KEY, or stdin/a hidden prompt.")
    static final class Import extends ApiCommand {
        @Mixin
        CredentialKeyOptions key;

        @Override
        protected int run(Flowvault flowvault) {
            CredentialKey k = key.optional();
            if (k == null) {
                try {
                    k = CredentialKey.fromHex(readSecret("credential key (64 hex characters)"));
                } catch (IllegalArgumentException e) {
                    throw new CliError(e.getMessage());
                }
            }
            int version = flowvault.credentials(api.project()).keys().importKey(k);
            System.out.println("imported the key as version " + version + " (fingerprint " + k.fingerprint() + "), now current");
            return 0;
        }
    }

    @Command(name = "reencrypt", mixinStandardHelpOptions = true,
            description = "Re-encrypts every entry under the current key version (v1 fields become v2), then retires the older versions (admins).")
    static final class Reencrypt extends ApiCommand {
        @Override
        protected int run(Flowvault flowvault) {
            Reencryption r = flowvault.credentials(api.project()).keys().reencrypt();
            System.out.println("re-encrypted " + r.reencrypted() + " entries; retired key versions " + r.retiredVersions());
            return 0;
        }
    }
}
