package org.flowvault.platform.credential;

import java.util.Map;
import org.flowvault.sdk.credential.CredentialKey;

/**
 * A project's usable credential keys, unwrapped: every version that is not retired, and the
 * current one. Lives only as long as one operation needs it; never printed.
 *
 * @param current the version that encrypts, 0 when the project has no key
 */
record Keyring(Map<Integer, CredentialKey> keys, int current) {
    Keyring {
        keys = Map.copyOf(keys);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    CredentialKey currentKey() {
        return keys.get(current);
    }

    @Override
    public String toString() {
        return "Keyring[versions " + keys.keySet() + ", current " + current + "]";
    }
}
