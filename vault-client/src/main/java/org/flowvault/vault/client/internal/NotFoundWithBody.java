package org.flowvault.vault.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.flowvault.vault.client.VaultException;

/**
 * A 404 whose answer carried a JSON body beyond {@code errors}, as KV v2 does for a deleted or
 * destroyed version (it sends the version's metadata). The engine that knows the shape turns it
 * into its own exception; the body never appears in the message. Not public API.
 */
public final class NotFoundWithBody extends VaultException.NotFound {
    private final transient JsonNode body;

    public NotFoundWithBody(String message, int status, String path, List<String> errors, JsonNode body) {
        super(message, status, path, errors);
        this.body = body;
    }

    /** The parsed answer. */
    public JsonNode body() {
        return body;
    }
}
