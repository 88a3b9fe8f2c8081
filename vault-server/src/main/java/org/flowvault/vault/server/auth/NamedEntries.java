package org.flowvault.vault.server.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.flowvault.vault.server.core.MountContext;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.Response;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * The named entries of an auth mount (jwt and kubernetes roles, cert entries), each stored as
 * JSON under one storage prefix, and the handlers Vault answers them with: LIST (404 when there
 * are none), read (404 when absent), write (creates, or updates the stored entry with the fields
 * the request gives) and delete. Thread-safe: writes of one mount are serialised.
 *
 * @param <T> the stored entry type
 */
public final class NamedEntries<T> {
    /** The storage key prefix of a mount's named entries, such as {@code "role/"}. */
    private final String prefix;
    private final Class<T> type;
    private final MountContext ctx;
    private final T fresh;
    /** The entry a write stores: the current (or fresh) entry updated from the request, given the name. */
    private final Updater<T> update;
    /** Writes an entry's fields into a read's data. */
    private final BiConsumer<T, Map<String, Object>> render;
    private final Object lock = new Object();

    /** Updates an entry from a write request. */
    @FunctionalInterface
    public interface Updater<T> {
        T update(T current, Request request, String name);
    }

    /**
     * @param fresh  the entry a write starts from when the name is new (the type's defaults)
     * @param update the entry a write stores
     * @param render writes an entry's fields into a read's data
     */
    public NamedEntries(MountContext ctx, String prefix, Class<T> type, T fresh, Updater<T> update,
                        BiConsumer<T, Map<String, Object>> render) {
        this.ctx = ctx;
        this.prefix = prefix;
        this.type = type;
        this.fresh = fresh;
        this.update = update;
        this.render = render;
    }

    /** The stored entry of this name, or null. */
    public T get(String name) {
        byte[] raw = ctx.storage().get(prefix + name);
        return raw == null ? null : ServerJson.read(raw, type);
    }

    /** Whether the entry the request's {@code name} parameter names exists. */
    public boolean exists(Request r) {
        return get(r.param("name")) != null;
    }

    /** The names of the stored entries. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (String k : ctx.storage().list(prefix)) {
            if (!k.endsWith("/")) {
                names.add(k);
            }
        }
        return names;
    }

    /** LIST: the names, or 404 when there are none (as Vault). */
    public Response list(Request r) {
        List<String> names = names();
        if (names.isEmpty()) {
            throw VaultError.notFound();
        }
        return Response.data(Map.of("keys", names));
    }

    /** Read: the entry's fields, or 404. */
    public Response read(Request r) {
        T entry = get(r.param("name"));
        if (entry == null) {
            throw VaultError.notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        render.accept(entry, data);
        return Response.data(data);
    }

    /** Write: creates the entry or updates the fields the request gives. */
    public Response write(Request r) {
        String name = r.param("name");
        synchronized (lock) {
            T current = get(name);
            ctx.storage().put(prefix + name, ServerJson.write(update.update(current == null ? fresh : current, r, name)));
        }
        return Response.empty();
    }

    /** Delete: removes the entry; an absent one is not an error. */
    public Response delete(Request r) {
        ctx.storage().delete(prefix + r.param("name"));
        return Response.empty();
    }
}
