package org.flowvault.platform.usertoken;

/** Where a registered user token stands with respect to renewal. */
public enum TokenState {
    /** Usable; renewed automatically when its configuration has auto-renewal on. */
    ACTIVE,
    /** Usable until its hard expiry: Vault capped the last renewal at the token's max TTL, so renewing stops. */
    CAPPED,
    /** Usable until it expires, but Vault will not renew it: the user must register a new one in time. */
    NOT_RENEWABLE,
    /** Vault refused it (revoked or unknown): the user must register a new one. */
    REVOKED,
    /** Expired before it could be renewed: the user must register a new one. */
    EXPIRED
}
