package org.flowvault.platform.resolution;

import java.util.List;
import java.util.Objects;

/**
 * Where one input of a {@link Resolution} came from.
 *
 * @param kind    the pipeline step that set it
 * @param origins the Vault secrets its value was read from: one for {@link Kind#VAULT}, one per
 *                reference for {@link Kind#REFERENCE}, none otherwise
 */
public record Source(Kind kind, List<SecretOrigin> origins) {

    /** The steps of the resolution pipeline (DESIGN §4), in order. */
    public enum Kind {
        /** A plain value of the connection (step 1). */
        VALUE,
        /** A key of an attached secret (step 2). */
        VAULT,
        /** A value field whose references were replaced by secret values (step 3). */
        REFERENCE,
        /** An override given by the flow (step 4). */
        OVERRIDE
    }

    /**
     * A secret read from Vault.
     *
     * @param config the configuration's name
     * @param path   the path as the connection wrote it
     */
    public record SecretOrigin(String config, String path) {
        public SecretOrigin {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return config + ":" + path;
        }
    }

    static final Source VALUE = new Source(Kind.VALUE, List.of());
    static final Source OVERRIDE = new Source(Kind.OVERRIDE, List.of());

    public Source {
        Objects.requireNonNull(kind, "kind");
        origins = List.copyOf(origins);
    }

    /** True when the value was read from Vault (and must be masked when shown). */
    public boolean fromVault() {
        return kind == Kind.VAULT || kind == Kind.REFERENCE;
    }
}
