package org.flowvault.sdk.credential;

import java.util.Objects;

/**
 * Which field of which entry a ciphertext belongs to: bound into every format-v2 ciphertext as
 * associated data, so a ciphertext copied to another project, entry or field does not decrypt.
 *
 * @param project            the project's name
 * @param domain             the entry's domain, e.g. {@code https://portal.example.com}
 * @param permissionedUserId the entry's user id
 * @param field              {@code user_name}, {@code password}, {@code tfa_secret} or {@code proxy}
 */
public record FieldId(String project, String domain, String permissionedUserId, String field) {
    public FieldId {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(permissionedUserId, "permissionedUserId");
        Objects.requireNonNull(field, "field");
    }

    /** The same entry's {@code otherField}. */
    public FieldId field(String otherField) {
        return new FieldId(project, domain, permissionedUserId, otherField);
    }

    /** How an error names the field: entry and field, no value. */
    String describe() {
        return "field " + field + " of the entry (" + domain + ", " + permissionedUserId + ") in project " + project;
    }
}
