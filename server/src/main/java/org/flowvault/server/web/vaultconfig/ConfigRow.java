package org.flowvault.server.web.vaultconfig;

import org.flowvault.platform.vaultconfig.CredentialStatus;
import org.flowvault.platform.vaultconfig.IdentityStatus;
import org.flowvault.platform.vaultconfig.VaultConfiguration;

/**
 * One configuration as the list and detail pages show it.
 *
 * @param scope       "platform", or the scope's projects the viewer may know (and how many others)
 * @param credentials which credentials are set (admins), else null
 * @param identity    the machine/shared identity's last login, renewal and error (admins), else null
 * @param lastTest    the viewer's last Test outcome on this node, or null
 * @param myToken     for USER_TOKEN configurations, the viewer's token status in a few words ("none" when
 *                    unregistered); null for shared identities
 */
public record ConfigRow(VaultConfiguration config, String authMethod, String kvVersion, String scope, CredentialStatus credentials,
                        IdentityStatus identity, TestOutcomes.Outcome lastTest, String myToken) {
    public String name() {
        return config.name();
    }

    /** The identity's state in a few words for the list: the last error if it is the latest event, else the last login or renewal. */
    public String identitySummary() {
        if (identity == null) {
            return null;
        }
        if (identity.lastError() != null) {
            return "error at " + identity.lastErrorAt() + ": " + identity.lastError();
        }
        if (identity.warning() != null) {
            return identity.warning();
        }
        java.time.Instant login = identity.lastLoginAt();
        java.time.Instant renewal = identity.lastRenewalAt();
        if (renewal != null && (login == null || renewal.isAfter(login))) {
            return "renewed at " + renewal;
        }
        return login != null ? "logged in at " + login : "not used yet";
    }

    public String cacheTtl() {
        return ConfigForm.duration(config.cacheTtl());
    }

    public String renewalThreshold() {
        return ConfigForm.duration(config.renewalThreshold());
    }
}
