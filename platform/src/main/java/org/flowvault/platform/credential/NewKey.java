package org.flowvault.platform.credential;

import java.util.Objects;
import org.flowvault.sdk.credential.CredentialKey;

/**
 * A newly generated credential key version with the key, to be shown once to the admin who made
 * it (clients need it to encrypt). {@link #toString()} does not show the key.
 */
public record NewKey(int version, CredentialKey key) {
    public NewKey {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "NewKey[version " + version + "]";
    }
}
