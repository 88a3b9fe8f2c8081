package org.flowvault.platform.execution;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.flowvault.platform.error.PlatformException;
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
     * @return the entry's id
     * @throws PlatformException INVALID naming the input (never its value) when there is no such
     *         entry, the entry is for another domain, or it expired
     */
    UUID check(Caller caller, UUID projectId, InputSpec spec, String permissionedUserId);

    /** Records that run {@code runId} uses {@code entryIds}; called before the run is queued. */
    void reserve(UUID runId, Collection<UUID> entryIds);

    /**
     * A condition on {@code runs} (starting with {@code AND}) that leaves out queued runs whose
     * entries have no free lease, so they wait without blocking the queue; empty for none.
     */
    String claimFilter();

    /**
     * Of the queued runs {@code candidates} (oldest first), those that may start now within their
     * entries' concurrency limits; runs on {@code h} inside the claim's transaction, holding the
     * entries' row locks until it ends, so nodes claiming at once never exceed a limit.
     */
    List<UUID> admit(Handle h, List<UUID> candidates);

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

        /**
         * Enters the entry's login: with {@code prevent_concurrency_during_login}, waits until no
         * other run is in its login step (checking {@code cancelled}), and returns what releases
         * it; null when the entry does not serialise logins or the run was cancelled while waiting.
         */
        default Runnable enterLogin(java.util.function.BooleanSupplier cancelled) {
            return null;
        }

        /** Whether the entry keeps its cookies between runs ({@code persist_cookies}). */
        default boolean persistsCookies() {
            return false;
        }

        /** Loads the entry's saved cookies into the run's jar (when it persists them). */
        default void loadCookies(java.net.CookieStore jar) {
        }

        /**
         * Saves the run's jar as the entry's (when it persists cookies): all of it, or with
         * {@code ownSiteOnly} only the cookies of the entry's site.
         */
        default void saveCookies(java.net.CookieStore jar, boolean ownSiteOnly) {
        }

        /**
         * The entry's saved browser storage of {@code kind}, origin to (key to value), for a
         * browser task to restore; empty unless the entry persists that kind. The values are
         * secrets: a task that uses them registers them with the run's masker.
         */
        default Map<String, Map<String, String>> loadStorage(WebStorage kind) {
            return Map.of();
        }

        /**
         * Saves a browser task's storage of {@code kind} as the entry's (when it persists that
         * kind), replacing what was saved, sealed like its cookies.
         */
        default void saveStorage(WebStorage kind, Map<String, Map<String, String>> byOrigin) {
        }
    }

    /** A browser's two kinds of web storage an entry may keep between runs. */
    enum WebStorage {
        /** {@code localStorage}: kept with {@code persist_local_storage}. */
        LOCAL,
        /** {@code sessionStorage}: kept with {@code persist_session_storage}. */
        SESSION
    }

    /** No credential vault: runs with credential inputs are refused. */
    CredentialInputs NONE = new CredentialInputs() {
        @Override
        public UUID check(Caller caller, UUID projectId, InputSpec spec, String permissionedUserId) {
            throw PlatformException.invalid("input '" + spec.name() + "' is a credential, but this engine has no credential vault");
        }

        @Override
        public void reserve(UUID runId, Collection<UUID> entryIds) {
        }

        @Override
        public String claimFilter() {
            return "";
        }

        @Override
        public List<UUID> admit(Handle h, List<UUID> candidates) {
            return candidates;
        }

        @Override
        public Credential open(Caller runAs, UUID projectId, UUID runId, InputSpec spec, String permissionedUserId) {
            throw PlatformException.invalid("input '" + spec.name() + "' is a credential, but this engine has no credential vault");
        }
    };
}
