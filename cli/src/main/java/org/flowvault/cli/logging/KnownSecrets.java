package org.flowvault.cli.logging;

import java.util.Base64;
import java.util.HexFormat;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.masking.ProcessSecrets;

/**
 * The secrets of the process itself — the master key, the embedded Vault's root token and unseal
 * key, the database password — masked in every log line next to the secrets of the runs
 * ({@link ProcessSecrets#global()}). Commands register them as soon as they know them; they stay
 * for the life of the process (held here, so never collected or evicted like a run's masker).
 *
 * <p>Thread-safe.
 */
public final class KnownSecrets {
    /** Held strongly for the life of the process. */
    private static final Masker PROCESS = new Masker();

    private KnownSecrets() {
    }

    /** Masks {@code value} (in every form a masker matches) in every later log line; null, blank and very short values are ignored. */
    public static void register(String value) {
        if (value != null && !value.isBlank()) {
            PROCESS.register(value.strip());
        }
    }

    /** {@link #register(String)} of a base64-encoded key, and of its bytes in hex when it decodes. */
    public static void registerBase64Key(String base64) {
        if (base64 == null || base64.isBlank()) {
            return;
        }
        register(base64);
        try {
            register(HexFormat.of().formatHex(Base64.getDecoder().decode(base64.strip())));
        } catch (IllegalArgumentException notBase64) {
            // the text form alone is what could be logged
        }
    }

    /** {@code text} with the run secrets of this process, then its own secrets, replaced by {@value Masker#REPLACEMENT}. */
    static String mask(String text) {
        return PROCESS.mask(ProcessSecrets.global().mask(text));
    }
}
