package org.flowvault.platform.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an audit record is about; {@link #label()} is its stable name in the API, the CLI and the table. */
public enum AuditAction {
    /** A connection resolved for a run (or an API call): one record per resolution, naming every secret path read. */
    CONNECTION_RESOLVE("connection.resolve"),
    /** A connection's masked preview: the secrets were read, not shown (one record, as a resolution). */
    CONNECTION_PREVIEW("connection.preview"),
    /** A run's sensitive outputs revealed to a caller. */
    RUN_REVEAL("run.reveal"),
    /** A secret written to Vault (a flow's write_secret, the API, a VAULT task). */
    SECRET_WRITE("secret.write"),
    /** A secret read by a VAULT task. */
    SECRET_READ("secret.read"),
    /** Credential-vault fields decrypted (one record per decryption, the fields listed). */
    CREDENTIAL_DECRYPT("credential.decrypt"),
    /** A TOTP code computed from a credential entry's secret. */
    CREDENTIAL_TOTP("credential.totp"),
    CREDENTIAL_KEY_GENERATE("credential.key_generate"),
    CREDENTIAL_KEY_IMPORT("credential.key_import"),
    CREDENTIAL_KEY_ROTATE("credential.key_rotate"),
    CREDENTIAL_REENCRYPT("credential.reencrypt"),
    /** A user's Vault token registered for a configuration (first time). */
    TOKEN_REGISTER("token.register"),
    /** A user's Vault token replaced by a new one. */
    TOKEN_REPLACE("token.replace"),
    TOKEN_REMOVE("token.remove"),
    /** A renewal attempt of a user's token, with its outcome. */
    TOKEN_RENEW("token.renew"),
    /** The picker listed a configuration's KV mounts or a folder (names only): one record per listing read from Vault. */
    VAULT_BROWSE("vault.browse"),
    /** The picker read one secret to show its key names (never a value): one record per read. */
    VAULT_BROWSE_KEYS("vault.browse_keys"),
    CONFIG_CREATE("config.create"),
    CONFIG_UPDATE("config.update"),
    CONFIG_DELETE("config.delete"),
    /** A dynamic secret (database credentials) issued for one run under a lease. */
    LEASE_ISSUE("lease.issue"),
    /** A run's lease could not be renewed (revoked or expired): the run fails at its next step. */
    LEASE_RENEWAL_FAILED("lease.renewal_failed"),
    /** A run's lease revoked when the run ended or was recovered (the credentials are gone). */
    LEASE_REVOKE("lease.revoke"),
    /** Records older than the retention were purged; the record anchors the chain (see {@link Audit#purge}). */
    AUDIT_PURGE("audit.purge");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The action named {@code label}, if any. */
    public static Optional<AuditAction> of(String label) {
        return Arrays.stream(values()).filter(a -> a.label.equals(label)).findFirst();
    }
}
