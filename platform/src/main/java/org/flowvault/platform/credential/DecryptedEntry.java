package org.flowvault.platform.credential;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An entry with its secret fields' values, for a caller allowed to read them. {@link #toString()}
 * shows which fields are set, never a value.
 *
 * @param values field name ({@link EntryFields#SECRET}) to the value the client encrypted (a string
 *               for user names, passwords and TOTP secrets; a map or a string for a proxy); unset
 *               fields are absent
 */
public record DecryptedEntry(CredentialEntry entry, Map<String, Object> values) {
    public DecryptedEntry {
        Objects.requireNonNull(entry, "entry");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String toString() {
        return "DecryptedEntry[" + entry.id() + ", fields " + values.keySet() + "]";
    }
}
