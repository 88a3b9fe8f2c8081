package org.flowvault.platform.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.flowvault.platform.PlatformException;

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
     * Parses one entry.
     *
     * @throws PlatformException INVALID naming the entry and the fix
     */
    public static AttachedSecret parse(String entry) {
        Objects.requireNonNull(entry, "entry");
        String e = entry.strip();
        int colon = e.indexOf(':');
        String config = colon < 0 ? null : e.substring(0, colon).strip();
        String path = (colon < 0 ? e : e.substring(colon + 1)).strip();
        if (config != null && config.isEmpty()) {
            config = null;
        }
        if (config != null && !config.chars().allMatch(c -> c > 0x20 && c != 0x7f && c != ',')) {
            throw PlatformException.invalid("vault_secrets entry \"" + entry + "\": the configuration name before \":\" "
                    + "must not contain spaces, commas or control characters");
        }
        String p = stripSlashes(path);
        if (p.isEmpty()) {
            throw PlatformException.invalid("vault_secrets entry \"" + entry + "\" has no path: write [config:]path, e.g. secret/data/oracle");
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw PlatformException.invalid("vault_secrets entry \"" + entry + "\": the path has an empty, \".\" or \"..\" segment");
            }
        }
        if (p.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '?' || c == ',')) {
            throw PlatformException.invalid("vault_secrets entry \"" + entry + "\": the path must not contain '?', ',' or control characters");
        }
        return new AttachedSecret(config, p);
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
