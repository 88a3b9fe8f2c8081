package org.flowvault.sdk.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldFormat;
import org.flowvault.sdk.credential.KeyVersion;

/**
 * The client's credential key, the format it writes, and the key version it writes under in each
 * project: given to the builder, or learnt once per project from the server's list of versions
 * (the current one, checked against the key's fingerprint when the server lists fingerprints, so
 * a stale key after a rotation is an error at once rather than fields that runs cannot read).
 * Thread-safe.
 */
final class CredentialKeyring {
    private final CredentialKey key;
    private final int version;
    private final FieldFormat format;
    private final boolean readsV1;
    private final ConcurrentMap<String, Integer> learnt = new ConcurrentHashMap<>();

    CredentialKeyring(CredentialKey key, int version, FieldFormat format, boolean readsV1) {
        this.key = key;
        this.version = version;
        this.format = format;
        this.readsV1 = readsV1;
    }

    /** Whether fields in format v1 (bound to no entry) are decrypted. */
    boolean readsV1() {
        return readsV1;
    }

    boolean hasKey() {
        return key != null;
    }

    FieldFormat format() {
        return format;
    }

    /** The key, or an error saying that {@code purpose} needs one and how to give it. */
    CredentialKey require(String purpose) {
        if (key == null) {
            throw new IllegalStateException(purpose + " needs the project's credential key, and this client has none: give it to "
                    + "Flowvault.builder().credentialKey(...) (64 hex characters, e.g. from FLOWVAULT_CREDENTIAL_KEY)"
                    + (purpose.startsWith("decrypting") ? ", or read with decryptCredentials(false) for the ciphertexts only" : ""));
        }
        return key;
    }

    /** The key version new v2 fields of {@code project} are written under. */
    int writeVersion(String project, java.util.function.Supplier<List<KeyVersion>> versions) {
        if (version > 0) {
            return version;
        }
        return learnt.computeIfAbsent(project, p -> current(p, versions.get()));
    }

    /** Forgets what was learnt about {@code project} (after a key was generated, imported or rotated). */
    void forget(String project) {
        learnt.remove(project);
    }

    private int current(String project, List<KeyVersion> versions) {
        KeyVersion current = versions.stream().filter(KeyVersion::current).findFirst().orElseThrow(() -> new IllegalStateException(
                "project '" + project + "' has no credential key yet: an admin generates one ('flowvault credential key generate') "
                        + "or imports an existing one ('flowvault credential key import')"));
        if (current.fingerprint() != null && !current.fingerprint().equals(key.fingerprint())) {
            Optional<KeyVersion> mine = versions.stream().filter(v -> key.fingerprint().equals(v.fingerprint())).findFirst();
            throw new IllegalStateException(mine.map(v -> "this client's credential key is version " + v.version() + " of project '"
                            + project + "'" + (v.retired() ? " (retired)" : "") + ", but version " + current.version()
                            + " is current: use the key shown when version " + current.version() + " was generated or rotated")
                    .orElse("this client's credential key is none of project '" + project + "''s key versions: "
                            + "check FLOWVAULT_CREDENTIAL_KEY (or the key given to the builder) and the project"));
        }
        return current.version();
    }

    @Override
    public String toString() {
        return "CredentialKeyring[" + (key == null ? "no key" : "key " + key.fingerprint()) + ", writes " + format + "]";
    }
}
