package org.flowvault.vault.client.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowvault.vault.client.VaultException;

/**
 * Where a JWT comes from: a fixed value, or a file read again at every login, because Kubernetes
 * and other issuers rotate the token in place. Never prints the token.
 */
final class JwtSource {
    private final String value;
    private final Path file;

    private JwtSource(String value, Path file) {
        this.value = value;
        this.file = file;
    }

    static JwtSource of(String value) {
        return new JwtSource(value, null);
    }

    static JwtSource file(Path file) {
        return new JwtSource(null, file);
    }

    /**
     * The JWT now.
     *
     * @throws VaultException.LoginFailed when the file cannot be read or is empty (naming the
     *         file and the login path, not the content)
     */
    String read(String what, String loginPath) {
        if (value != null) {
            return value;
        }
        String jwt;
        try {
            jwt = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new VaultException.LoginFailed(what + " could not read the JWT from " + file + ": " + e.getClass().getSimpleName(),
                    0, loginPath, List.of(), e);
        }
        if (jwt.isEmpty()) {
            throw new VaultException.LoginFailed(what + " found no JWT in " + file + " (the file is empty)", 0, loginPath, List.of(), null);
        }
        return jwt;
    }

    @Override
    public String toString() {
        return file != null ? file.toString() : "<masked>";
    }
}
