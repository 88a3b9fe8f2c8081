package org.flowvault.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestClock;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.identity.ApiKeys;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.identity.Sessions;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultCredentials;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A full database dump holds no secret in plaintext: user tokens, AppRole role and secret ids,
 * userpass passwords, shared tokens, platform passwords, API keys and session tokens.
 */
class AtRestEncryptionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aDatabaseDumpContainsNoSecretInPlaintext(Database.Dialect dialect) throws Exception {
        String url = dialect == Database.Dialect.H2
                ? "jdbc:h2:mem:rest" + TestPlatform.rnd() + ";DB_CLOSE_DELAY=-1"
                : TestDatabases.postgresSchemaUrl();
        try (Database db = Database.open(url, dialect == Database.Dialect.H2 ? "sa" : null, dialect == Database.Dialect.H2 ? "" : null, 4);
             TestPlatform p = TestPlatform.on(db, MasterKey.generate(), TestClock.startingNow(), null);
             VaultFixture vault = new VaultFixture(p.clock)) {
            List<String> secrets = new ArrayList<>();

            String userPassword = "user-password-" + TestPlatform.rnd();
            Caller alice = p.users.create(p.admin, "alice-" + TestPlatform.rnd(), Role.MEMBER, userPassword).asCaller();
            secrets.add(userPassword);
            ApiKeys.IssuedApiKey key = new ApiKeys(db, p.clock).create(alice, "cli");
            secrets.add(key.key());
            secrets.add(key.key().substring(22)); // the secret part alone
            Sessions.IssuedSession session = new Sessions(db, p.users, p.clock, Sessions.DEFAULT_LIFETIME).login(alice.username(), userPassword);
            secrets.add(session.token());
            secrets.add(session.token().substring(22));

            VaultConfiguration userToken = p.userTokenConfig(vault);
            String token = vault.token("72h", null, true);
            p.tokens.register(alice, userToken.name(), token);
            secrets.add(token);

            String[] role = vault.appRole(vault.kvReadPolicy());
            p.configs.create(p.admin, VaultConfiguration.builder().name("ar-" + TestPlatform.rnd()).url(vault.address())
                    .authMethod(AuthMethod.APPROLE).build(), VaultCredentials.appRole(role[0], role[1]));
            secrets.add(role[0]);
            secrets.add(role[1]);
            String ldapPassword = "ldap-pass-" + TestPlatform.rnd();
            p.configs.create(p.admin, VaultConfiguration.builder().name("up-" + TestPlatform.rnd()).url(vault.address())
                    .authMethod(AuthMethod.LDAP).build(), VaultCredentials.login("svc-account", ldapPassword));
            secrets.add(ldapPassword);
            String shared = vault.token("72h", null, true);
            p.configs.create(p.admin, VaultConfiguration.builder().name("st-" + TestPlatform.rnd()).url(vault.address())
                    .authMethod(AuthMethod.SHARED_TOKEN).build(), VaultCredentials.sharedToken(shared));
            secrets.add(shared);

            String dump = dump(db, url);
            // the dump is real: it holds the rows we wrote
            assertThat(dump).contains(alice.username()).contains(userToken.name()).contains(key.prefix());
            for (String s : secrets) {
                assertThat(dump).as("dump must not contain a secret").doesNotContain(s);
            }
        }
    }

    private String dump(Database db, String url) throws Exception {
        if (db.dialect() == Database.Dialect.H2) {
            Path file = dir.resolve("h2.sql");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SCRIPT TO '" + file + "'");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        Path pgDump = Path.of("/usr/bin/pg_dump");
        if (Files.isExecutable(pgDump)) {
            String libpq = url.substring("jdbc:".length()).replaceAll("[?&]currentSchema=[^&]*", "");
            Path out = dir.resolve("pg.sql");
            Process p = new ProcessBuilder(pgDump.toString(), "--schema=" + schema, "--file=" + out, libpq)
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Files.readString(out, StandardCharsets.UTF_8);
            }
            System.out.println("pg_dump failed, reading every row through JDBC instead: " + log);
        }
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            sb.append(rs.getString(i)).append('\t');
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

}
