package org.flowvault.cli;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowvault.cli.api.LoginStore;
import org.flowvault.platform.Platform;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.User;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfigurationView;
import org.flowvault.platform.vaultconfig.VaultCredentials;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.token.TokenOperations.TokenCreateRequest;

/**
 * The demo that {@code flowvault dev} seeds on first start: an admin, a project {@code demo}, the
 * vault configuration {@code local} (each user's own token) with the admin's token registered, the
 * secret {@code secret/demo/db}, the connection {@code demo-db} that reads it, the demo database
 * whose password exists only in that secret, and the flow {@code demo} that queries it. Later starts
 * keep what exists, point {@code local} at the current Vault address and {@code demo-db} at the
 * demo database's current port, and refresh the CLI login. The demo database itself is rebuilt on
 * every start ({@link DemoDatabase}) with the password from Vault.
 */
final class DevSeed {
    static final String ADMIN = "admin";
    static final String PROJECT = "demo";
    static final String CONFIG = "local";
    static final String CONNECTION = "demo-db";
    static final String SECRET_PATH = "secret/demo/db";
    static final String FLOW = "demo";
    static final String DEMO_USER = "books_reader";
    /** The demo connection's URLs of earlier starts: an H2 file (before the TCP server) or the server on another port. */
    private static final java.util.regex.Pattern DEMO_URL =
            java.util.regex.Pattern.compile("jdbc:h2:(file:.*[/\\\\]demo-db[/\\\\]demo|tcp://127\\.0\\.0\\.1:\\d+/demo)");
    /** The demo flow: a query through demo-db (credentials from Vault), then a write back to Vault. */
    static final String DEMO_FLOW = """
            name: demo
            description: >
              Lists the books of the demo database through the connection demo-db, whose user and
              password come from Vault at secret/demo/db, then records the run in Vault with the VAULT task.
            inputs:
              since: {type: integer, default: 1990, description: only books published in or after this year}
            steps:
              - id: books
                connection: demo-db
                task: SQL
                inputs:
                  execute: SELECT title AS "title", author AS "author", year_published AS "year" FROM books WHERE year_published >= ? ORDER BY year_published
                  params: ["${{ inputs.since }}"]
              - id: record
                task: VAULT
                inputs:
                  vault_config: local
                  command: write
                  path: secret/demo/last-run
                  data:
                    books: ${{ length(steps.books.outputs.rows) }}
                    first_title: ${{ default(steps.books.outputs.rows[0].title, 'none') }}
            outputs:
              books: ${{ steps.books.outputs.rows }}
              recorded_in_vault: secret/demo/last-run
            """;
    private static final String DEMO_POLICY = """
            path "secret/*" { capabilities = ["create", "read", "update", "patch", "delete", "list"] }
            path "sys/internal/ui/mounts/*" { capabilities = ["read"] }
            """;

    /** What a start printed for the user. */
    record Outcome(boolean firstStart, Optional<String> adminPassword, String apiKey) {
        @Override
        public String toString() {
            return "Outcome[first=" + firstStart + "]";
        }
    }

    private DevSeed() {
    }

    static Outcome run(Platform platform, String vaultAddress, String rootToken, String apiAddress, LoginStore logins,
                       DemoDatabase demo) {
        Optional<String> adminPassword = platform.users().bootstrapAdmin(ADMIN);
        boolean first = adminPassword.isPresent();
        Caller admin = adminCaller(platform);
        if (first) {
            seedDemo(platform, admin, vaultAddress, rootToken, demo);
        } else {
            pointLocalAt(platform, admin, vaultAddress);
            pointDemoConnectionAt(platform, admin, demo.url());
            demo.create(DEMO_USER, demoPassword(vaultAddress, rootToken));
        }
        String key = reusableKey(platform, admin, logins)
                .orElseGet(() -> platform.apiKeys().create(admin, "flowvault dev CLI login").key());
        logins.save(new LoginStore.Login(apiAddress, key, PROJECT));
        return new Outcome(first, adminPassword, key);
    }

    /** The saved login's key when it still authenticates as the admin, so restarts do not pile up keys. */
    private static Optional<String> reusableKey(Platform platform, Caller admin, LoginStore logins) {
        try {
            return logins.read().map(LoginStore.Login::token).filter(t -> t != null && t.startsWith("fvk_"))
                    .filter(t -> platform.authenticator().authenticate(t).userId().equals(admin.userId()));
        } catch (PlatformException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Caller adminCaller(Platform platform) {
        return platform.users().firstAdmin().map(User::asCaller).orElseThrow(() -> new IllegalStateException(
                "the dev database has users but no admin; delete the data directory to start over"));
    }

    private static void seedDemo(Platform platform, Caller admin, String vaultAddress, String rootToken, DemoDatabase demo) {
        platform.projects().create(admin, PROJECT);
        try (VaultClient root = root(vaultAddress, rootToken)) {
            root.sys().writePolicy("flowvault-demo", DEMO_POLICY);
            VaultToken adminToken = root.token().create(TokenCreateRequest.builder()
                    .policies("flowvault-demo").ttl(Duration.ofHours(768)).renewable(true)
                    .displayName("flowvault-dev-admin").build()).token();
            platform.vaultConfigs().create(admin, VaultConfiguration.builder().name(CONFIG).url(vaultAddress).build(),
                    VaultCredentials.none());
            platform.userTokens().register(admin, CONFIG, adminToken.value());
        }
        platform.connections().create(admin, platform.projects().requireUsable(admin, PROJECT), ConnectionInput.builder()
                .name(CONNECTION).type("SQL")
                .value("url: " + demo.url() + "\nuser: vault.secret(username)\npassword: vault.secret(password)\n")
                .vaultSecrets(List.of(CONFIG + ":" + SECRET_PATH))
                .description("The demo H2 database; its credentials live only in Vault at " + SECRET_PATH)
                .build());
        demo.create(DEMO_USER, demoPassword(vaultAddress, rootToken));
        platform.flows().apply(admin, platform.projects().requireUsable(admin, PROJECT), DEMO_FLOW);
    }

    private static VaultClient root(String vaultAddress, String rootToken) {
        return VaultClient.create(VaultClientConfig.builder().address(vaultAddress).token(VaultToken.of(rootToken)).build());
    }

    /** The demo account's password from {@code secret/demo/db}, written there (new and random) when absent. */
    private static String demoPassword(String vaultAddress, String rootToken) {
        try (VaultClient root = root(vaultAddress, rootToken)) {
            try {
                String existing = root.kvV2("secret").get("demo/db").string("password");
                if (existing != null && !existing.isEmpty()) {
                    return existing;
                }
            } catch (VaultException.NotFound e) {
                // first start, or the user deleted the secret: make a new one
            }
            String password = HexFormat.of().formatHex(randomBytes(12));
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("username", DEMO_USER);
            secret.put("password", password);
            root.kvV2("secret").put("demo/db", secret);
            return password;
        }
    }

    /** Re-points {@code demo-db} at the demo database's port of this start, unless the user pointed it elsewhere. */
    private static void pointDemoConnectionAt(Platform platform, Caller admin, String url) {
        try {
            java.util.UUID project = platform.projects().requireUsable(admin, PROJECT);
            org.flowvault.platform.connection.Connection c = platform.connections().get(admin, project, CONNECTION);
            if (c.value().get("url") instanceof String old && !old.equals(url) && DEMO_URL.matcher(old).matches()
                    && c.valueText().contains(old)) {
                List<String> secrets = c.vaultSecrets().stream().map(Object::toString).toList();
                platform.connections().update(admin, project, CONNECTION, ConnectionInput.builder()
                        .name(c.name()).type(c.type()).value(c.valueText().replace(old, url)).vaultSecrets(secrets)
                        .description(c.description()).build());
            }
        } catch (PlatformException e) {
            // the user deleted or renamed the demo project or connection: leave their changes alone
        }
    }

    private static void pointLocalAt(Platform platform, Caller admin, String vaultAddress) {
        try {
            VaultConfigurationView local = platform.vaultConfigs().get(admin, CONFIG);
            if (!local.config().url().toString().equals(vaultAddress)) {
                platform.vaultConfigs().update(admin, local.config().toBuilder().url(vaultAddress).build());
            }
        } catch (PlatformException e) {
            // the user deleted or renamed the demo configuration: leave their changes alone
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
