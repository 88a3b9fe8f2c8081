package org.flowvault.vault.server.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.policy.Operation;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;

/**
 * The KV engine's change events, named and described as Vault's ({@code kv-v2/data-write},
 * {@code kv-v1/delete}, ...): the path, the data path, the operation and, for KV v2, the current
 * and oldest version after the change. Never a value. Published only for changes that succeeded.
 */
final class ChangeEvents {
    private final MountContext context;
    private final VersionedStore store;

    /** {@code store} is null for KV v1. */
    ChangeEvents(MountContext context, VersionedStore store) {
        this.context = context;
        this.store = store;
    }

    /** Publishes what {@code request} changed on a KV v2 mount, if it changed anything. */
    void versioned(Request request, Response response) {
        if (context == null || !context.hasListeners() || !succeeded(response)) {
            return;
        }
        String rel = request.path();
        int slash = rel.indexOf('/');
        String area = slash < 0 ? rel : rel.substring(0, slash);
        String key = slash < 0 ? "" : rel.substring(slash + 1);
        String operation = switch (area) {
            case "data" -> switch (request.operation()) {
                case CREATE, UPDATE -> "data-write";
                case PATCH -> "data-patch";
                case DELETE -> "data-delete";
                default -> null;
            };
            case "metadata" -> switch (request.operation()) {
                case CREATE, UPDATE -> "metadata-write";
                case PATCH -> "metadata-patch";
                case DELETE -> "metadata-delete";
                default -> null;
            };
            case "delete", "undelete", "destroy" -> request.operation() == Operation.UPDATE || request.operation() == Operation.CREATE ? area : null;
            case "config" -> request.operation() == Operation.UPDATE || request.operation() == Operation.CREATE ? "config-write" : null;
            default -> null;
        };
        if (operation == null) {
            return;
        }
        String mount = request.mount().path();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("path", mount + rel);
        if (!key.isEmpty()) {
            metadata.put("data_path", mount + "data/" + key);
        }
        metadata.put("operation", operation);
        metadata.put("modified", "true");
        if (!key.isEmpty() && !operation.equals("metadata-delete")) {
            KeyRecord record = store.read(request.storage(), key);
            if (record != null) {
                metadata.put("current_version", Long.toString(record.currentVersion()));
                metadata.put("oldest_version", Long.toString(record.oldestVersion()));
            }
        }
        context.publish(request, "kv-v2/" + operation, metadata);
    }

    /** Publishes what {@code request} changed on a KV v1 mount, if it changed anything. */
    void unversioned(Request request, Response response) {
        if (context == null || !context.hasListeners() || !succeeded(response)) {
            return;
        }
        String operation = switch (request.operation()) {
            case CREATE, UPDATE -> "write";
            case DELETE -> "delete";
            default -> null;
        };
        if (operation == null) {
            return;
        }
        String path = request.mount().path() + request.path();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("path", path);
        if (operation.equals("write")) {
            metadata.put("data_path", path);
        }
        metadata.put("operation", operation);
        metadata.put("modified", "true");
        context.publish(request, "kv-v1/" + operation, metadata);
    }

    private static boolean succeeded(Response response) {
        return response == null || response.status() < 400;
    }
}
