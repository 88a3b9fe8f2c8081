package org.flowvault.vault.server;

import java.util.HashMap;
import java.util.Map;
import org.flowvault.vault.server.core.BackendFactory;
import org.flowvault.vault.server.cubbyhole.CubbyholeBackend;

/** The engine types the embedded server can mount, by Vault type name. */
final class BuiltinBackends {
    private BuiltinBackends() {
    }

    static Map<String, BackendFactory> all() {
        Map<String, BackendFactory> m = new HashMap<>();
        m.put("cubbyhole", CubbyholeBackend::create);
        return m;
    }
}
