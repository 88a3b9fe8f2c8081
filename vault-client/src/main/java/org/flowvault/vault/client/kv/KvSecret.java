package org.flowvault.vault.client.kv;

import org.flowvault.vault.client.kv.KvV2Operations.KvVersionMetadata;
import java.util.Map;
import java.util.Optional;
import org.flowvault.vault.client.internal.ClientJson;

/**
 * A secret read from KV: its data and, for KV v2, the metadata of the version read. Values are
 * plain Java (String, Number, Boolean, List, Map, null) in unmodifiable collections. Immutable and
 * thread-safe. {@link #toString()} prints only the type name: a secret never lands in a log.
 *
 * <p>Errors: none beyond the argument checks its factories and constructor document; it makes no calls.
 */
public final class KvSecret {
    private final Map<String, Object> data;
    private final KvVersionMetadata metadata;

    KvSecret(Map<String, Object> data, KvVersionMetadata metadata) {
        this.data = data;
        this.metadata = metadata;
    }

    /** The key/value pairs, never null (empty for a secret written empty). */
    public Map<String, Object> data() {
        return data;
    }

    /** The value of {@code key} as text (numbers and booleans as their JSON text), or null when absent. */
    public String string(String key) {
        Object v = data.get(key);
        return v == null ? null : v instanceof String s ? s : v.toString();
    }

    /** The version's metadata; empty for KV v1. */
    public Optional<KvVersionMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /** The version read, or 0 for KV v1. */
    public long version() {
        return metadata == null ? 0 : metadata.version();
    }

    /**
     * The data mapped onto {@code type} (a record or bean with matching property names) by
     * Jackson; unknown keys are ignored.
     *
     * @throws IllegalArgumentException when a value does not fit its property (the message names the property, not the value)
     */
    public <T> T dataAs(Class<T> type) {
        try {
            return ClientJson.MAPPER.convertValue(data, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret's data does not fit " + type.getName()
                    + " (check the property names and types)");
        }
    }

    @Override
    public String toString() {
        return "KvSecret";
    }
}
