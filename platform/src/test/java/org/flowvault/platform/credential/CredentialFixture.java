package org.flowvault.platform.credential;

import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;

/**
 * The credential vault wired as the platform wires it, on a fresh database: a project with a
 * generated key, and helpers that encrypt fields as a client does (FieldCipher) and read every
 * table back for leak checks.
 */
final class CredentialFixture implements AutoCloseable {
    final TestPlatform tp;
    final SecretCache cache;
    final Credentials credentials;
    final Caller admin;
    final String project;
    final NewKey key;

    private CredentialFixture(TestPlatform tp) {
        this.tp = tp;
        this.cache = SecretCache.create(tp.db);
        this.credentials = new Credentials(tp.db, tp.box, tp.projects, tp.users, new Resolver(tp.vaults, tp.projects, null, cache, tp.audit), tp.clock,
                tp.audit);
        this.admin = tp.admin;
        this.project = tp.project();
        this.key = credentials.keys().generate(admin, project);
    }

    static CredentialFixture open(Database.Dialect dialect) {
        return new CredentialFixture(TestPlatform.open(dialect));
    }

    /** What the SDK sends for {@code value} (a string) as field {@code field} of the entry (domain, user). */
    String encrypt(String domain, String user, String field, String value) {
        return encrypt(key.key(), key.version(), domain, user, field, value);
    }

    String encrypt(CredentialKey k, int version, String domain, String user, String field, String value) {
        return FieldCipher.encrypt(k, version, new FieldId(project, domain, user, field), json(value));
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** An entry with user name and password, encrypted under the current key. */
    EntryInput login(String domain, String user, String userName, String password) {
        return EntryInput.builder().domain(domain).permissionedUserId(user)
                .userName(encrypt(domain, user, "user_name", userName))
                .password(encrypt(domain, user, "password", password)).build();
    }

    /** Every row of every table, as text: what a database dump would show. */
    String dump() {
        StringBuilder out = new StringBuilder();
        tp.db.jdbi().useHandle(h -> {
            List<String> tables = h.createQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                    .mapTo(String.class).list();
            for (String t : tables) {
                for (Map<String, Object> row : h.createQuery("SELECT * FROM " + t).mapToMap().list()) {
                    out.append(t).append(' ').append(row).append('\n');
                }
            }
        });
        return out.toString();
    }

    @Override
    public void close() {
        cache.close();
        tp.close();
    }
}
