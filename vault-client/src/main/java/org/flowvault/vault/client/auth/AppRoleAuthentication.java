package org.flowvault.vault.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * Login with Vault's AppRole method: {@code POST auth/<mount>/login} with a role id and a secret
 * id. Three ways to get them, which combine:
 * <ul>
 *   <li><b>push</b> — both given: {@code roleId("..").secretId("..")};</li>
 *   <li><b>pull</b> — {@code pull("web", initialToken)}: before each login the role id is read from
 *       {@code auth/<mount>/role/web/role-id} and a fresh secret id generated at
 *       {@code auth/<mount>/role/web/secret-id}, both with the initial token (Spring Vault's pull
 *       mode); a role id or secret id given as well is used instead of pulling it;</li>
 *   <li><b>wrapped</b> — {@code wrappedSecretId(wrappingToken)}: the secret id is unwrapped with
 *       {@code sys/wrapping/unwrap} at the first login and kept in memory for later logins, since
 *       a wrapping token works only once.</li>
 * </ul>
 * A role with {@code bind_secret_id=false} logs in with its role id alone: {@code withoutSecretId()}.
 *
 * <pre>{@code
 * Authentication auth = AppRoleAuthentication.builder()
 *         .roleId(roleId).secretId(secretId)
 *         .build();
 * }</pre>
 *
 * Immutable and thread-safe (the unwrapped secret id is cached atomically). {@code toString()}
 * shows the mount and role name, never the role id, secret id or tokens.
 *
 * <p>Nulls: arguments are required unless a parameter says null is allowed; results are never
 * null unless documented ("or null").
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/approle">AppRole auth method (API)</a>
 */
public final class AppRoleAuthentication extends Authentication {
    static final String METHOD = "AppRole";

    private final String mount;
    private final String roleId;
    private final String secretId;
    private final VaultToken wrappedSecretId;
    private final String roleName;
    private final VaultToken initialToken;
    private final boolean withoutSecretId;
    private final AtomicReference<String> unwrapped = new AtomicReference<>();

    private AppRoleAuthentication(Builder b) {
        super(b.namespace);
        this.mount = b.mount;
        this.roleId = b.roleId;
        this.secretId = b.secretId;
        this.wrappedSecretId = b.wrappedSecretId;
        this.roleName = b.roleName;
        this.initialToken = b.initialToken;
        this.withoutSecretId = b.withoutSecretId;
    }

    /** A builder with Vault's defaults; {@code build()} checks the options and names what is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Gets the role id and secret id as configured (pulling or unwrapping them first when asked)
     * and logs in.
     *
     * @throws org.flowvault.vault.client.VaultException.LoginFailed when Vault refuses a step; the
     *         message names the step (role-id read, secret-id generation, unwrap, login)
     */
    @Override
    LoginResult login(VaultTransport transport) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role_id", roleId != null ? roleId : pullRoleId(transport));
        String secret = secretId(transport);
        if (secret != null) {
            body.put("secret_id", secret);
        }
        return Logins.login(transport, METHOD, mount, "login", body, namespace());
    }

    private String pullRoleId(VaultTransport transport) {
        String path = "auth/" + mount + "/role/" + roleName + "/role-id";
        String what = "AppRole role-id read for role " + roleName + " at auth/" + mount;
        JsonNode r = Logins.call(transport, what, "GET", path, null, initialToken.value(), namespace());
        return Logins.dataField(r, "role_id", what, path, namespace());
    }

    private String secretId(VaultTransport transport) {
        if (secretId != null) {
            return secretId;
        }
        if (wrappedSecretId != null) {
            String cached = unwrapped.get();
            if (cached != null) {
                return cached;
            }
            String path = "sys/wrapping/unwrap";
            String what = "AppRole secret-id unwrap at sys/wrapping/unwrap for auth/" + mount;
            JsonNode r = Logins.call(transport, what, "POST", path, null, wrappedSecretId.value(), namespace());
            String value = Logins.dataField(r, "secret_id", what, path, namespace());
            unwrapped.compareAndSet(null, value);
            return unwrapped.get();
        }
        if (withoutSecretId) {
            return null;
        }
        String path = "auth/" + mount + "/role/" + roleName + "/secret-id";
        String what = "AppRole secret-id generation for role " + roleName + " at auth/" + mount;
        JsonNode r = Logins.call(transport, what, "POST", path, Map.of(), initialToken.value(), namespace());
        return Logins.dataField(r, "secret_id", what, path, namespace());
    }

    /** True: every login gets a fresh token. */
    @Override
    public boolean canLogIn() {
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AppRoleAuthentication[mount=").append(mount);
        if (roleName != null) {
            sb.append(", role=").append(roleName);
        }
        sb.append(", roleId=").append(roleId != null ? "<masked>" : "pulled");
        sb.append(", secretId=").append(secretId != null ? "<masked>" : wrappedSecretId != null ? "wrapped"
                : withoutSecretId ? "none" : "pulled");
        return sb.append(describeNamespace()).append(']').toString();
    }

    /** Collects the options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder extends LoginBuilder<Builder> {
        private String roleId;
        private String secretId;
        private VaultToken wrappedSecretId;
        private String roleName;
        private VaultToken initialToken;
        private boolean withoutSecretId;

        private Builder() {
            super("approle");
        }

        /** The role id (push mode). */
        public Builder roleId(String roleId) {
            this.roleId = roleId;
            return this;
        }

        /** The secret id (push mode). */
        public Builder secretId(String secretId) {
            this.secretId = secretId;
            return this;
        }

        /** A response-wrapping token whose wrapped data holds {@code secret_id}. */
        public Builder wrappedSecretId(VaultToken wrappingToken) {
            this.wrappedSecretId = wrappingToken;
            return this;
        }

        /**
         * Pull mode: read the role id and generate a secret id of role {@code roleName} with
         * {@code initialToken} before each login (what a role id or secret id given as well
         * replaces). The initial token needs read on {@code role/<name>/role-id} and update on
         * {@code role/<name>/secret-id}.
         */
        public Builder pull(String roleName, VaultToken initialToken) {
            this.roleName = roleName;
            this.initialToken = initialToken;
            return this;
        }

        /** Logs in with the role id alone, for a role with {@code bind_secret_id=false}. */
        public Builder withoutSecretId() {
            this.withoutSecretId = true;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or conflicting option */
        public AppRoleAuthentication build() {
            checkTarget(METHOD);
            boolean pulling = roleName != null || initialToken != null;
            if (pulling) {
                Logins.segment(METHOD, roleName, "a role name to pull from", "pull(roleName, initialToken)");
                if (initialToken == null) {
                    throw new IllegalArgumentException("AppRole authentication pulls with a token: pass the initial token to pull(roleName, initialToken)");
                }
            }
            if (roleId == null && !pulling) {
                throw new IllegalArgumentException("AppRole authentication needs a role id: call roleId(..), or pull(roleName, initialToken) to read it");
            }
            if (roleId != null) {
                Logins.required(METHOD, roleId, "a non-blank role id", "roleId(..) with the role's role_id");
            }
            if (secretId != null) {
                Logins.required(METHOD, secretId, "a non-blank secret id", "secretId(..) with a secret_id of the role");
            }
            int sources = (secretId != null ? 1 : 0) + (wrappedSecretId != null ? 1 : 0) + (withoutSecretId ? 1 : 0);
            if (sources > 1) {
                throw new IllegalArgumentException("AppRole authentication takes one of secretId(..), wrappedSecretId(..) and withoutSecretId(), not several");
            }
            if (sources == 0 && !pulling) {
                throw new IllegalArgumentException("AppRole authentication needs a secret id: call secretId(..), wrappedSecretId(..), "
                        + "pull(roleName, initialToken), or withoutSecretId() for a role with bind_secret_id=false");
            }
            return new AppRoleAuthentication(this);
        }
    }
}
