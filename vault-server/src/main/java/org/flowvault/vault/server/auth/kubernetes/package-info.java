/**
 * The Kubernetes auth method ({@link org.flowvault.vault.server.auth.kubernetes.KubernetesBackend}):
 * config with the cluster's address, CA and token reviewer, roles bound to service-account names
 * and namespaces, and login checked with the TokenReview API.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/kubernetes">Kubernetes auth method (API)</a>
 */
package org.flowvault.vault.server.auth.kubernetes;
