package org.flowvault.platform.connection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored, project-scoped set of inputs for one task type (seed 001): a value (a map written in
 * YAML or JSON, which may contain {@linkplain org.flowvault.platform.reference references}) and
 * the Vault secrets attached to it. Immutable.
 *
 * <p>{@link #toString()} shows neither the value nor its text: a value may hold a literal password.
 *
 * @param id           stable id
 * @param projectId    the project it belongs to; its name is unique within the project
 * @param name         the name flows use ({@code connect("name")})
 * @param type         the task type name, an identifier ({@code SQLORACLE}, {@code GIT}...)
 * @param value        the parsed value: an unmodifiable map of plain Java values (String, Number,
 *                     Boolean, List, Map, null)
 * @param valueText    the value as the user wrote it (YAML or JSON), kept for editing
 * @param vaultSecrets the attached secrets, in order (later ones win on equal keys)
 * @param description  free text, never null (may be empty)
 * @param createdAt    when it was created
 * @param updatedAt    when it was last changed
 */
public record Connection(UUID id, UUID projectId, String name, String type, Map<String, Object> value,
                         String valueText, List<AttachedSecret> vaultSecrets, String description,
                         Instant createdAt, Instant updatedAt) {

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(valueText, "valueText");
        vaultSecrets = List.copyOf(vaultSecrets);
        description = description == null ? "" : description;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public String toString() {
        return "Connection[" + name + ", type=" + type + ", project=" + projectId + ", vaultSecrets=" + vaultSecrets + "]";
    }
}
