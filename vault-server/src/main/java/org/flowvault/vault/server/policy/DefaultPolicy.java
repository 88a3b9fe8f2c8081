package org.flowvault.vault.server.policy;

/**
 * The text stored as the {@code default} policy when none exists yet. It grants what Vault's
 * built-in default policy grants a token over itself: look up, renew and revoke itself, ask its
 * own capabilities and resultant ACL, use its cubbyhole, renew and look up leases, response
 * wrapping, and the hash tool. Vault's identity-templated entity paths are left out,
 * since this server does not expand templates.
 */
final class DefaultPolicy {
    static final String NAME = "default";

    static final String TEXT = """
            # Let a token inspect, renew and revoke itself
            path "auth/token/lookup-self" {
                capabilities = ["read"]
            }
            path "auth/token/renew-self" {
                capabilities = ["update"]
            }
            path "auth/token/revoke-self" {
                capabilities = ["update"]
            }

            # Let a token ask which capabilities it holds, on one path or as a whole
            path "sys/capabilities-self" {
                capabilities = ["update"]
            }
            path "sys/internal/ui/resultant-acl" {
                capabilities = ["read"]
            }

            # Renew or look up a lease whose id the caller already knows
            path "sys/renew" {
                capabilities = ["update"]
            }
            path "sys/leases/renew" {
                capabilities = ["update"]
            }
            path "sys/leases/lookup" {
                capabilities = ["update"]
            }

            # Each token's private cubbyhole
            path "cubbyhole/*" {
                capabilities = ["create", "read", "update", "delete", "list"]
            }

            # Response wrapping: wrap a value, inspect and unwrap a wrapping token
            path "sys/wrapping/wrap" {
                capabilities = ["update"]
            }
            path "sys/wrapping/lookup" {
                capabilities = ["update"]
            }
            path "sys/wrapping/unwrap" {
                capabilities = ["update"]
            }

            # General purpose tools
            path "sys/tools/hash" {
                capabilities = ["update"]
            }
            path "sys/tools/hash/*" {
                capabilities = ["update"]
            }
            """;

    private DefaultPolicy() {
    }
}
