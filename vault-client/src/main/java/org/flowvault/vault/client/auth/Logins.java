package org.flowvault.vault.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * What every authentication method shares: option checks with messages that say which call is
 * missing, the login request itself, and the translation of Vault's refusals into
 * {@link VaultException.LoginFailed}. Messages carry Vault's errors and the method's settings,
 * never a credential.
 */
final class Logins {
    private Logins() {
    }

    /** A mount path without surrounding slashes; refuses empty, "." and ".." segments. */
    static String mount(String method, String mount) {
        if (mount == null) {
            throw new IllegalArgumentException(method + " authentication needs a mount path: pass it to mount(..) or leave the default");
        }
        String m = strip(mount.trim());
        if (m.isEmpty()) {
            throw new IllegalArgumentException(method + " authentication needs a mount path, got \"" + mount + "\": pass one such as \"approle\" or \"team/approle\"");
        }
        for (String segment : m.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.isBlank()) {
                throw new IllegalArgumentException(method + " authentication mount \"" + mount + "\" has an empty, \".\" or \"..\" segment");
            }
        }
        return m;
    }

    /** A namespace as given; "" (or "/", "root") is the root namespace, null the transport's. */
    static String namespace(String namespace) {
        if (namespace == null) {
            return null;
        }
        String n = strip(namespace.trim());
        return n.equals("root") ? "" : n;
    }

    /** A required text setting: not null and not blank. */
    static String required(String method, String value, String what, String call) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(method + " authentication needs " + what + ": call " + call);
        }
        return value;
    }

    /** A name that becomes one path segment: required, and without '/'. */
    static String segment(String method, String value, String what, String call) {
        required(method, value, what, call);
        if (value.indexOf('/') >= 0) {
            throw new IllegalArgumentException(method + " authentication: " + what + " \"" + value + "\" must not contain '/'");
        }
        return value;
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * POSTs a login body to {@code auth/<mount>/<path>} (no token) and reads the {@code auth} block.
     *
     * @param method the method's name for messages ("AppRole", "userpass"...)
     */
    static LoginResult login(VaultTransport transport, String method, String mount, String path, Object body, String namespace) {
        String apiPath = "auth/" + mount + "/" + path;
        String what = method + " login at auth/" + mount;
        JsonNode response = call(transport, what, "POST", apiPath, body, null, namespace);
        JsonNode auth = response == null ? null : response.get("auth");
        String clientToken = auth == null ? null : text(auth, "client_token");
        if (clientToken == null) {
            throw new VaultException.LoginFailed(what + where(namespace) + " returned no token (the answer has no auth.client_token)",
                    200, apiPath, List.of(), null);
        }
        return new LoginResult(VaultToken.of(clientToken), Duration.ofSeconds(auth.path("lease_duration").asLong()),
                auth.path("renewable").asBoolean(), policies(auth), true);
    }

    /**
     * One request on behalf of a login. Vault's refusals (4xx) become {@link VaultException.LoginFailed}
     * whose message starts with {@code what} ("AppRole login at auth/approle") and ends with Vault's
     * errors; {@link VaultException.Unavailable} and {@link VaultException.Sealed} pass through
     * unchanged, since a later attempt may succeed.
     */
    static JsonNode call(VaultTransport transport, String what, String httpMethod, String path, Object body, String token,
                         String namespace) {
        try {
            return transport.send(httpMethod, path, body, token, namespace, Map.of());
        } catch (VaultException.Unavailable | VaultException.Sealed e) {
            throw e;
        } catch (VaultException e) {
            String vault = e.errors().isEmpty() ? "HTTP " + e.status() : String.join("; ", e.errors());
            throw new VaultException.LoginFailed(what + where(namespace) + " failed: " + vault, e.status(), path, e.errors(), e);
        }
    }

    /** The {@code data.<field>} text of a response, or a LoginFailed naming {@code what}. */
    static String dataField(JsonNode response, String field, String what, String path, String namespace) {
        JsonNode data = response == null ? null : response.get("data");
        String value = data == null ? null : text(data, field);
        if (value == null) {
            throw new VaultException.LoginFailed(what + where(namespace) + " returned no " + field, 200, path, List.of(), null);
        }
        return value;
    }

    static String where(String namespace) {
        if (namespace == null) {
            return "";
        }
        return namespace.isEmpty() ? " (root namespace)" : " (namespace " + namespace + ")";
    }

    static List<String> policies(JsonNode node) {
        JsonNode p = node.has("token_policies") && node.get("token_policies").isArray() ? node.get("token_policies") : node.get("policies");
        if (p == null || !p.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(p.size());
        p.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    /** A non-secret setting shown in toString(), or a marker for a secret one. */
    static String masked(Object secret) {
        return secret == null ? "none" : "<masked>";
    }
}
