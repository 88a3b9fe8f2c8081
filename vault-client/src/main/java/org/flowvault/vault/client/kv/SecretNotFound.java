package org.flowvault.vault.client.kv;

import org.flowvault.vault.client.kv.KvV2Operations.KvVersionMetadata;
import java.util.List;
import org.flowvault.vault.client.VaultException;

/**
 * The KV v2 version asked for exists but is soft-deleted or destroyed; {@link #metadata()} tells
 * which and when. A path that was never written raises a plain {@link VaultException.NotFound}.
 *
 * <p>Immutable and thread-safe once thrown.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 */
public final class SecretNotFound extends VaultException.NotFound {
    private final KvVersionMetadata metadata;

    SecretNotFound(String message, int status, String path, List<String> errors, KvVersionMetadata metadata) {
        super(message, status, path, errors);
        this.metadata = metadata;
    }

    /** The version's metadata: its number, deletion time and destroyed flag. */
    public KvVersionMetadata metadata() {
        return metadata;
    }

    /** Whether the version is destroyed (its data is gone), rather than soft-deleted (undeletable). */
    public boolean destroyed() {
        return metadata.destroyed();
    }
}
