package org.flowvault.platform.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.naming.Names;
import org.flowvault.platform.reference.VaultPaths;

/**
 * One entry of a connection's {@code vault_secrets}: {@code [config:]path}. Every key of the
 * secret at {@code path} is merged into the connection's inputs (later entries win).
 *
 * <p>Syntax: the configuration name is everything before the first {@code ":"}; without one (or
 * with an empty one, {@code ":path"}) the project's first usable configuration is used. A path
 * that itself contains {@code ":"} therefore needs the prefix ({@code prod:a:b} or {@code :a:b}).
 * The path is an API path ({@code secret/data/oracle}) or a logical one ({@code secret/oracle}).
 * Whether the configuration exists is checked when the connection is resolved, since
 * configurations may be created later.
 *
 * @param config the configuration name, or null for the project's default configuration
 * @param path   the secret path, without leading or trailing slashes
 */
public record AttachedSecret(String config, String path) {

    public AttachedSecret {
        Objects.requireNonNull(path, "path");
    }

    /**
     * Parses one entry: the configuration name follows {@link Names.Kind#VAULT_CONFIGURATION}, the
     * path {@link VaultPaths} (and holds no comma, the separator of the comma-separated form).
     *
     * @throws PlatformException INVALID naming the problem and the fix (never quoting the entry)
     */
    public static AttachedSecret parse(String entry) {
        AttachedSecret s = split(entry);
        if (s.config() != null) {
            Names.problem(Names.Kind.VAULT_CONFIGURATION, s.config()).ifPresent(p -> {
                throw PlatformException.invalid("vault_secrets entry: before \":\" " + p);
            });
        }
        if (s.path().isEmpty()) {
            throw PlatformException.invalid("vault_secrets entry has no path: write [config:]path, e.g. secret/data/oracle");
        }
        VaultPaths.problem(s.path()).ifPresent(p -> {
            throw PlatformException.invalid("vault_secrets entry: " + p);
        });
        if (s.path().indexOf(',') >= 0) {
            throw PlatformException.invalid("vault_secrets entry: the path must not contain ','");
        }
        return s;
    }

    /**
     * An entry read back from the database, split as when it was saved without checking it again
     * (an older version accepted what is refused now); {@link VaultPaths} is checked again before
     * Vault is asked.
     */
    public static AttachedSecret stored(String entry) {
        return split(entry);
    }

    private static AttachedSecret split(String entry) {
        Objects.requireNonNull(entry, "entry");
        String e = entry.strip();
        int colon = e.indexOf(':');
        String config = colon < 0 ? null : e.substring(0, colon).strip();
        String path = (colon < 0 ? e : e.substring(colon + 1)).strip();
        return new AttachedSecret(config == null || config.isEmpty() ? null : config, stripSlashes(path));
    }

    /** Parses a list of entries (blank entries are skipped). */
    public static List<AttachedSecret> parseAll(List<String> entries) {
        List<AttachedSecret> out = new ArrayList<>(entries.size());
        for (String e : entries) {
            if (e != null && !e.isBlank()) {
                out.add(parse(e));
            }
        }
        return List.copyOf(out);
    }

    /** Parses the comma-separated form of seed 000: {@code path1,config:path2}. */
    public static List<AttachedSecret> parseCommaSeparated(String entries) {
        return entries == null ? List.of() : parseAll(List.of(entries.split(",", -1)));
    }

    private static String stripSlashes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '/') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '/') {
            b--;
        }
        return s.substring(a, b);
    }

    /** The entry as written back: {@code config:path}, or {@code path} for the default configuration. */
    @Override
    public String toString() {
        return config == null ? path : config + ":" + path;
    }
}
