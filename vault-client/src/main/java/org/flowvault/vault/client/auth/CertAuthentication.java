package org.flowvault.vault.client.auth;

import java.util.Map;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * Login with Vault's TLS certificate method: {@code POST auth/<mount>/login}, optionally naming
 * the certificate role to match. The client certificate itself is presented by the TLS layer, so
 * the transport must be configured with it (a key store in the client configuration); this class
 * holds no secret. Immutable and thread-safe.
 *
 * <pre>{@code
 * Authentication auth = CertAuthentication.builder().role("web").build();
 * }</pre>
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/cert#login-with-tls-certificate-method">TLS certificate auth method: login</a>
 */
public final class CertAuthentication extends Authentication {
    static final String METHOD = "TLS certificate";

    private final String mount;
    private final String role;

    private CertAuthentication(Builder b) {
        super(b.namespace);
        this.mount = b.mount;
        this.role = b.role;
    }

    /** Login at auth/cert against every certificate role. */
    public static CertAuthentication create() {
        return builder().build();
    }

    /** A builder with Vault's defaults; {@code build()} checks the options and names what is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /** @throws org.flowvault.vault.client.VaultException.LoginFailed when Vault does not accept the certificate */
    @Override
    LoginResult login(VaultTransport transport) {
        return Logins.login(transport, METHOD, mount, "login", role == null ? Map.of() : Map.of("name", role), namespace());
    }

    /** True: every login gets a fresh token. */
    @Override
    public boolean canLogIn() {
        return true;
    }

    @Override
    public String toString() {
        return "CertAuthentication[mount=" + mount + (role == null ? "" : ", role=" + role)
                + describeNamespace() + "]";
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder extends LoginBuilder<Builder> {
        private String role;

        private Builder() {
            super("cert");
        }

        /** The certificate role to match (Vault's {@code name}); optional: all roles are tried without it. */
        public Builder role(String role) {
            this.role = role;
            return this;
        }

        /** @throws IllegalArgumentException for an invalid mount or a blank role */
        public CertAuthentication build() {
            checkTarget(METHOD);
            if (role != null) {
                Logins.required(METHOD, role, "a non-blank role", "role(..), or leave it out to try every certificate role");
            }
            return new CertAuthentication(this);
        }
    }
}
