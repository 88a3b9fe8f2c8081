package org.flowvault.server.web.vaultconfig;

import java.util.List;
import org.flowvault.platform.usertoken.TokenStatus;

/**
 * A USER_TOKEN configuration on the "My Vault tokens" page: the viewer's own token status and, for
 * admins, a page of every user's. Never a token.
 *
 * @param mine       the viewer's status, or null when they registered no token
 * @param everyone   every user's status (admins; the first {@link TokenPages#ADMIN_ROWS}), else null
 * @param users      how many users registered a token (admins)
 * @param error      the message of a rejected token for this configuration, or null
 */
public record TokenRow(String name, String url, TokenStatus mine, List<TokenStatus> everyone, int users, String error) {
    public String state(TokenStatus s) {
        return stateOf(s);
    }

    static String stateOf(TokenStatus s) {
        return s.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** The status in a few words for the configuration list: state and expiry. */
    static String summary(TokenStatus s) {
        return stateOf(s) + (s.expiresAt() == null ? ", never expires" : ", expires " + s.expiresAt())
                + (s.warning() == null && s.lastError() == null ? "" : " (see My Vault tokens)");
    }
}
