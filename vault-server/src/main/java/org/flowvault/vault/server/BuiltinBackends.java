package org.flowvault.vault.server;

import java.util.HashMap;
import java.util.Map;
import org.flowvault.vault.server.core.BackendFactory;
import org.flowvault.vault.server.auth.approle.AppRoleBackend;
import org.flowvault.vault.server.auth.cert.CertBackend;
import org.flowvault.vault.server.auth.jwt.JwtBackend;
import org.flowvault.vault.server.auth.kubernetes.KubernetesBackend;
import org.flowvault.vault.server.auth.ldap.LdapBackend;
import org.flowvault.vault.server.auth.userpass.UserpassBackend;
import org.flowvault.vault.server.cubbyhole.CubbyholeBackend;
import org.flowvault.vault.server.kv.KvBackends;
import org.flowvault.vault.server.token.TokenBackend;

/** The engine types the embedded server can mount, by Vault type name. */
final class BuiltinBackends {
    private BuiltinBackends() {
    }

    static Map<String, BackendFactory> all() {
        Map<String, BackendFactory> m = new HashMap<>();
        m.put("cubbyhole", CubbyholeBackend::create);
        m.put("token", TokenBackend::create);
        m.put("kv", KvBackends::create);
        m.put("approle", AppRoleBackend::create);
        m.put("userpass", UserpassBackend::create);
        m.put("ldap", LdapBackend::create);
        m.put("jwt", JwtBackend::create);
        m.put("oidc", JwtBackend::create);
        m.put("kubernetes", KubernetesBackend::create);
        m.put("cert", CertBackend::create);
        return m;
    }
}
