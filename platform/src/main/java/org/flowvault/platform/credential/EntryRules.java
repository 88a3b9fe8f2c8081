package org.flowvault.platform.credential;

import java.time.Instant;
import java.util.UUID;
import org.flowvault.platform.error.PlatformException;

/**
 * Builds the entry to store from a client's input: defaults on create, the current values on
 * update, every field validated. A provider-backed entry ({@code vault}) has no ciphertexts for
 * the fields Vault provides; giving either replaces the other.
 */
final class EntryRules {
    private EntryRules() {
    }

    static CredentialEntry merge(CredentialEntry current, EntryInput in, UUID id, UUID projectId, String project, Instant now) {
        String domain = EntryValidation.domain(current == null ? in.domain() : current.domain());
        String userId = EntryValidation.permissionedUserId(current == null ? in.permissionedUserId() : current.permissionedUserId());
        boolean givesCiphertext = in.userName() != null || in.password() != null || in.tfaSecret() != null;
        if (in.vault() != null && givesCiphertext) {
            throw PlatformException.invalid("'vault' replaces 'user_name', 'password' and 'tfa_secret' (Vault provides them): "
                    + "give either the ciphertexts or 'vault', not both");
        }
        VaultSource vault = in.vault() != null ? EntryValidation.vault(in.vault())
                : givesCiphertext || in.clears("vault") || current == null ? null : current.vault();
        boolean fromVault = vault != null;
        String userName = secret("user_name", in.userName(), in, current == null || fromVault ? null : current.userName(), fromVault);
        String password = secret("password", in.password(), in, current == null || fromVault ? null : current.password(), fromVault);
        String tfaSecret = secret("tfa_secret", in.tfaSecret(), in, current == null || fromVault ? null : current.tfaSecret(), fromVault);
        String proxy = secret("proxy", in.proxy(), in, current == null ? null : current.proxy(), false);
        TfaMethod tfa = pick(in.tfaMethod(), in, "tfa_method", current == null ? null : current.tfaMethod());
        if (tfa == null && (tfaSecret != null || (fromVault && in.vault() != null && in.vault().keys().containsKey("tfa_secret")))) {
            tfa = TfaMethod.AUTHENTICATOR; // a TOTP secret means an authenticator app, as in the seed product
        }
        return new CredentialEntry(id, projectId, project, domain, userId,
                EntryValidation.alias(pick(in.userAlias(), in, "user_alias", current == null ? null : current.userAlias())),
                userName, password, tfaSecret, tfa,
                flag(in.persistCookies(), current == null ? null : current.persistCookies()),
                flag(in.persistLocalStorage(), current == null ? null : current.persistLocalStorage()),
                flag(in.persistSessionStorage(), current == null ? null : current.persistSessionStorage()),
                flag(in.allowMultipleSessions(), current == null ? null : current.allowMultipleSessions()),
                EntryValidation.maxConcurrency(pick(in.maxConcurrency(), in, "max_concurrency", current == null ? null : current.maxConcurrency())),
                flag(in.preventConcurrencyDuringLogin(), current == null ? null : current.preventConcurrencyDuringLogin()),
                EntryValidation.expiryDays(pick(in.expireAfterLastUseDays(), in, "expire_after_last_use_days",
                        current == null ? null : current.expireAfterLastUseDays())),
                proxy, vault,
                current == null ? now : current.createdAt(), now, current == null ? null : current.lastUsedAt());
    }

    private static String secret(String field, String given, EntryInput in, String current, boolean fromVault) {
        if (given != null) {
            EntryValidation.ciphertext(field, given);
            return given;
        }
        return in.clears(field) || fromVault ? null : current;
    }

    private static <T> T pick(T given, EntryInput in, String field, T current) {
        if (given != null) {
            return given;
        }
        return in.clears(field) ? null : current;
    }

    private static boolean flag(Boolean given, Boolean current) {
        return given != null ? given : current != null && current;
    }
}
