package org.flowvault.platform.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.execution.CredentialInputs.WebStorage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Local and session storage kept per entry for browser tasks: sealed, per kind, never another entry's. */
class WebStoragesTest {
    private static final String DOMAIN = "https://portal.example.com";

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void storageRoundTripsPerEntryAndKindSealedAtRest(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            WebStorages storages = new WebStorages(f.tp.db, f.tp.box, f.tp.clock);
            CredentialEntry both = f.credentials.create(f.admin, f.project, entry(f, "both")
                    .persistLocalStorage(true).persistSessionStorage(true).build());
            CredentialEntry localOnly = f.credentials.create(f.admin, f.project, entry(f, "local")
                    .persistLocalStorage(true).build());
            CredentialEntry none = f.credentials.create(f.admin, f.project, entry(f, "none").build());
            String token = "jwt-" + UUID.randomUUID();
            String tab = "tab-" + UUID.randomUUID();
            Map<String, Map<String, String>> local = Map.of(DOMAIN, Map.of("auth_token", token));
            Map<String, Map<String, String>> session = Map.of(DOMAIN, Map.of("tab_state", tab));

            assertThat(storages.load(both, WebStorage.LOCAL)).as("nothing saved yet").isEmpty();
            assertThat(storages.save(both, WebStorage.LOCAL, local)).isTrue();
            assertThat(storages.save(both, WebStorage.SESSION, session)).isTrue();
            assertThat(storages.save(localOnly, WebStorage.SESSION, session)).as("the entry does not keep session storage").isFalse();
            assertThat(storages.save(none, WebStorage.LOCAL, local)).isFalse();

            assertThat(storages.load(both, WebStorage.LOCAL)).isEqualTo(local);
            assertThat(storages.load(both, WebStorage.SESSION)).isEqualTo(session);
            assertThat(storages.load(localOnly, WebStorage.LOCAL)).as("another entry's storage").isEmpty();
            assertThat(storages.load(none, WebStorage.LOCAL)).isEmpty();

            // a newer save replaces the older one
            storages.save(both, WebStorage.LOCAL, Map.of(DOMAIN, Map.of("auth_token", "rotated-" + token)));
            assertThat(storages.load(both, WebStorage.LOCAL).get(DOMAIN)).containsEntry("auth_token", "rotated-" + token);

            // at rest only sealed text; copied to another entry or to the other kind it does not open
            assertThat(f.dump()).doesNotContain(token).doesNotContain(tab).doesNotContain("auth_token");
            f.tp.db.jdbi().useHandle(h -> {
                h.execute("INSERT INTO credential_web_storage (entry_id, kind, sealed, updated_at) "
                        + "SELECT ?, kind, sealed, updated_at FROM credential_web_storage WHERE entry_id = ? AND kind = 'local'", localOnly.id(), both.id());
                h.execute("UPDATE credential_web_storage SET sealed = (SELECT sealed FROM credential_web_storage WHERE entry_id = ? AND kind = 'local') "
                        + "WHERE entry_id = ? AND kind = 'session'", both.id(), both.id());
            });
            assertThat(storages.load(localOnly, WebStorage.LOCAL)).isEmpty();
            assertThat(storages.load(both, WebStorage.SESSION)).isEmpty();
        }
    }

    /** An entry with a user name and password, as a client creates it. */
    private static EntryInput.Builder entry(CredentialFixture f, String user) {
        return EntryInput.builder().domain(DOMAIN).permissionedUserId(user).userName(f.encrypt(DOMAIN, user, "user_name", user + "@example.com"))
                .password(f.encrypt(DOMAIN, user, "password", "pw-" + user));
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void anOversizeStorageIsNotSavedAndDeletingTheEntryDeletesIt(Database.Dialect dialect) {
        try (CredentialFixture f = CredentialFixture.open(dialect)) {
            WebStorages storages = new WebStorages(f.tp.db, f.tp.box, f.tp.clock);
            CredentialEntry e = f.credentials.create(f.admin, f.project, entry(f, "big")
                    .persistLocalStorage(true).build());

            assertThat(storages.save(e, WebStorage.LOCAL, Map.of(DOMAIN, Map.of("blob", "x".repeat(WebStorages.MAX_CHARS))))).isFalse();
            assertThat(storages.save(e, WebStorage.LOCAL, Map.of(DOMAIN, Map.of("k", "v")))).isTrue();
            f.credentials.delete(f.admin, f.project, e.id());
            int left = f.tp.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM credential_web_storage").mapTo(Integer.class).one());
            assertThat(left).isZero();
        }
    }
}
