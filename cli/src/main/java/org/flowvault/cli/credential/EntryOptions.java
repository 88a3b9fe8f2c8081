package org.flowvault.cli.credential;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;
import org.flowvault.cli.api.CliError;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.TfaMethod;
import org.flowvault.sdk.credential.VaultReference;
import picocli.CommandLine.Option;

/** The entry's settings that are not secret, shared by {@code credential create} and {@code update}: given, they replace. */
final class EntryOptions {
    @Option(names = "--alias", paramLabel = "TEXT", description = "A label for people, e.g. \"John's account\".")
    String alias;

    @Option(names = "--tfa-method", paramLabel = "authenticator|email|sms", description = "How the second factor is obtained.")
    String tfaMethod;

    @Option(names = "--persist-cookies", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Keep the HTTP cookie jar from one run to the next.")
    Boolean persistCookies;

    @Option(names = "--persist-local-storage", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Keep the browser's local storage from one run to the next.")
    Boolean persistLocalStorage;

    @Option(names = "--persist-session-storage", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Keep the browser's session storage from one run to the next.")
    Boolean persistSessionStorage;

    @Option(names = "--allow-multiple-sessions", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Allow several runs with this entry at once (default: one at a time).")
    Boolean allowMultipleSessions;

    @Option(names = "--max-concurrency", paramLabel = "N", description = "At most N runs at once.")
    Integer maxConcurrency;

    @Option(names = "--prevent-concurrency-during-login", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Let one run at a time through the login step.")
    Boolean preventConcurrencyDuringLogin;

    @Option(names = "--expire-after-last-use-days", paramLabel = "DAYS", description = "Forget persisted cookies this many days after the last use.")
    Integer expireAfterLastUseDays;

    @Option(names = "--vault", paramLabel = "CONFIG:PATH",
            description = "Read the user name, password and TOTP secret from this Vault secret at run time instead of storing them.")
    String vault;

    @Option(names = "--vault-key", paramLabel = "FIELD=KEY", description = "Which key of the Vault secret holds user_name, password or tfa_secret (repeatable).")
    List<String> vaultKeys;

    boolean any() {
        return alias != null || tfaMethod != null || persistCookies != null || persistLocalStorage != null || persistSessionStorage != null
                || allowMultipleSessions != null || maxConcurrency != null || preventConcurrencyDuringLogin != null
                || expireAfterLastUseDays != null || vault != null;
    }

    VaultReference vaultReference() {
        if (vault == null) {
            if (vaultKeys != null && !vaultKeys.isEmpty()) {
                throw new CliError("--vault-key goes with --vault CONFIG:PATH");
            }
            return null;
        }
        int colon = vault.indexOf(':');
        if (colon <= 0 || colon == vault.length() - 1) {
            throw new CliError("--vault is CONFIG:PATH, e.g. --vault local:secret/portal/alice");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String k : vaultKeys == null ? List.<String>of() : vaultKeys) {
            int eq = k.indexOf('=');
            if (eq <= 0 || eq == k.length() - 1) {
                throw new CliError("--vault-key is FIELD=KEY, e.g. --vault-key password=pw");
            }
            keys.put(k.substring(0, eq), k.substring(eq + 1));
        }
        return new VaultReference(vault.substring(0, colon), vault.substring(colon + 1), keys);
    }

    /** Applies the options given to {@code b}. */
    CredentialEntry.Builder applyTo(CredentialEntry.Builder b) {
        if (alias != null) {
            b.userAlias(alias);
        }
        if (tfaMethod != null) {
            try {
                b.tfaMethod(TfaMethod.valueOf(tfaMethod.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CliError("--tfa-method is authenticator, email or sms");
            }
        }
        if (persistCookies != null) {
            b.persistCookies(persistCookies);
        }
        if (persistLocalStorage != null) {
            b.persistLocalStorage(persistLocalStorage);
        }
        if (persistSessionStorage != null) {
            b.persistSessionStorage(persistSessionStorage);
        }
        if (allowMultipleSessions != null) {
            b.allowMultipleSessions(allowMultipleSessions);
        }
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        if (preventConcurrencyDuringLogin != null) {
            b.preventConcurrencyDuringLogin(preventConcurrencyDuringLogin);
        }
        if (expireAfterLastUseDays != null) {
            b.expireAfterLastUseDays(expireAfterLastUseDays);
        }
        if (vault != null) {
            b.userName((org.flowvault.sdk.Secret) null).password((org.flowvault.sdk.Secret) null).tfaSecret((org.flowvault.sdk.Secret) null)
                    .vault(vaultReference());
        }
        return b;
    }
}
