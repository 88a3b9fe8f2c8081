package org.flowvault.sdk.connection;

import java.util.List;

/**
 * The fields of a connection to create, or to change on update (null fields are not sent: on
 * update they keep their values). Built with {@link #builder()}.
 *
 * @param name         the name (required to create; on update, a new name renames)
 * @param type         the task type: SQL, HTTP, GIT, VAULT... (required to create)
 * @param value        the inputs as YAML or JSON text
 * @param vaultSecrets the attached Vault secrets, {@code [CONFIG:]PATH} each
 * @param description  a description for people
 */
public record ConnectionRequest(String name, String type, String value, List<String> vaultSecrets, String description) {
    public ConnectionRequest {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("a connection's name must not be blank");
        }
        if (type != null && type.isBlank()) {
            throw new IllegalArgumentException("a connection's type must not be blank (SQL, HTTP, GIT, VAULT...)");
        }
        vaultSecrets = vaultSecrets == null ? null : List.copyOf(vaultSecrets);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a connection's fields. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String type;
        private String value;
        private List<String> vaultSecrets;
        private String description;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** The inputs as YAML or JSON text. */
        public Builder value(String yamlOrJson) {
            this.value = yamlOrJson;
            return this;
        }

        public Builder vaultSecrets(List<String> vaultSecrets) {
            this.vaultSecrets = vaultSecrets;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public ConnectionRequest build() {
            return new ConnectionRequest(name, type, value, vaultSecrets, description);
        }
    }
}
