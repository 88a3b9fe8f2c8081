package org.flowvault.platform.vaultconfig;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.ConnectionReport.Outcome;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultConfiguration.KvVersionSetting;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.logical.VaultResponse;

/**
 * The platform's {@link VaultAccess}: which enabled configurations a project may use, and the
 * identity a configuration prescribes for a run — the running user's own registered token
 * ({@code user:<userId>}) or the configuration's machine/shared identity ({@code config:<configId>}),
 * on clients kept by {@link VaultClients}. Also tests a configuration end to end. Thread-safe.
 */
public final class ProjectVaultAccess implements VaultAccess {
    private final VaultConfigurations configs;
    private final VaultClients clients;
    private final UserTokenSource tokens;
    private final Clock clock;

    public ProjectVaultAccess(VaultConfigurations configs, VaultClients clients, UserTokenSource tokens, Clock clock) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<VaultConfiguration> usableIn(UUID projectId) {
        List<VaultConfiguration> out = new ArrayList<>();
        for (VaultConfiguration c : configs.all()) {
            if (c.enabled() && c.scope().includes(projectId)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public Optional<VaultConfiguration> find(String name, UUID projectId) {
        return usableIn(projectId).stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * {@inheritDoc}
     *
     * @throws PlatformException UNAUTHENTICATED when a USER_TOKEN user has no token registered, or it
     *         expired or was revoked (the message says how to register one); INVALID when a shared
     *         identity lacks credentials; UNAVAILABLE when its login fails
     */
    @Override
    public VaultIdentity identity(VaultConfiguration config, Caller runAs) {
        if (config.authMethod() != AuthMethod.USER_TOKEN) {
            return new VaultIdentity("config:" + config.id(), clients.shared(config));
        }
        UserTokenSource.RegisteredToken t = usableToken(config, runAs);
        return new VaultIdentity("user:" + runAs.userId(), clients.base(config).withToken(t.token()));
    }

    private UserTokenSource.RegisteredToken usableToken(VaultConfiguration config, Caller runAs) {
        UserTokenSource.RegisteredToken t = tokens.find(config.id(), runAs.userId()).orElseThrow(() -> unauthenticated(
                "no Vault token registered for configuration '" + config.name() + "'; register one with `flowvault vault-config authenticate "
                        + config.name() + "`"));
        if (t.revoked()) {
            throw unauthenticated("your Vault token for '" + config.name() + "' was refused by Vault (revoked or unknown); "
                    + "register a new one with `flowvault vault-config authenticate " + config.name() + "`");
        }
        if (t.expiresAt() != null && !clock.instant().isBefore(t.expiresAt())) {
            throw unauthenticated("your Vault token for '" + config.name() + "' expired at " + t.expiresAt()
                    + "; register a new one with `flowvault vault-config authenticate " + config.name() + "`");
        }
        return t;
    }

    private static PlatformException unauthenticated(String message) {
        return new PlatformException(PlatformException.Reason.UNAUTHENTICATED, message);
    }

    /**
     * Tests configuration {@code name} as {@code caller} would use it: logs in with the configured
     * identity (for USER_TOKEN: the caller's own registered token), then asks Vault for the
     * identity's capabilities on the KV mount ({@code sys/capabilities-self}). Uses a fresh client
     * without retries, so the answer reflects the configuration as stored now. Never throws for a
     * Vault failure: the report says what failed; never echoes a remote response body.
     *
     * @throws PlatformException NOT_FOUND when the caller may not see the configuration
     */
    public ConnectionReport test(Caller caller, String name) {
        VaultConfiguration c = configs.get(caller, name).config();
        String where = "Vault '" + c.name() + "' at " + c.url();
        if (c.authMethod() != AuthMethod.USER_TOKEN) {
            Optional<String> missing = clients.missingCredentials(c);
            if (missing.isPresent()) {
                return new ConnectionReport(c.name(), Outcome.NO_CREDENTIALS, missing.get(), List.of());
            }
        }
        VaultClient client;
        try {
            client = c.authMethod() == AuthMethod.USER_TOKEN
                    ? clients.fresh(c, usableToken(c, caller).token())
                    : clients.fresh(c, null);
        } catch (PlatformException e) {
            Outcome o = switch (e.reason()) {
                case UNAUTHENTICATED -> Outcome.NO_CREDENTIALS;           // no usable token of the caller's
                case UNAVAILABLE -> e.getCause() == null ? Outcome.ERROR : outcomeOf(e.getCause());
                default -> Outcome.ERROR;                                  // e.g. the URL left the allow-list
            };
            return new ConnectionReport(c.name(), o, e.getMessage(), List.of());
        }
        try (client) {
            if (c.authMethod() == AuthMethod.USER_TOKEN || c.authMethod() == AuthMethod.SHARED_TOKEN) {
                client.token().lookupSelf();
            }
            List<String> paths = kvPaths(c);
            // a token of a parent namespace asks from its own namespace, with the data namespace as a path prefix
            String below = dataNamespaceBelowLogin(c);
            VaultClient asking = below == null ? client : client.withNamespace(c.loginNamespace());
            List<String> asked = paths.stream().map(p -> below == null ? p : below + "/" + p).toList();
            VaultResponse r = asking.logical().write("sys/capabilities-self", Map.of("paths", asked));
            // the first path the identity may use decides; with AUTO both KV layouts are asked
            for (int i = 0; i < paths.size(); i++) {
                String p = paths.get(i);
                List<String> caps = new ArrayList<>();
                if (r.data().get(asked.get(i)) instanceof List<?> l) {
                    for (Object o : l) {
                        if (o instanceof String s && !caps.contains(s)) {
                            caps.add(s);
                        }
                    }
                }
                caps.sort(null);
                if (caps.stream().anyMatch(x -> !x.equals("deny"))) {
                    return new ConnectionReport(c.name(), Outcome.OK, where + " accepted the " + identityName(c) + ", which has "
                            + caps + " on " + p, caps);
                }
            }
            return new ConnectionReport(c.name(), Outcome.PERMISSION_DENIED, where + " accepted the " + identityName(c)
                    + ", but it has no capability on " + String.join(" or ", paths) + "; grant it a policy such as path \""
                    + paths.get(0) + "*\" { capabilities = [\"read\"] }", List.of("deny"));
        } catch (RuntimeException e) {
            VaultFailure kind = VaultFailure.of(e);
            Outcome o = outcomeOf(e);
            String message = kind.describe(where, e);
            if (kind == VaultFailure.PERMISSION_DENIED) {
                message += c.authMethod() == AuthMethod.USER_TOKEN
                        ? "; register a new token with `flowvault vault-config authenticate " + c.name() + "`"
                        : "; check the configuration's credentials";
            }
            return new ConnectionReport(c.name(), o, message, List.of());
        }
    }

    private static String identityName(VaultConfiguration c) {
        return switch (c.authMethod()) {
            case USER_TOKEN -> "token you registered";
            case SHARED_TOKEN -> "shared token";
            case APPROLE -> "AppRole login" + where(c);
            case USERPASS -> "userpass login" + where(c);
            case LDAP -> "LDAP login" + where(c);
            case KUBERNETES -> "Kubernetes login" + where(c);
            case JWT -> "JWT login" + where(c);
            case CERT -> "certificate login" + where(c);
        };
    }

    /** Where a configuration with a separate auth namespace logged in, for the test report; empty otherwise. */
    private static String where(VaultConfiguration c) {
        return c.authNamespace() == null ? "" : " (" + VaultClients.loginPlace(c) + ")";
    }

    /** The data namespace relative to the login namespace when it lies strictly below it, else null. */
    private static String dataNamespaceBelowLogin(VaultConfiguration c) {
        String data = c.namespace();
        String login = c.loginNamespace();
        if (data == null || data.equals(login)) {
            return null;
        }
        if (login == null) {
            return data;
        }
        return data.startsWith(login + "/") ? data.substring(login.length() + 1) : null;
    }

    /** The API paths to check: the data path of KV v2, the mount itself for v1, both when unknown. */
    private static List<String> kvPaths(VaultConfiguration c) {
        String v2 = c.kvMount() + "/data/";
        String v1 = c.kvMount() + "/";
        return c.kvVersion() == KvVersionSetting.V2 ? List.of(v2) : c.kvVersion() == KvVersionSetting.V1 ? List.of(v1) : List.of(v2, v1);
    }

    private static Outcome outcomeOf(Throwable e) {
        if (e == null) {
            return Outcome.ERROR;
        }
        return switch (VaultFailure.of(e)) {
            case UNREACHABLE -> Outcome.UNREACHABLE;
            case TLS -> Outcome.TLS;
            case SEALED -> Outcome.SEALED;
            case LOGIN_FAILED -> Outcome.LOGIN_FAILED;
            case PERMISSION_DENIED -> Outcome.PERMISSION_DENIED;
            default -> Outcome.ERROR;
        };
    }

    /**
     * How each enabled configuration's Vault answers {@code sys/health} now, by configuration name:
     * {@code reachable}, {@code sealed}, {@code unreachable} (no answer within {@code timeout}
     * included) or {@code misconfigured} (it cannot make a client, e.g. its URL left the allow-list).
     * Checked in parallel, without a token; for the readiness probe. Names only, never a URL.
     */
    public Map<String, String> reachability(Duration timeout) {
        Map<String, java.util.concurrent.Future<String>> checks = new java.util.TreeMap<>();
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (VaultConfiguration c : configs.all()) {
                if (c.enabled()) {
                    checks.put(c.name(), threads.submit(() -> health(c)));
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, java.util.concurrent.Future<String>> e : checks.entrySet()) {
                String state;
                try {
                    state = e.getValue().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ex) {
                    e.getValue().cancel(true);
                    state = "unreachable";
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    state = "unreachable";
                }
                out.put(e.getKey(), state);
            }
            return out;
        } finally {
            threads.shutdownNow(); // interrupts checks that timed out; does not wait for them
        }
    }

    private String health(VaultConfiguration c) {
        try {
            return clients.base(c).sys().health().sealed() ? "sealed" : "reachable";
        } catch (PlatformException e) {
            return "misconfigured";
        } catch (RuntimeException e) {
            return "unreachable";
        }
    }

    @Override
    public String toString() {
        return "ProjectVaultAccess";
    }
}
