package org.flowvault.vault.server.core;

import java.time.Clock;
import org.flowvault.vault.server.storage.Storage;

/**
 * The services the core calls but does not implement, so that it depends on nothing above it:
 * {@code VaultServer} fills these ports with the token store, the audit broker, response wrapping
 * and the {@code sys} seal endpoints. The first three are created anew on every unseal, on storage
 * behind the barrier.
 */
public interface CoreServices {

    /** The token store, on a barrier view reserved for tokens. */
    Tokens tokens(Storage storage, CoreOptions options);

    /** The audit devices, on a barrier view reserved for their configuration. */
    AuditLog audit(Storage storage, Clock clock);

    /** Response wrapping, on a barrier view reserved for wrapped bodies. */
    Wrapping wrapping(Storage storage, Tokens tokens);

    /** The seal endpoints of {@code core}; created once. */
    SealApi sealApi(Core core);
}
