package org.flowvault.vault.client.sys;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.internal.Json;

/**
 * One mounted secrets engine or auth method, as {@code sys/mounts} and {@code sys/auth} list it.
 *
 * @param type            the engine type ("kv", "approle"...)
 * @param description     its description, possibly empty
 * @param accessor        the mount accessor
 * @param options         engine options, such as {"version": "2"} for KV v2
 * @param defaultLeaseTtl the mount's default lease TTL; zero means the system default
 * @param maxLeaseTtl     the mount's max lease TTL; zero means the system default
 * @param local           whether it is local to this cluster (not replicated)
 * @param sealWrap        whether seal wrapping is on
 */
public record MountInfo(String type, String description, String accessor, Map<String, String> options,
                        Duration defaultLeaseTtl, Duration maxLeaseTtl, boolean local, boolean sealWrap) {
    public MountInfo {
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        description = description == null ? "" : description;
    }

    static MountInfo from(JsonNode m) {
        JsonNode config = m.get("config");
        return new MountInfo(Json.text(m, "type"), Json.text(m, "description"), Json.text(m, "accessor"),
                Json.stringMap(m.get("options")), Json.duration(config, "default_lease_ttl"), Json.duration(config, "max_lease_ttl"),
                Json.bool(m, "local"), Json.bool(m, "seal_wrap"));
    }
}
