package org.flowvault.cli.credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.flowvault.cli.api.CliError;
import org.flowvault.sdk.credential.CredentialKey;
import picocli.CommandLine.Option;

/**
 * Where the credential commands find the project's credential key: {@code --key-file FILE} (a
 * file only its owner may read or write) or {@code FLOWVAULT_CREDENTIAL_KEY}. Never an argument
 * value, which shell history and process listings would keep.
 */
public final class CredentialKeyOptions {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    static final String ENV = "FLOWVAULT_CREDENTIAL_KEY";

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "A file holding the project's credential key (64 hex characters), mode 0600 (default: $FLOWVAULT_CREDENTIAL_KEY).")
    Path keyFile;

    /** The key, or null when none is given. */
    CredentialKey optional() {
        if (keyFile != null) {
            return fromFile(keyFile);
        }
        String env = System.getenv(ENV);
        if (env == null || env.isBlank()) {
            return null;
        }
        try {
            return CredentialKey.fromHex(env);
        } catch (IllegalArgumentException e) {
            throw new CliError(ENV + ": " + e.getMessage());
        }
    }

    /** The key; an error saying how to give it when none is given. */
    CredentialKey required(String purpose) {
        CredentialKey k = optional();
        if (k == null) {
            throw new CliError(purpose + " needs the project's credential key: set " + ENV + " or pass --key-file FILE (mode 0600)");
        }
        return k;
    }

    static CredentialKey fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliError("no key file at " + file);
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(OTHERS::contains)) {
                throw new CliError("the key file " + file + " may be read or changed by other users (mode "
                        + PosixFilePermissions.toString(perms) + "): run chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new CliError("cannot read the permissions of the key file " + file);
        }
        try {
            if (Files.size(file) > 1024) {
                throw new CliError("the key file " + file + " is not a key file: a credential key is 64 hex characters");
            }
            return CredentialKey.fromHex(Files.readString(file));
        } catch (IOException e) {
            throw new CliError("cannot read the key file " + file);
        } catch (IllegalArgumentException e) {
            throw new CliError("the key file " + file + ": " + e.getMessage());
        }
    }

    /** Writes a key shown once to a new file only its owner may read. */
    static void write(Path file, CredentialKey key) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CliError(file + " exists: the new key is not written over it; give another file");
        } catch (UnsupportedOperationException e) {
            throw new CliError("cannot make " + file + " readable by its owner only on this file system; print the key instead");
        } catch (IOException e) {
            throw new CliError("cannot create " + file);
        }
        try {
            Files.writeString(file, key.toHex() + "\n");
        } catch (IOException e) {
            throw new CliError("cannot write " + file);
        }
    }
}
