package org.flowvault.platform.naming;

import java.util.Optional;
import java.util.regex.Pattern;
import org.flowvault.platform.error.PlatformException;

/**
 * The one rule for the names of users, projects, connections, flows and vault configurations.
 * A name is 1 to {@link Kind#maxLength()} characters: ASCII letters, digits, {@code .},
 * {@code _} and {@code -}, starting with a letter or digit, with no {@code ..}; user names may
 * also hold {@code @} (an e-mail address), vault configuration names may not hold {@code .}
 * (references write {@code CONFIG:PATH.KEY}). So a name is safe as a URL path segment, a file name
 * and in a terminal: no {@code /}, no spaces, no control or bidirectional-override characters.
 * Names are compared exactly (case-sensitive) and never trimmed.
 */
public final class Names {
    /** What is named: each kind says how it is called in messages and how long it may be. */
    public enum Kind {
        USER("user name", 64, "[A-Za-z0-9][A-Za-z0-9._@-]*", "letters, digits, '.', '_', '@' or '-'"),
        PROJECT("project name", 64, "[A-Za-z0-9][A-Za-z0-9._-]*", "letters, digits, '.', '_' or '-'"),
        CONNECTION("connection name", 128, "[A-Za-z0-9][A-Za-z0-9._-]*", "letters, digits, '.', '_' or '-'"),
        FLOW("flow name", 128, "[A-Za-z0-9][A-Za-z0-9._-]*", "letters, digits, '.', '_' or '-'"),
        VAULT_CONFIGURATION("vault configuration name", 64, "[A-Za-z0-9][A-Za-z0-9_-]*", "letters, digits, '_' or '-'");

        private final String label;
        private final int maxLength;
        private final Pattern pattern;
        private final String allowed;

        Kind(String label, int maxLength, String pattern, String allowed) {
            this.label = label;
            this.maxLength = maxLength;
            this.pattern = Pattern.compile(pattern);
            this.allowed = allowed;
        }

        /** How the name is called in messages, e.g. {@code connection name}. */
        public String label() {
            return label;
        }

        public int maxLength() {
            return maxLength;
        }

        /** The rule in words, for messages and documentation. */
        public String rule() {
            return "1 to " + maxLength + " " + allowed + ", starting with a letter or digit, without '..'";
        }
    }

    private Names() {
    }

    /**
     * What is wrong with {@code name} as a name of {@code kind}, or empty when it is valid. The
     * problem names the kind and the rule, never the name itself.
     */
    public static Optional<String> problem(Kind kind, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a " + kind.label() + " is required: " + kind.rule());
        }
        if (name.length() > kind.maxLength() || !kind.pattern.matcher(name).matches() || name.contains("..")) {
            return Optional.of("the " + kind.label() + " must be " + kind.rule());
        }
        return Optional.empty();
    }

    /**
     * Returns {@code name} when it is a valid name of {@code kind}.
     *
     * @throws PlatformException INVALID naming the kind and the rule (not the name)
     */
    public static String require(Kind kind, String name) {
        problem(kind, name).ifPresent(p -> {
            throw PlatformException.invalid(p);
        });
        return name;
    }

    /** True when {@code name} is a valid name of {@code kind}. */
    public static boolean isValid(Kind kind, String name) {
        return problem(kind, name).isEmpty();
    }
}
