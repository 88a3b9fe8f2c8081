package org.flowvault.vault.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.MountEntry;
import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.storage.FileStorage;

/**
 * The unseal key and root token of a persistent dev server, kept in {@code dev-keys.json} beside
 * its storage so a restart unseals itself. Never used outside {@code VaultServer.Builder#devPersistent}.
 */
record DevKeys(String unsealKey, String rootToken) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "dev-keys.json";

    static FileStorage storage(Path dir) {
        return new FileStorage(dir.resolve("storage"));
    }

    static DevKeys initOrUnseal(Core core, Path dir, String rootTokenId) {
        Path file = dir.resolve(FILE);
        if (core.seal().initialized()) {
            DevKeys keys = read(file);
            if (!core.unseal(Base64.getDecoder().decode(keys.unsealKey()))) {
                throw new IllegalStateException("the unseal key in " + file + " does not unseal " + dir
                        + "; delete the directory to start over with a fresh dev server");
            }
            return keys;
        }
        Core.InitResult init = core.initialize(1, 1, rootTokenId, true);
        enableSecretMount(core);
        DevKeys keys = new DevKeys(Base64.getEncoder().encodeToString(init.keys().get(0)), init.rootToken());
        write(file, keys);
        return keys;
    }

    private static DevKeys read(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> m = JSON.readValue(file.toFile(), Map.class);
            return new DevKeys(m.get("unseal_key"), m.get("root_token"));
        } catch (IOException e) {
            throw new UncheckedIOException("the dev server's storage is initialized but " + file
                    + " cannot be read; delete the directory to start over with a fresh dev server", e);
        }
    }

    private static void write(Path file, DevKeys keys) {
        try {
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // a leftover from an interrupted first start: overwrite it below
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, JSON.writeValueAsBytes(Map.of("unseal_key", keys.unsealKey(), "root_token", keys.rootToken())),
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "DevKeys";
    }

    /** The dev servers' KV v2 mount at {@code secret/}, as {@code vault server -dev} has it. */
    static void enableSecretMount(Core core) {
        core.enable(Namespace.ROOT, MountEntry.SECRETS, "secret/", "kv", "key/value secret storage",
                Map.of("version", "2"), 0, 0);
    }
}
