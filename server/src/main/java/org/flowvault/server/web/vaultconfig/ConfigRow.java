package org.flowvault.server.web.vaultconfig;

import org.flowvault.platform.vaultconfig.CredentialStatus;
import org.flowvault.platform.vaultconfig.VaultConfiguration;

/**
 * One configuration as the list and detail pages show it.
 *
 * @param scope       "platform", or the scope's projects the viewer may know (and how many others)
 * @param credentials which credentials are set (admins), else null
 * @param lastTest    the viewer's last Test outcome on this node, or null
 * @param myToken     for USER_TOKEN configurations, the viewer's token status in a few words ("none" when
 *                    unregistered); null for shared identities
 */
public record ConfigRow(VaultConfiguration config, String authMethod, String kvVersion, String scope, CredentialStatus credentials,
                        TestOutcomes.Outcome lastTest, String myToken) {
    public String name() {
        return config.name();
    }

    public String cacheTtl() {
        return ConfigForm.duration(config.cacheTtl());
    }

    public String renewalThreshold() {
        return ConfigForm.duration(config.renewalThreshold());
    }
}
