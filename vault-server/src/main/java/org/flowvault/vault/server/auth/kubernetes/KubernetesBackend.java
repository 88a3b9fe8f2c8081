package org.flowvault.vault.server.auth.kubernetes;

import org.flowvault.vault.server.core.Backend;
import org.flowvault.vault.server.core.MountContext;

/**
 * Vault's Kubernetes auth method: {@code login} takes a service-account JWT and a role, checks
 * the account's name and namespace against the role, then asks the cluster's TokenReview API
 * (at {@code kubernetes_host}, over TLS trusting {@code kubernetes_ca_cert}) whether the token is
 * valid. Registered under the type name {@code "kubernetes"}.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/kubernetes">Kubernetes auth method (API)</a>
 */
public final class KubernetesBackend {
    private KubernetesBackend() {
    }

    /** The backend of one kubernetes mount; config and roles live in the mount's storage. */
    public static Backend create(MountContext ctx) {
        return new KubernetesPaths(ctx);
    }
}
