package org.flowvault.vault.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one parse needs besides the syntax tree: the file name for messages, the directory relative
 * paths resolve against, and the warnings collected so far. Used by one thread for one parse.
 */
final class ParseContext {
    private final String fileName;
    private final Path baseDir;
    private final List<String> warnings = new ArrayList<>();

    ParseContext(String fileName, Path baseDir) {
        this.fileName = fileName;
        this.baseDir = baseDir;
    }

    /** An error about {@code where} (a key such as {@code listener "tcp" address}). */
    ConfigException error(String where, String problem) {
        return new ConfigException(fileName + ": " + where + ": " + problem);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * A string value. HCL lets a value be a number or a bare word, which for addresses and paths is
     * always a mistake, so only quoted strings pass.
     */
    String string(String where, Object value, String example) {
        if (value instanceof String s) {
            return s;
        }
        throw error(where, "must be a quoted string such as " + example + ", but is " + describe(value));
    }

    /**
     * A file system path. Relative paths resolve against the process's working directory, as
     * Vault's do (it hands them to the OS unchanged), never against the config file's folder.
     */
    Path path(String where, Object value, String example) {
        String raw = string(where, value, example);
        if (raw.isBlank()) {
            throw error(where, "is empty; set it to a path such as " + example);
        }
        try {
            return baseDir.resolve(Path.of(raw)).normalize();
        } catch (InvalidPathException e) {
            throw error(where, "\"" + raw + "\" is not a valid path (" + e.getReason() + "); use a path such as " + example);
        }
    }

    /** Describes a value of a key Flowvault reads, for messages; never used for ignored keys. */
    static String describe(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof Map<?, ?>) {
            return "a block";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue()); // hcl4j reads every HCL number as a double
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        // hcl4j returns unquoted words (tru, file) as expression objects whose toString is the word
        return "the unquoted word " + value;
    }
}
