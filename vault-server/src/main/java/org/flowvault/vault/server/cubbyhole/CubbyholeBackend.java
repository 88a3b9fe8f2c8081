package org.flowvault.vault.server.cubbyhole;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;
import org.flowvault.vault.server.storage.Storage;

/** Vault's cubbyhole: a private key/value area per token, unreadable by any other token. */
public final class CubbyholeBackend implements Backend {
    private final Storage storage;

    private CubbyholeBackend(MountContext ctx) {
        this.storage = ctx.storage();
    }

    public static Backend create(MountContext ctx) {
        return new CubbyholeBackend(ctx);
    }

    @Override
    public Response handle(Request r) {
        if (r.token() == null) {
            throw VaultError.permissionDenied();
        }
        Storage mine = storage.view(hash(r.token().accessor()) + "/");
        String path = r.path();
        return switch (r.operation()) {
            case READ -> {
                if (path.isEmpty()) {
                    throw VaultError.badRequest("missing path");
                }
                byte[] raw = mine.get(path);
                if (raw == null) {
                    throw VaultError.notFound();
                }
                yield Response.data(ServerJson.readStored(raw));
            }
            case CREATE, UPDATE -> {
                if (path.isEmpty() || path.endsWith("/")) {
                    throw VaultError.badRequest("missing path");
                }
                if (r.data().isEmpty()) {
                    throw VaultError.badRequest("missing data fields");
                }
                mine.put(path, ServerJson.write(r.data()));
                yield Response.empty();
            }
            case DELETE -> {
                mine.delete(path);
                yield Response.empty();
            }
            case LIST -> {
                String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
                List<String> keys = mine.list(prefix);
                if (keys.isEmpty()) {
                    throw VaultError.notFound();
                }
                yield Response.data(Map.of("keys", keys));
            }
            default -> throw VaultError.unsupportedOperation();
        };
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
