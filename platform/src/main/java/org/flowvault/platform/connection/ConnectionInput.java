package org.flowvault.platform.connection;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.naming.Names;

/**
 * What a user gives to create or replace a connection, validated by {@link Builder#build()}:
 * malformed YAML/JSON, reference syntax errors and malformed {@code vault_secrets} entries are
 * refused here (INVALID), unknown configuration names only at resolution (configurations may be
 * created later). Immutable.
 */
public final class ConnectionInput {
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final String name;
    private final String type;
    private final String valueText;
    private final Map<String, Object> value;
    private final List<AttachedSecret> vaultSecrets;
    private final String description;

    private ConnectionInput(Builder b, Map<String, Object> value, List<AttachedSecret> secrets) {
        this.name = b.name;
        this.type = b.type;
        this.valueText = b.value == null ? "" : b.value;
        this.value = value;
        this.vaultSecrets = secrets;
        this.description = b.description == null ? "" : b.description;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    /** The value text as written. */
    public String valueText() {
        return valueText;
    }

    /** The parsed value (unmodifiable). */
    public Map<String, Object> value() {
        return value;
    }

    public List<AttachedSecret> vaultSecrets() {
        return vaultSecrets;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "ConnectionInput[" + name + ", type=" + type + "]";
    }

    /** Collects and validates the fields of a {@link ConnectionInput}. */
    public static final class Builder {
        private String name;
        private String type;
        private String value;
        private List<String> secrets = List.of();
        private String secretsText;
        private String description;

        private Builder() {
        }

        /** The connection's name, unique in its project ({@link Names.Kind#CONNECTION}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The task type, an identifier such as {@code SQLORACLE}. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** The value as YAML or JSON (a map); null or blank for none. */
        public Builder value(String text) {
            this.value = text;
            return this;
        }

        /** The attached secrets, each {@code [config:]path}. */
        public Builder vaultSecrets(List<String> entries) {
            this.secrets = List.copyOf(entries);
            this.secretsText = null;
            return this;
        }

        /** The attached secrets as one comma-separated string ({@code path1,config:path2}). */
        public Builder vaultSecrets(String commaSeparated) {
            this.secretsText = commaSeparated;
            this.secrets = List.of();
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** @throws PlatformException INVALID naming the field and the fix */
        public ConnectionInput build() {
            if (name == null || name.isEmpty()) {
                throw PlatformException.invalidField("name", "a connection needs a name: " + Names.Kind.CONNECTION.rule());
            }
            inField("name", () -> Names.require(Names.Kind.CONNECTION, name));
            if (type == null || !TYPE.matcher(type).matches()) {
                throw PlatformException.invalidField("type", "connection type must be a task type name: a letter followed by letters, "
                        + "digits or '_' (at most 64), e.g. SQLORACLE");
            }
            Map<String, Object> parsed = inField("value", () -> ConnectionValues.parse(value));
            List<AttachedSecret> attached = inField("vault_secrets", () -> secretsText != null
                    ? AttachedSecret.parseCommaSeparated(secretsText)
                    : AttachedSecret.parseAll(secrets));
            return new ConnectionInput(this, parsed, attached);
        }

        /** Runs {@code check}, tagging its INVALID error with {@code field} so a form shows it beside that field. */
        private static <T> T inField(String field, java.util.function.Supplier<T> check) {
            try {
                return check.get();
            } catch (PlatformException e) {
                if (e.reason() == PlatformException.Reason.INVALID && e.field().isEmpty()) {
                    throw PlatformException.invalidField(field, e.getMessage());
                }
                throw e;
            }
        }
    }
}
