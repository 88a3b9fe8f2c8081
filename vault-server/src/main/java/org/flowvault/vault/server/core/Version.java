package org.flowvault.vault.server.core;

/** Versions reported over the API. */
public final class Version {
    /** The Vault API version the server behaves like, reported by sys/health and seal-status. */
    public static final String VAULT_API = "1.17.0+flowvault";
    public static final String BUILD_DATE = "2026-11-24T00:00:00Z";

    private Version() {
    }
}
