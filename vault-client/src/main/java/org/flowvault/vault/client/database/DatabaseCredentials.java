package org.flowvault.vault.client.database;

import org.flowvault.vault.client.lease.Lease;

/**
 * A database user issued for one lease: its name, password and the {@link Lease} that keeps it
 * alive. {@link #toString()} shows the user name and lease, never the password. Immutable.
 */
public final class DatabaseCredentials {
    private final String username;
    private final String password;
    private final Lease lease;

    DatabaseCredentials(String username, String password, Lease lease) {
        this.username = username;
        this.password = password;
        this.lease = lease;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The lease: renew it while the user is needed, revoke it when done (the user is dropped). */
    public Lease lease() {
        return lease;
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[" + username + ", " + lease + "]";
    }
}
