package org.flowvault.platform.reference;

import java.util.Objects;

/**
 * A pointer to one key of one Vault secret, written in a connection's value. A reference is
 * data: it names a key and, optionally, a configuration and path; nothing in it is evaluated.
 * The grammar is in the {@linkplain org.flowvault.platform.reference package documentation}.
 */
public sealed interface Reference permits Reference.AttachedKey, Reference.PathKey {

    /** The key looked up in the secret. */
    String key();

    /** The canonical text of this reference, escaped so that {@link ReferenceTemplate#parse} reads it back. */
    String text();

    /**
     * {@code vault.secret(KEY)}: a key of the connection's attached secrets (the later attached
     * path wins when several hold the key).
     */
    record AttachedKey(String key) implements Reference {
        public AttachedKey {
            requireName(key, "key");
        }

        @Override
        public String text() {
            return ReferenceTemplate.MARKER + Escaping.escape(key, Escaping.ARGUMENT_SPECIALS) + ")";
        }
    }

    /**
     * A key at an explicit path: {@code vault.secret(CONFIG:PATH.KEY)} or the full-path form
     * {@code vault://[CONFIG:]PATH/KEY}.
     *
     * @param config   the configuration name, or null for the first usable configuration of the project
     * @param path     the secret's path as the user wrote it (API path {@code secret/data/x} or logical {@code secret/x})
     * @param key      the key inside the secret
     * @param fullPath true when written in the full-path form (only the whole field value)
     */
    record PathKey(String config, String path, String key, boolean fullPath) implements Reference {
        public PathKey {
            if (config != null) {
                requireName(config, "config");
            }
            requireName(path, "path");
            requireName(key, "key");
            VaultPaths.problem(path).ifPresent(p -> {
                throw new IllegalArgumentException(p);
            });
        }

        @Override
        public String text() {
            String c = config == null ? "" : Escaping.escape(config, fullPath ? Escaping.PATH_SPECIALS : Escaping.ARGUMENT_SPECIALS);
            StringBuilder p = new StringBuilder();
            for (String segment : path.split("/", -1)) {
                if (!p.isEmpty()) {
                    p.append('/');
                }
                p.append(Escaping.escape(segment, fullPath ? Escaping.PATH_SPECIALS : Escaping.ARGUMENT_SPECIALS));
            }
            if (fullPath) {
                return ReferenceTemplate.FULL_PATH_PREFIX + (config == null ? "" : c + ":") + p + "/" + Escaping.escape(key, Escaping.PATH_SPECIALS);
            }
            return ReferenceTemplate.MARKER + c + ":" + p + "." + Escaping.escape(key, Escaping.ARGUMENT_SPECIALS) + ")";
        }
    }

    private static void requireName(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Escaping.isControl(s.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
    }
}
