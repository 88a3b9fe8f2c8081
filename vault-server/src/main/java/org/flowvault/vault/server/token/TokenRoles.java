package org.flowvault.vault.server.token;

import java.util.ArrayList;
import java.util.List;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/** The token roles of one {@code auth/token/} mount (one per namespace), in its storage under {@code roles/}. */
final class TokenRoles {
    private static final String PREFIX = "roles/";
    private final Storage storage;

    TokenRoles(Storage storage) {
        this.storage = storage;
    }

    TokenRole get(String name) {
        byte[] raw = storage.get(PREFIX + name);
        return raw == null ? null : ServerJson.read(raw, TokenRole.class);
    }

    /** A role for {@code create/ROLE}; an unknown one is Vault's 400 "unknown role". */
    TokenRole require(String name) {
        TokenRole role = get(name);
        if (role == null) {
            throw VaultError.badRequest("unknown role: create it at auth/token/roles/<name> first");
        }
        return role;
    }

    void put(TokenRole role) {
        storage.put(PREFIX + role.name(), ServerJson.write(role));
    }

    void delete(String name) {
        storage.delete(PREFIX + name);
    }

    List<String> names() {
        List<String> out = new ArrayList<>();
        for (String k : storage.list(PREFIX)) {
            if (!k.endsWith("/")) {
                out.add(k);
            }
        }
        return out;
    }
}
