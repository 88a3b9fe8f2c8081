package org.flowvault.platform.execution;

import java.util.UUID;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.identity.Caller;

/**
 * How runs reach the credential vault: a flow input of type {@code credential} names an entry
 * (its value is a permissioned user id, the input declares the domain). The engine checks the
 * entry before it records a run, and opens it when a node starts executing the run. Implemented
 * by the platform's credential vault; {@link #NONE} refuses credential inputs.
 */
public interface CredentialInputs {

    /**
     * Checks that {@code permissionedUserId} names a usable entry of the input's domain in the
     * project, before the run is recorded.
     *
     * @throws PlatformException INVALID naming the input (never its value) when there is no such
     *         entry, the entry is for another domain, or it expired
     */
    void check(Caller caller, UUID projectId, InputSpec spec, String permissionedUserId);

    /**
     * Opens the entry for run {@code runId} as {@code runAs}: decrypts (or reads from Vault) its
     * user name and password, audited with the run id.
     *
     * @throws PlatformException naming the input when the entry is gone, expired or does not decrypt
     */
    Credential open(Caller runAs, UUID projectId, UUID runId, InputSpec spec, String permissionedUserId);

    /** An entry opened for one run. Values are secrets: implementations never print them. */
    interface Credential {
        String domain();

        String permissionedUserId();

        /** The user name, or null when the entry has none. */
        String userName();

        /** The password, or null when the entry has none. */
        String password();

        /** Whether a person must give the second factor (an e-mail or text-message code) instead of {@link #totp()}. */
        boolean codeFromPerson();

        /**
         * The TOTP code at this moment, audited with the run id.
         *
         * @throws PlatformException when the entry has no usable TOTP secret
         */
        String totp();
    }

    /** No credential vault: runs with credential inputs are refused. */
    CredentialInputs NONE = new CredentialInputs() {
        @Override
        public void check(Caller caller, UUID projectId, InputSpec spec, String permissionedUserId) {
            throw PlatformException.invalid("input '" + spec.name() + "' is a credential, but this engine has no credential vault");
        }

        @Override
        public Credential open(Caller runAs, UUID projectId, UUID runId, InputSpec spec, String permissionedUserId) {
            throw PlatformException.invalid("input '" + spec.name() + "' is a credential, but this engine has no credential vault");
        }
    };
}
