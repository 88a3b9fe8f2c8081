package org.flowvault.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The saved login of the CLI: address, API key and default project, in
 * {@code $FLOWVAULT_HOME/login.json} (default {@code ~/.flowvault/login.json}), mode 0600.
 * {@code flowvault dev} and {@code flowvault login} write it; {@code FLOWVAULT_ADDR},
 * {@code FLOWVAULT_TOKEN} and {@code FLOWVAULT_PROJECT} override it.
 */
public record LoginStore(Path file) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The login of this user account. */
    public static LoginStore standard() {
        String home = System.getenv("FLOWVAULT_HOME");
        Path dir = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".flowvault");
        return new LoginStore(dir.resolve("login.json"));
    }

    /** A saved login; {@code token} is an API key or session token. */
    public record Login(String address, String token, String project) {
        @Override
        public String toString() {
            return "Login[" + address + ", project=" + project + "]";
        }
    }

    public Optional<Login> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> m = JSON.readValue(file.toFile(), Map.class);
            return Optional.of(new Login(m.get("address"), m.get("token"), m.get("project")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved login " + file + "; delete it and log in again", e);
        }
    }

    public void save(Login login) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("address", login.address());
        m.put("token", login.token());
        m.put("project", login.project());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m), StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the login to " + file, e);
        }
    }
}
