package org.flowvault.vault.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The database secrets engine against the machine's real PostgreSQL and MariaDB, over HTTP: users
 * appear in pg_roles / mysql.user when credentials are issued and disappear when their lease is
 * revoked or expires; bad input is a clear 400 that leaks nothing and leaves no user behind.
 */
class DatabaseEngineTest {

    static Stream<String> databases() {
        return Stream.of("postgres", "mariadb");
    }

    private static TestDatabases db(String which) {
        return which.equals("postgres") ? TestDatabases.postgres() : TestDatabases.mariadb();
    }

    /** Mounts the engine, a config "db" allowing role "app" and the role; returns nothing, asserts each step. */
    static void configure(TestVault vault, TestDatabases db, Map<String, Object> roleExtras) {
        String root = vault.rootToken();
        assertThat(vault.call("POST", "sys/mounts/database", root, Map.of("type", "database")).status()).isEqualTo(204);
        TestVault.Reply config = vault.call("POST", "database/config/db", root, Map.of(
                "plugin_name", db.plugin(), "connection_url", db.connectionUrl(),
                "username", db.postgresql() ? "postgres" : "root", "password", "",
                "allowed_roles", List.of("app", "short")));
        assertThat(config.status()).as(config.body()).isEqualTo(204);
        Map<String, Object> role = new java.util.HashMap<>(Map.of("db_name", "db", "creation_statements", List.of(db.creationStatement()),
                "default_ttl", "1h", "max_ttl", "2h"));
        role.putAll(roleExtras);
        assertThat(vault.call("POST", "database/roles/app", root, role).status()).isEqualTo(204);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void issuesAUserThatLogsInAndIsDroppedWhenItsLeaseIsRevoked(String which) {
        TestDatabases db = db(which);
        try (TestVault vault = TestVault.dev()) {
            configure(vault, db, Map.of());
            TestVault.Reply creds = vault.call("GET", "database/creds/app", vault.rootToken(), null);
            assertThat(creds.status()).as(creds.body()).isEqualTo(200);
            JsonNode body = creds.json();
            String user = body.at("/data/username").asText();
            String password = body.at("/data/password").asText();
            String leaseId = body.get("lease_id").asText();
            assertThat(user).startsWith("v-root-app-").hasSizeLessThanOrEqualTo(db.postgresql() ? 63 : 32);
            assertThat(password).hasSize(20);
            assertThat(leaseId).startsWith("database/creds/app/");
            assertThat(body.get("lease_duration").asLong()).isEqualTo(3600);
            assertThat(body.get("renewable").asBoolean()).isTrue();
            assertThat(db.users()).contains(user);
            assertThat(db.canLogIn(user, password)).isTrue();

            JsonNode lookup = vault.call("PUT", "sys/leases/lookup", vault.rootToken(), Map.of("lease_id", leaseId)).json();
            assertThat(lookup.at("/data/id").asText()).isEqualTo(leaseId);
            assertThat(lookup.at("/data/renewable").asBoolean()).isTrue();
            assertThat(lookup.at("/data/ttl").asLong()).isBetween(3590L, 3600L);
            assertThat(lookup.at("/data/last_renewal").isNull()).isTrue();

            assertThat(vault.call("PUT", "sys/leases/revoke", vault.rootToken(), Map.of("lease_id", leaseId)).status()).isEqualTo(204);
            assertThat(db.users()).doesNotContain(user);
            assertThat(vault.call("PUT", "sys/leases/lookup", vault.rootToken(), Map.of("lease_id", leaseId)).body())
                    .contains("invalid lease");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExpiredLeaseDropsItsUser(String which) {
        TestDatabases db = db(which);
        try (TestVault vault = TestVault.dev()) {
            configure(vault, db, Map.of("default_ttl", "2s", "max_ttl", "2s"));
            String user = vault.call("GET", "database/creds/app", vault.rootToken(), null).json().at("/data/username").asText();
            assertThat(db.users()).contains(user);
            await().atMost(Duration.ofSeconds(15)).until(() -> !db.users().contains(user));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void renewalExtendsTheLeaseButNeverPastMaxTtl(String which) {
        TestDatabases db = db(which);
        try (TestVault vault = TestVault.dev()) {
            configure(vault, db, Map.of("default_ttl", "60s", "max_ttl", "120s"));
            JsonNode creds = vault.call("GET", "database/creds/app", vault.rootToken(), null).json();
            String leaseId = creds.get("lease_id").asText();
            TestVault.Reply renew = vault.call("PUT", "sys/leases/renew", vault.rootToken(), Map.of("lease_id", leaseId, "increment", 90));
            assertThat(renew.status()).as(renew.body()).isEqualTo(200);
            assertThat(renew.json().get("lease_id").asText()).isEqualTo(leaseId);
            assertThat(renew.json().get("lease_duration").asLong()).isBetween(88L, 90L);
            TestVault.Reply capped = vault.call("PUT", "sys/leases/renew", vault.rootToken(), Map.of("lease_id", leaseId, "increment", "1h"));
            assertThat(capped.json().get("lease_duration").asLong()).isBetween(115L, 120L);
            assertThat(capped.json().get("warnings").toString()).contains("capped");
            // legacy path
            assertThat(vault.call("PUT", "sys/renew/" + leaseId, vault.rootToken(), Map.of()).status()).isEqualTo(200);
            vault.call("PUT", "sys/leases/revoke", vault.rootToken(), Map.of("lease_id", leaseId));
            assertThat(db.users()).doesNotContain(creds.at("/data/username").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void leasesSurviveARestartAndAreStillRevoked(String which, @TempDir Path dir) {
        TestDatabases db = db(which);
        String leaseId;
        String user;
        String root;
        try (TestVault first = TestVault.of(VaultServer.builder().devPersistent(dir))) {
            configure(first, db, Map.of());
            root = first.rootToken();
            JsonNode creds = first.call("GET", "database/creds/app", root, null).json();
            leaseId = creds.get("lease_id").asText();
            user = creds.at("/data/username").asText();
        }
        try (TestVault second = TestVault.of(VaultServer.builder().devPersistent(dir))) {
            assertThat(second.call("PUT", "sys/leases/lookup", root, Map.of("lease_id", leaseId)).status()).isEqualTo(200);
            TestVault.Reply list = second.call("LIST", "sys/leases/lookup/database/creds/app/", root, null);
            assertThat(list.json().at("/data/keys").toString()).contains(leaseId.substring(leaseId.lastIndexOf('/') + 1));
            assertThat(db.users()).contains(user);
            assertThat(second.call("PUT", "sys/leases/revoke-prefix/database/creds/app", root, null).status()).isEqualTo(204);
            assertThat(db.users()).doesNotContain(user);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void badInputIsAClear400ThatLeaksNothingAndLeavesNoUser(String which) {
        TestDatabases db = db(which);
        try (TestVault vault = TestVault.dev()) {
            configure(vault, db, Map.of());
            String root = vault.rootToken();
            Set<String> before = db.users();

            TestVault.Reply unknownPlugin = vault.call("POST", "database/config/x", root, Map.of(
                    "plugin_name", "oracle-database-plugin", "connection_url", db.connectionUrl()));
            assertThat(unknownPlugin.status()).isEqualTo(400);
            assertThat(unknownPlugin.body()).contains("plugin_name").contains("postgresql-database-plugin");

            String secret = "Sup3r-" + UUID.randomUUID();
            String badUrl = db.postgresql() ? "postgresql://{{username}}:{{password}}@127.0.0.1:1/x"
                    : "{{username}}:{{password}}@tcp(" + db.hostPort() + ")/";
            TestVault.Reply noConnect = vault.call("POST", "database/config/bad", root, Map.of(
                    "plugin_name", db.plugin(), "connection_url", badUrl, "username", "nobody-" + which, "password", secret));
            assertThat(noConnect.status()).isEqualTo(400);
            assertThat(noConnect.body()).contains("error verifying connection").doesNotContain(secret);
            assertThat(vault.call("GET", "database/config/bad", root, null).status()).isEqualTo(404);

            TestVault.Reply readConfig = vault.call("GET", "database/config/db", root, null);
            assertThat(readConfig.json().at("/data/connection_details/password").isMissingNode()).isTrue();

            vault.call("POST", "database/roles/broken", root, Map.of("db_name", "db",
                    "creation_statements", List.of(db.creationStatement(), "GRANT NOTHING TO {{name}} BROKEN '{{password}}'")));
            vault.call("POST", "database/config/db", root, Map.of("allowed_roles", List.of("app", "broken")));
            TestVault.Reply failed = vault.call("GET", "database/creds/broken", root, null);
            assertThat(failed.status()).isEqualTo(400);
            assertThat(failed.body()).contains("statement 2 of 2").doesNotContain("GRANT NOTHING");

            vault.call("POST", "database/roles/outsider", root, Map.of("db_name", "db", "creation_statements", db.creationStatement()));
            TestVault.Reply notAllowed = vault.call("GET", "database/creds/outsider", root, null);
            assertThat(notAllowed.status()).isEqualTo(400);
            assertThat(notAllowed.body()).contains("is not an allowed role");

            assertThat(vault.call("GET", "database/creds/nope", root, null).body()).contains("unknown role");
            assertThat(db.users()).as("no orphaned database user").isEqualTo(before);
        }
    }

    @org.junit.jupiter.api.Test
    void aPostgresUserHoldingGrantsIsDroppedByTheDefaultRevocation() {
        TestDatabases db = TestDatabases.postgres();
        String schema = "fvdyn_" + UUID.randomUUID().toString().substring(0, 8);
        db.exec("CREATE SCHEMA " + schema);
        db.exec("CREATE TABLE " + schema + ".t (i int)");
        try (TestVault vault = TestVault.dev()) {
            configure(vault, db, Map.of("creation_statements", List.of(db.creationStatement()
                    + " GRANT USAGE ON SCHEMA " + schema + " TO \"{{name}}\"; GRANT SELECT ON ALL TABLES IN SCHEMA " + schema
                    + " TO \"{{name}}\";")));
            JsonNode creds = vault.call("GET", "database/creds/app", vault.rootToken(), null).json();
            String user = creds.at("/data/username").asText();
            assertThat(db.users()).contains(user);
            assertThat(vault.call("PUT", "sys/leases/revoke", vault.rootToken(), Map.of("lease_id", creds.get("lease_id").asText())).status())
                    .isEqualTo(204);
            assertThat(db.users()).doesNotContain(user);
        } finally {
            db.exec("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void disablingTheMountRevokesItsLeasesAndDropsTheirUsers(String which) {
        TestDatabases db = db(which);
        try (TestVault vault = TestVault.dev()) {
            configure(vault, db, Map.of());
            String user = vault.call("GET", "database/creds/app", vault.rootToken(), null).json().at("/data/username").asText();
            assertThat(db.users()).contains(user);
            assertThat(vault.call("DELETE", "sys/mounts/database", vault.rootToken(), null).status()).isEqualTo(204);
            assertThat(db.users()).doesNotContain(user);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void revokingTheTokenThatObtainedCredentialsRevokesTheirLeaseAndDropsTheUser(String which) {
        TestDatabases db = db(which);
        try (TestVault vault = TestVault.dev()) {
            configure(vault, db, Map.of());
            String root = vault.rootToken();
            String parent = vault.call("POST", "auth/token/create", root, Map.of("policies", List.of("root"))).json()
                    .at("/auth/client_token").asText();
            String child = vault.call("POST", "auth/token/create", parent, Map.of("policies", List.of("root"))).json()
                    .at("/auth/client_token").asText();
            JsonNode ofChild = vault.call("GET", "database/creds/app", child, null).json();
            JsonNode ofRoot = vault.call("GET", "database/creds/app", root, null).json();
            assertThat(db.users()).contains(ofChild.at("/data/username").asText(), ofRoot.at("/data/username").asText());

            // the child goes with its parent, and its leases with it; the root token's lease stays
            assertThat(vault.call("POST", "auth/token/revoke", root, Map.of("token", parent)).status()).isEqualTo(204);
            assertThat(db.users()).doesNotContain(ofChild.at("/data/username").asText()).contains(ofRoot.at("/data/username").asText());
            assertThat(vault.call("PUT", "sys/leases/lookup", root, Map.of("lease_id", ofChild.get("lease_id").asText())).status())
                    .isEqualTo(400);
            assertThat(vault.call("PUT", "sys/leases/lookup", root, Map.of("lease_id", ofRoot.get("lease_id").asText())).status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rotateRootChangesTheRootPasswordOnlyTheEngineKnows(String which) {
        TestDatabases db = db(which);
        String rootUser = "fvroot" + UUID.randomUUID().toString().substring(0, 8);
        db.createRootUser(rootUser, "initial-pw");
        try (TestVault vault = TestVault.dev()) {
            String root = vault.rootToken();
            vault.call("POST", "sys/mounts/database", root, Map.of("type", "database"));
            assertThat(vault.call("POST", "database/config/db", root, Map.of("plugin_name", db.plugin(),
                    "connection_url", db.connectionUrl(), "username", rootUser, "password", "initial-pw",
                    "allowed_roles", "*")).status()).isEqualTo(204);
            assertThat(vault.call("POST", "database/rotate-root/db", root, null).status()).isEqualTo(204);
            if (!db.postgresql()) { // this machine's PostgreSQL trusts local logins, so only MariaDB checks passwords
                assertThat(db.canLogIn(rootUser, "initial-pw")).isFalse();
            }
            vault.call("POST", "database/roles/app", root, Map.of("db_name", "db", "creation_statements", db.creationStatement()));
            TestVault.Reply creds = vault.call("GET", "database/creds/app", root, null);
            assertThat(creds.status()).as("the engine still connects with the rotated password: " + creds.body()).isEqualTo(200);
            assertThat(vault.call("PUT", "sys/leases/revoke", root, Map.of("lease_id", creds.json().get("lease_id").asText())).status())
                    .isEqualTo(204);
            assertThat(db.users()).doesNotContain(creds.json().at("/data/username").asText());
        } finally {
            db.dropUser(rootUser);
        }
    }
}
