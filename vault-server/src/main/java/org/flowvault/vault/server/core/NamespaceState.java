package org.flowvault.vault.server.core;

import org.flowvault.vault.server.namespace.Namespace;
import org.flowvault.vault.server.policy.PolicyStore;

/** Everything one namespace owns while the core is unsealed. */
record NamespaceState(Namespace namespace, MountTable mounts, PolicyStore policies) {
}
