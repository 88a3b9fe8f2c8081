package org.flowvault.vault.server.core;

/** What the HTTP layer writes: a status and a JSON-serializable body, or no body (204). */
public record ApiReply(int status, Object body) {

    public static ApiReply error(VaultError e) {
        return new ApiReply(e.status(), java.util.Map.of("errors", e.errors()));
    }
}
