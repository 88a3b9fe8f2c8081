package org.flowvault.sdk.connection;

import java.util.List;
import java.util.Map;

/**
 * A project's connections ({@code /api/v1/projects/{p}/connections}). A caller outside the
 * project gets {@link org.flowvault.sdk.NotFoundException}, as for a connection that does not
 * exist. Thread-safe.
 */
public interface ConnectionOperations {
    String project();

    List<Connection> list();

    Connection get(String name);

    /** Creates a connection; {@code request} needs a name and a type. */
    Connection create(ConnectionRequest request);

    /** Changes the fields {@code changes} gives (a name renames); the others keep their values. */
    Connection update(String name, ConnectionRequest changes);

    void delete(String name);

    /** Resolves the connection as the caller, with {@code overrides} as a flow would give them; secrets masked. */
    Resolution resolve(String name, Map<String, ?> overrides);

    /** Where each input of the connection comes from, values from Vault masked. */
    Resolution preview(String name);

    /** Drops the connection's cached secrets (on every node). */
    void refresh(String name);
}
