package org.flowvault.bench.credential;

import java.util.HexFormat;
import org.flowvault.sdk.credential.CredentialKey;

/** The raw bytes of a credential key, for the raw-cipher baseline (the SDK keeps them to itself). */
final class CredentialKeyBytes {
    private CredentialKeyBytes() {
    }

    static byte[] of(CredentialKey key) {
        return HexFormat.of().parseHex(key.toHex());
    }
}
