/**
 * Connections (seed 001): stored, typed task inputs in a project, with attached Vault secrets.
 * {@link org.flowvault.platform.connection.Connections} stores them;
 * {@link org.flowvault.platform.connection.ConnectionInput} validates what users write;
 * {@code org.flowvault.platform.resolution.Resolver} turns one into the inputs a task receives.
 */
package org.flowvault.platform.connection;
