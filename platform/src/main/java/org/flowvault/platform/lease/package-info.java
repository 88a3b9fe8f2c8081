/**
 * Dynamic secrets of runs: a connection may attach a path whose answer carries a lease
 * ({@code database/creds/ROLE}). {@link org.flowvault.platform.lease.DynamicSecrets} issues fresh
 * credentials for each run that resolves it (never cached, never shared between runs), renews the
 * lease at two thirds of its duration while the run lives, and revokes it when the run ends or is
 * recovered after its node died; the leases are kept in {@code run_leases} for that.
 * {@link org.flowvault.platform.lease.RunConnectionResolver} splits a connection's attached
 * secrets into dynamic ones and the KV ones the resolver reads.
 */
package org.flowvault.platform.lease;
