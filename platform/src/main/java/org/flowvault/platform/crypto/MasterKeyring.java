package org.flowvault.platform.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The master keys a node knows: one <em>active</em> key that wraps whatever is wrapped from now on,
 * and <em>previous</em> keys that are only read, during a {@linkplain MasterKeyRotation rotation}.
 * The model is Kubernetes' encryption configuration and Vault's keyring: the first key writes,
 * every key reads; a key is removed once no record is wrapped under it any longer.
 *
 * <p>Sources: {@value #ENV_PREVIOUS} (comma-separated base64 keys) next to
 * {@code FLOWVAULT_MASTER_KEY}; or a key file of one base64 key per line, the first line the
 * active key and later lines previous keys ({@code #} starts a comment). Immutable and
 * thread-safe; {@link #toString()} shows key ids only.
 */
public final class MasterKeyring {
    /** The environment variable holding previous keys (base64, comma-separated). */
    public static final String ENV_PREVIOUS = "FLOWVAULT_MASTER_KEY_PREVIOUS";

    private final MasterKey active;
    private final Map<String, MasterKey> byId;

    private MasterKeyring(MasterKey active, List<MasterKey> previous) {
        this.active = Objects.requireNonNull(active, "active");
        Map<String, MasterKey> m = new LinkedHashMap<>();
        m.put(active.id(), active);
        previous.forEach(k -> m.putIfAbsent(k.id(), k));
        this.byId = Map.copyOf(m);
    }

    /** A ring of {@code active} and the read-only {@code previous} keys. */
    public static MasterKeyring of(MasterKey active, MasterKey... previous) {
        return new MasterKeyring(active, List.of(previous));
    }

    /**
     * A key file: the first key line is active, later ones are previous keys.
     *
     * @throws IllegalArgumentException naming the file and line when it cannot be read or a line is no key
     */
    public static MasterKeyring fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the master key file " + file + ": " + e.getMessage(), e);
        }
        List<MasterKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (!line.isEmpty()) {
                keys.add(MasterKey.fromBase64(line, "line " + (i + 1) + " of the master key file " + file));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the master key file " + file + " holds no key; "
                    + "put the base64 of 32 random bytes on its first line (openssl rand -base64 32)");
        }
        return new MasterKeyring(keys.getFirst(), keys.subList(1, keys.size()));
    }

    /**
     * {@code FLOWVAULT_MASTER_KEY} (plus {@value #ENV_PREVIOUS}) or else {@code FLOWVAULT_MASTER_KEY_FILE}.
     *
     * @throws IllegalArgumentException when no key is set or one is malformed (never showing the value)
     */
    public static MasterKeyring fromEnvironment(Function<String, String> env) {
        String inline = env.apply(MasterKey.ENV_KEY);
        if (inline == null || inline.isBlank()) {
            String file = env.apply(MasterKey.ENV_KEY_FILE);
            if (file != null && !file.isBlank()) {
                return fromFile(Path.of(file.strip()));
            }
        }
        MasterKey active = MasterKey.fromEnvironment(env);
        return new MasterKeyring(active, previous(env));
    }

    /** The keys of {@value #ENV_PREVIOUS}, in order; none when it is unset. */
    public static List<MasterKey> previous(Function<String, String> env) {
        String prev = env.apply(ENV_PREVIOUS);
        List<MasterKey> keys = new ArrayList<>();
        if (prev != null) {
            String[] parts = prev.split(",");
            for (int i = 0; i < parts.length; i++) {
                if (!parts[i].isBlank()) {
                    keys.add(MasterKey.fromBase64(parts[i], "key " + (i + 1) + " of " + ENV_PREVIOUS));
                }
            }
        }
        return keys;
    }

    /** This ring with {@code more} previous keys added after its own. */
    public MasterKeyring withPrevious(List<MasterKey> more) {
        List<MasterKey> previous = new ArrayList<>(byId.values());
        previous.remove(active);
        previous.addAll(more);
        return new MasterKeyring(active, previous);
    }

    /** The key that wraps from now on. */
    public MasterKey active() {
        return active;
    }

    /** The key with this {@linkplain MasterKey#id() id}, if the ring holds it. */
    public Optional<MasterKey> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** Every key, the active one included. */
    List<MasterKey> all() {
        List<MasterKey> all = new ArrayList<>(List.of(active));
        byId.values().stream().filter(k -> k != active).forEach(all::add);
        return all;
    }

    /** The ids of the previous (read-only) keys. */
    public List<String> previousIds() {
        return byId.keySet().stream().filter(id -> !id.equals(active.id())).sorted().toList();
    }

    @Override
    public String toString() {
        return "MasterKeyring[active " + active.id() + ", previous " + previousIds() + "]";
    }
}
