package org.flowvault.sdk.connection;

import java.time.Instant;
import java.util.List;

/**
 * A stored connection: a task type's inputs (YAML/JSON text whose secret parts are
 * {@code vault.secret(...)} references) and the Vault secrets attached to it.
 *
 * @param vaultSecrets the attached secrets, {@code [CONFIG:]PATH} each
 */
public record Connection(String id, String name, String type, String value, List<String> vaultSecrets, String description,
                         Instant createdAt, Instant updatedAt) {
    public Connection {
        vaultSecrets = List.copyOf(vaultSecrets);
    }
}
