package org.flowvault.server.web.credential;

import java.time.Instant;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.credential.EntryFields;

/**
 * What the pages show of an entry: its identity and settings, and for each secret field only
 * whether it is set — never a ciphertext, never a value.
 */
public record EntryRow(String id, String domain, String permissionedUserId, String userAlias, String tfaMethod,
                       String concurrency, Instant lastUsedAt, boolean hasUserName, boolean hasPassword, boolean hasTotpSecret,
                       boolean hasProxy, boolean fromVault, boolean allowMultipleSessions, Integer maxConcurrency,
                       boolean preventConcurrencyDuringLogin, boolean persistCookies, Integer expireAfterLastUseDays) {

    static EntryRow of(CredentialEntry e) {
        int limit = e.concurrencyLimit();
        return new EntryRow(e.id().toString(), e.domain(), e.permissionedUserId(), e.userAlias() == null ? "" : e.userAlias(),
                e.tfaMethod() == null ? "" : e.tfaMethod().name(), limit == 0 ? "no limit" : limit == 1 ? "1 run" : limit + " runs",
                e.lastUsedAt(), e.ciphertext(EntryFields.USER_NAME) != null, e.ciphertext(EntryFields.PASSWORD) != null,
                e.ciphertext(EntryFields.TFA_SECRET) != null, e.ciphertext(EntryFields.PROXY) != null, e.vault() != null,
                e.allowMultipleSessions(), e.maxConcurrency(), e.preventConcurrencyDuringLogin(), e.persistCookies(),
                e.expireAfterLastUseDays());
    }

    /** The last use as people read it (UTC, to the minute), or "never". */
    public String lastUsed() {
        return lastUsedAt == null ? "never" : lastUsedAt.toString().substring(0, 16).replace('T', ' ') + " UTC";
    }

    /** Whether the entry can show a TOTP code: a secret stored here (provider-backed entries are resolved by runs). */
    public boolean totp() {
        return hasTotpSecret || (fromVault && "AUTHENTICATOR".equals(tfaMethod));
    }
}
