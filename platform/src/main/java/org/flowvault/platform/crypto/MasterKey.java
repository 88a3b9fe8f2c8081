package org.flowvault.platform.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform master key: 32 random bytes (AES-256) that wrap the data key which encrypts every
 * secret at rest ({@link SecretBox}). It never leaves the process: {@link #toString()} prints the
 * type name only, and error messages never include key material.
 *
 * <p>Sources: in production {@code FLOWVAULT_MASTER_KEY} (base64 of 32 bytes) or a key file
 * ({@code FLOWVAULT_MASTER_KEY_FILE}, holding the base64 text); in dev mode a key file generated
 * on first start with owner-only (0600) permissions and reloaded on later starts
 * ({@link #loadOrCreate(Path)}). Immutable and thread-safe.
 */
public final class MasterKey {
    /** The environment variable holding the base64 key. */
    public static final String ENV_KEY = "FLOWVAULT_MASTER_KEY";
    /** The environment variable naming a key file. */
    public static final String ENV_KEY_FILE = "FLOWVAULT_MASTER_KEY_FILE";
    /** The key length in bytes. */
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key.clone();
    }

    /** A new random key (tests, and the first dev start). */
    public static MasterKey generate() {
        byte[] k = new byte[LENGTH];
        RANDOM.nextBytes(k);
        return new MasterKey(k);
    }

    /**
     * The key from its base64 text.
     *
     * @param what where the text came from, for the error message (e.g. "FLOWVAULT_MASTER_KEY")
     * @throws IllegalArgumentException when the text is not base64 or does not decode to 32 bytes
     */
    public static MasterKey fromBase64(String base64, String what) {
        Objects.requireNonNull(base64, what);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64; generate a key with: openssl rand -base64 32");
        }
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException(what + " must decode to " + LENGTH + " bytes, but it decodes to " + raw.length
                    + " bytes; generate a key with: openssl rand -base64 32");
        }
        return new MasterKey(raw);
    }

    /**
     * The key from a file holding its base64 text.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no valid key
     */
    public static MasterKey fromFile(Path file) {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "the master key file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the master key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Production: {@value #ENV_KEY} (base64) or else {@value #ENV_KEY_FILE} (a file path).
     *
     * @param env {@code System::getenv}, or a map's {@code get} in tests
     * @throws IllegalArgumentException when neither is set, or the key is malformed
     */
    public static MasterKey fromEnvironment(Function<String, String> env) {
        String inline = env.apply(ENV_KEY);
        if (inline != null && !inline.isBlank()) {
            return fromBase64(inline, ENV_KEY);
        }
        String file = env.apply(ENV_KEY_FILE);
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file.strip()));
        }
        throw new IllegalArgumentException("no master key: set " + ENV_KEY + " to the base64 of 32 random bytes "
                + "(openssl rand -base64 32), or " + ENV_KEY_FILE + " to a file holding it");
    }

    /**
     * Dev mode: loads the key from {@code file}, or generates one and writes it there with owner-only
     * permissions (0600 on POSIX file systems) when the file does not exist. Two processes racing
     * to create it end up with the same key (the loser reads the winner's file).
     */
    public static MasterKey loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return fromFile(file);
        }
        MasterKey fresh = generate();
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                // created with 0600 from the start, so the key is never readable by others, not even briefly
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh.key) + "\n", StandardCharsets.US_ASCII);
            return fresh;
        } catch (FileAlreadyExistsException e) {
            return fromFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the master key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A public fingerprint of this key (16 hex digits of an HMAC-SHA256 under the key), stored next
     * to what it wraps so a keyring knows which of its keys to use. It reveals nothing of the key.
     */
    public String id() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] fp = mac.doFinal("flowvault:master-key-id".getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(fp, 0, 8);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** The AES key, for {@link SecretBox} only. */
    SecretKey aesKey() {
        return new SecretKeySpec(key, "AES");
    }

    @Override
    public String toString() {
        return "MasterKey";
    }
}
