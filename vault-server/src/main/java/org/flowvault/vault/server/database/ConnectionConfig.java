package org.flowvault.vault.server.database;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored {@code database/config/NAME}. The root password is kept (encrypted by the barrier)
 * to connect, and never returned by a read.
 *
 * @param allowedRoles role names (or "*") allowed to issue credentials from this connection
 */
record ConnectionConfig(
        @JsonProperty("plugin_name") String pluginName,
        @JsonProperty("connection_url") String connectionUrl,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("allowed_roles") List<String> allowedRoles,
        @JsonProperty("root_rotation_statements") List<String> rootRotationStatements,
        @JsonProperty("verify_connection") boolean verifyConnection) {

    ConnectionConfig {
        allowedRoles = allowedRoles == null ? List.of() : List.copyOf(allowedRoles);
        rootRotationStatements = rootRotationStatements == null ? List.of() : List.copyOf(rootRotationStatements);
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    DatabasePlugin plugin() {
        return DatabasePlugin.byName(pluginName).orElseThrow();
    }

    boolean allows(String role) {
        for (String a : allowedRoles) {
            if (a.equals("*") || a.equals(role) || (a.endsWith("*") && role.startsWith(a.substring(0, a.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    ConnectionConfig withPassword(String newPassword) {
        return new ConnectionConfig(pluginName, connectionUrl, username, newPassword, allowedRoles, rootRotationStatements, verifyConnection);
    }

    /**
     * The URL with a password written into it (instead of the {{password}} template) masked, and
     * any {@code password=} parameter: a read must not hand the root password back.
     */
    static String withoutLiteralPassword(String url) {
        String masked = url.replaceAll("(?i)(password=)[^&;\\s]*", "$1*****");
        masked = masked.replaceAll("^([a-z][a-z0-9+.-]*://[^:/@]*:)(?!\\{\\{password}}@)[^/]*@", "$1*****@");
        return masked.replaceAll("^(?![a-z][a-z0-9+.-]*://)([^:/@]*:)(?!\\{\\{password}}@)[^/]*@", "$1*****@");
    }

    /** What a read returns, as Vault: connection details without the password. */
    Map<String, Object> view() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connection_url", withoutLiteralPassword(connectionUrl));
        details.put("username", username);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allowed_roles", allowedRoles);
        out.put("connection_details", details);
        out.put("password_policy", "");
        out.put("plugin_name", pluginName);
        out.put("plugin_version", "");
        out.put("root_credentials_rotate_statements", rootRotationStatements);
        out.put("verify_connection", verifyConnection);
        return out;
    }
}
