package org.flowvault.platform.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.resolution.AllowedProjects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConnectionsTest {
    private final UUID project = UUID.randomUUID();
    private final Caller alice = new Caller(UUID.randomUUID(), "alice", Role.MEMBER);
    private final Caller mallory = new Caller(UUID.randomUUID(), "mallory", Role.MEMBER);
    private final AllowedProjects membership = new AllowedProjects().allow(alice, project);

    private static ConnectionInput oracle(String name) {
        return ConnectionInput.builder().name(name).type("SQLORACLE")
                .value("host: my-oracle-server\nservice_name: xe\nport: 1521\nuser: vault.secret(user)\n")
                .vaultSecrets("secret/data/oracle, prod:secret/data/shared").description("the billing database").build();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void createdConnectionsAreReadListedUpdatedAndDeleted(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect)) {
            TestDatabases.project(db, project);
            Connections connections = new Connections(db, membership);
            String name = "oracle-" + UUID.randomUUID();
            Connection created = connections.create(alice, project, oracle(name));

            Connection read = connections.get(alice, project, name);
            assertThat(read).isEqualTo(created);
            assertThat(read.value()).containsEntry("port", 1521).containsEntry("user", "vault.secret(user)");
            assertThat(read.vaultSecrets()).containsExactly(new AttachedSecret(null, "secret/data/oracle"),
                    new AttachedSecret("prod", "secret/data/shared"));
            assertThat(connections.list(alice, project)).extracting(Connection::name).containsExactly(name);

            Connection updated = connections.update(alice, project, name, ConnectionInput.builder().name(name + "-v2").type("SQLORACLE")
                    .value("{\"host\": \"other\"}").vaultSecrets(List.of("secret/oracle")).build());
            assertThat(updated.updatedAt()).isAfter(created.updatedAt());
            assertThat(connections.get(alice, project, name + "-v2").value()).isEqualTo(Map.of("host", "other"));
            assertThat(connections.find(alice, project, name)).isEmpty();

            connections.delete(alice, project, name + "-v2");
            assertThat(connections.list(alice, project)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void callerWithoutAccessIsToldTheConnectionDoesNotExist(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect)) {
            TestDatabases.project(db, project);
            Connections connections = new Connections(db, membership);
            String name = "c-" + UUID.randomUUID();
            connections.create(alice, project, oracle(name));

            assertThatThrownBy(() -> connections.get(mallory, project, name))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.NOT_FOUND))
                    .hasMessageContaining(name);
            assertThatThrownBy(() -> connections.get(alice, project, "missing")).hasMessageContaining("\"missing\" not found");
            assertThatThrownBy(() -> connections.delete(mallory, project, name)).hasMessageContaining(name);
            assertThatThrownBy(() -> connections.list(mallory, project))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.NOT_FOUND));
            assertThat(connections.get(alice, project, name).name()).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aSecondConnectionWithTheSameNameIsAConflict(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect)) {
            TestDatabases.project(db, project);
            Connections connections = new Connections(db, membership);
            connections.create(alice, project, oracle("dup"));
            assertThatThrownBy(() -> connections.create(alice, project, oracle("dup")))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.CONFLICT))
                    .hasMessageContaining("\"dup\" already exists");
        }
    }

    @org.junit.jupiter.api.Test
    void malformedYamlIsRefusedWithLineAndColumnAndWithoutEchoingTheValue() {
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("GIT")
                .value("host: db1\npassword: \"hunter2-secret\n  : [").build())
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID))
                .hasMessageContaining("not valid YAML at line").hasMessageContaining("column")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("GIT").value("{\"password\": hunter2secret}").build())
                .hasMessageContaining("not valid JSON at line 1").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("GIT").value("- a\n- b").build())
                .hasMessageContaining("must be a map");
    }

    @org.junit.jupiter.api.Test
    void referenceSyntaxErrorsAreRefusedOnSaveNamingTheField() {
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("GIT")
                .value("auth:\n  password: pw-hunter2 vault.secret(pass").build())
                .hasMessageContaining("field \"auth.password\"").hasMessageContaining("column 12").hasMessageNotContaining("hunter2");
    }

    @org.junit.jupiter.api.Test
    void vaultSecretEntriesAreCheckedOnSave() {
        assertThat(ConnectionInput.builder().name("x").type("GIT").vaultSecrets("a/b, :c/d ,prod:/e/f/").build().vaultSecrets())
                .containsExactly(new AttachedSecret(null, "a/b"), new AttachedSecret(null, "c/d"), new AttachedSecret("prod", "e/f"));
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("GIT").vaultSecrets("prod:").build())
                .hasMessageContaining("has no path");
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("GIT").vaultSecrets(List.of("secret//x")).build())
                .hasMessageContaining("empty, \".\" or \"..\" segment");
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("GIT").vaultSecrets(List.of("my prod:secret/x")).build())
                .hasMessageContaining("configuration name");
        assertThatThrownBy(() -> ConnectionInput.builder().name("x").type("not a type").build())
                .hasMessageContaining("task type name");
    }

    private static ConnectionInput.Builder git(String value) {
        return ConnectionInput.builder().name("x").type("GIT").value(value);
    }

    @org.junit.jupiter.api.Test
    void aValueWithARepeatedKeyAnAliasOrASecondDocumentIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> git("host: a\nuser: u\nhost: b\n").build())
                .hasMessage("the connection value at line 3, column 1: key 'host' appears twice in the same map (first at line 1, column 1)");
        assertThatThrownBy(() -> git("{\"host\": \"a\",\n \"host\": \"b\"}").build())
                .hasMessageContaining("at line 2, column 2: key 'host' appears twice");
        assertThatThrownBy(() -> git("base: &b {host: a}\nprod: *b\n").build())
                .hasMessage("the connection value at line 2, column 7: aliases (*name) are not supported: write the value out in full");
        assertThatThrownBy(() -> git("host: a\n---\nhost: b\n").build())
                .hasMessageContaining("at line 3, column 1").hasMessageContaining("more than one YAML document");
        assertThatThrownBy(() -> git("a: " + "[".repeat(5000)).build()).hasMessageContaining("nests deeper than 40 levels");
        assertThatThrownBy(() -> git("k: " + "v".repeat(70 * 1024)).build()).hasMessageContaining("the limit is 65536");
    }

    @org.junit.jupiter.api.Test
    void aReferenceOrAttachedPathThatLeavesItsMountOrCannotBeStoredIsRefusedOnSave() {
        for (String value : List.of("password: vault://secret/data/../../sys/seal", "password: vault://secret/./x/key",
                "password: vault.secret(:secret/data/\\.\\./sys.key)")) {
            assertThatThrownBy(() -> git(value).build()).as(value)
                    .hasMessageContaining("field \"password\"").hasMessageContaining("\"..\" segment");
        }
        assertThatThrownBy(() -> git("password: vault://secret/data/" + "s".repeat(300) + "/k").build())
                .hasMessageContaining("a path segment is 300 bytes long; the limit is 128 bytes");
        assertThatThrownBy(() -> git("password: vault://secret/data/p\u202Eevil/k").build())
                .hasMessageContaining("bidirectional").hasMessageNotContaining("\u202E");
        assertThatThrownBy(() -> git("password: vault://bad.cfg:secret/data/x/k").build())
                .hasMessageContaining("vault configuration name must be");
        for (String entry : List.of("secret/data/../x", "secret/" + "s".repeat(300), "secret/a\u0000b", "secret/p\u202Eevil", "a?b")) {
            assertThatThrownBy(() -> git("").vaultSecrets(List.of(entry)).build()).as(entry)
                    .isInstanceOf(PlatformException.class).hasMessageStartingWith("vault_secrets entry")
                    .hasMessageNotContaining(entry);
        }
    }

    @org.junit.jupiter.api.Test
    void connectionNamesFollowTheOneNameRuleWithoutEchoingTheName() {
        for (String name : List.of("a/b", "..", "a..b", ".hidden", "p\u202Eevil", "nul\u0000", "tab\tname", " padded", "x".repeat(129), "bad name")) {
            assertThatThrownBy(() -> ConnectionInput.builder().name(name).type("GIT").build()).as(name)
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("connection name").hasMessageContaining("letters, digits, '.', '_' or '-'")
                    .satisfies(e -> assertThat(e.getMessage().replace("'..'", "")).doesNotContain(name.strip()));
        }
        assertThat(ConnectionInput.builder().name("Billing_DB.v2-eu").type("GIT").build().name()).isEqualTo("Billing_DB.v2-eu");
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aValueSavedBeforeTheStrictRulesIsStillReadAndListed(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect)) {
            TestDatabases.project(db, project);
            Connections connections = new Connections(db, membership);
            String name = "old-" + UUID.randomUUID();
            connections.create(alice, project, ConnectionInput.builder().name(name).type("GIT").value("host: a").build());
            db.jdbi().useHandle(h -> h.createUpdate("UPDATE connections SET value_text = :v, vault_secrets = :s WHERE name = :n")
                    .bind("v", "host: a\nhost: b\npassword: vault://secret/data/../../sys/seal\n")
                    .bind("s", "secret/data/../x").bind("n", name).execute());

            Connection c = connections.get(alice, project, name);
            assertThat(c.value()).containsEntry("host", "b").containsEntry("password", "vault://secret/data/../../sys/seal");
            assertThat(c.vaultSecrets()).containsExactly(new AttachedSecret(null, "secret/data/../x"));
            assertThat(connections.list(alice, project)).extracting(Connection::name).containsExactly(name);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void pagesFollowNameOrderFromAfterAndRefuseOutsiders(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect)) {
            TestDatabases.project(db, project);
            Connections connections = new Connections(db, membership);
            for (String n : List.of("c", "a", "e", "b", "d")) {
                connections.create(alice, project, oracle(n));
            }
            assertThat(connections.page(alice, project, null, 2)).extracting(Connection::name).containsExactly("a", "b");
            assertThat(connections.page(alice, project, "b", 2)).extracting(Connection::name).containsExactly("c", "d");
            assertThat(connections.page(alice, project, "d", 2)).extracting(Connection::name).containsExactly("e");
            assertThatThrownBy(() -> connections.page(mallory, project, null, 2))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(PlatformException.Reason.NOT_FOUND));
        }
    }

    @org.junit.jupiter.api.Test
    void validationErrorsNameTheFieldSoAFormCanShowThemBesideItWithoutTheValue() {
        assertThat(fieldOf(ConnectionInput.builder().name("<script>").type("SQL"))).isEqualTo("name");
        assertThat(fieldOf(ConnectionInput.builder().name("ok").type("no spaces"))).isEqualTo("type");
        assertThat(fieldOf(ConnectionInput.builder().name("ok").type("SQL").value("host: [secret-value-1\n"))).isEqualTo("value");
        assertThat(fieldOf(ConnectionInput.builder().name("ok").type("SQL").vaultSecrets(List.of("secret/../x")))).isEqualTo("vault_secrets");
        assertThatThrownBy(() -> ConnectionInput.builder().name("ok").type("SQL").value("host: [secret-value-1\n").build())
                .hasMessageContaining("line 2, column 1").hasMessageNotContaining("secret-value-1");
    }

    private static String fieldOf(ConnectionInput.Builder b) {
        try {
            b.build();
        } catch (PlatformException e) {
            assertThat(e.reason()).isEqualTo(PlatformException.Reason.INVALID);
            return e.field().orElse(null);
        }
        throw new AssertionError("expected the input to be refused");
    }
}
