package org.flowvault.vault.server.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The embedded server's configuration, read from the file Vault's {@code vault server -config=FILE}
 * takes, in HCL or JSON.
 *
 * <p>Flowvault reads one {@code storage} block ({@code "file"} or {@code "inmem"}; {@code backend} is
 * the legacy name), the first {@code listener "tcp"} block, {@code default_lease_ttl} and
 * {@code max_lease_ttl}. Every other key, at the top level or inside those blocks, is accepted and
 * reported in {@link #warnings()}, so a config file written for Vault loads unchanged. Relative paths
 * (storage path, TLS certificate and key) resolve against the working directory, as Vault's do.
 *
 * <pre>{@code
 * storage "file" {
 *   path = "data"
 * }
 * listener "tcp" {
 *   address     = "127.0.0.1:8200"
 *   tls_disable = true
 * }
 * default_lease_ttl = "1h"
 * }</pre>
 *
 * @param storage         where secrets are stored
 * @param listener        where the HTTP API listens
 * @param defaultLeaseTtl lease TTL when none is asked for; 768h (Vault's 32 days) unless set
 * @param maxLeaseTtl     longest lease TTL; 768h unless set; never shorter than {@code defaultLeaseTtl}
 * @param warnings        one line per ignored key or block, in file order; empty when nothing was ignored
 * @see <a href="https://developer.hashicorp.com/vault/docs/configuration">Vault configuration parameters</a>
 */
public record ServerConfig(Storage storage, Listener listener, Duration defaultLeaseTtl, Duration maxLeaseTtl,
                           List<String> warnings) {

    /**
     * Checks the values; {@link #parse} never produces a config these checks reject.
     *
     * @throws NullPointerException     for a null component
     * @throws IllegalArgumentException for a negative TTL, or a default TTL longer than the maximum
     */
    public ServerConfig {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(defaultLeaseTtl, "defaultLeaseTtl");
        Objects.requireNonNull(maxLeaseTtl, "maxLeaseTtl");
        warnings = List.copyOf(warnings);
        if (defaultLeaseTtl.isNegative() || maxLeaseTtl.isNegative()) {
            throw new IllegalArgumentException("lease TTLs must not be negative");
        }
        if (defaultLeaseTtl.compareTo(maxLeaseTtl) > 0) {
            throw new IllegalArgumentException("defaultLeaseTtl " + defaultLeaseTtl
                    + " is longer than maxLeaseTtl " + maxLeaseTtl);
        }
    }

    /**
     * The {@code storage} block.
     *
     * @param type {@code "file"} or {@code "inmem"}
     * @param path the data directory of {@code "file"} storage, absolute and normalized when parsed;
     *             {@code null} for {@code "inmem"}
     * @see <a href="https://developer.hashicorp.com/vault/docs/configuration/storage/filesystem">file storage</a>
     */
    public record Storage(String type, Path path) {
        /**
         * Checks that the path fits the type.
         *
         * @throws IllegalArgumentException for an unknown type, or a path that does not fit the type
         */
        public Storage {
            Objects.requireNonNull(type, "type");
            switch (type) {
                case "file" -> Objects.requireNonNull(path, "file storage needs a path");
                case "inmem" -> {
                    if (path != null) {
                        throw new IllegalArgumentException("inmem storage has no path, got " + path);
                    }
                }
                default -> throw new IllegalArgumentException(
                        "storage type must be \"file\" or \"inmem\", got \"" + type + "\"");
            }
        }
    }

    /**
     * The {@code listener "tcp"} block.
     *
     * @param host        the host to bind, without IPv6 brackets ({@code "::1"}); {@code "0.0.0.0"} when
     *                    the address had an empty host ({@code ":8200"})
     * @param port        0 to 65535; 0 asks for any free port
     * @param tlsDisable  {@code true} to serve plain HTTP
     * @param tlsCertFile PEM certificate (chain); {@code null} exactly when {@code tlsDisable}
     * @param tlsKeyFile  PEM private key; {@code null} exactly when {@code tlsDisable}
     * @see <a href="https://developer.hashicorp.com/vault/docs/configuration/listener/tcp">tcp listener</a>
     */
    public record Listener(String host, int port, boolean tlsDisable, Path tlsCertFile, Path tlsKeyFile) {
        /**
         * Checks the host, the port range and that TLS files are given exactly when TLS is enabled.
         *
         * @throws IllegalArgumentException for a blank host, a port out of range, or TLS files that do
         *                                  not match {@code tlsDisable}
         */
        public Listener {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("listener host must not be blank");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("listener port must be 0 to 65535, got " + port);
            }
            if (tlsDisable != (tlsCertFile == null) || tlsDisable != (tlsKeyFile == null)) {
                throw new IllegalArgumentException(tlsDisable
                        ? "TLS is disabled, so tlsCertFile and tlsKeyFile must be null"
                        : "TLS is enabled, so tlsCertFile and tlsKeyFile are required");
            }
        }
    }

    /**
     * Reads and parses a config file. Files named {@code *.json}, and files whose text starts with
     * <code>{</code>, are read as JSON; others as HCL. Relative paths in the file resolve against the
     * working directory, as in Vault, not against the file's directory.
     *
     * @param file the config file, UTF-8
     * @return the configuration; never {@code null}
     * @throws ConfigException when the file cannot be read, is not valid HCL or JSON, or holds a value
     *                         Flowvault cannot use; the message names the file, the key and the fix
     */
    public static ServerConfig parse(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(name + ": is a directory; pass the path of one HCL or JSON config file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": config file does not exist; check the path passed to -config", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(name + ": config file cannot be read (permission denied); "
                    + "let the server's user read it", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name + ": config file is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(name + ": config file cannot be read: " + e.getMessage(), e);
        }
        return parse(text, name, workingDirectory());
    }

    /**
     * Parses config text, as {@link #parse(Path)} does.
     *
     * @param text             HCL or JSON
     * @param fileNameForErrors names the source in messages, and picks JSON when it ends in {@code .json};
     *                         relative paths resolve against the working directory
     * @return the configuration; never {@code null}
     * @throws ConfigException when the text is not valid HCL or JSON, or holds a value Flowvault cannot use
     */
    public static ServerConfig parse(String text, String fileNameForErrors) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(fileNameForErrors, "fileNameForErrors");
        return parse(text, fileNameForErrors, workingDirectory());
    }

    private static ServerConfig parse(String text, String name, Path baseDir) {
        ParseContext context = new ParseContext(name, baseDir);
        return ConfigReader.read(ConfigText.read(text, name), context);
    }

    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
