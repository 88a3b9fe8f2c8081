package org.flowvault.platform.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.db.Times;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** The SQL of credential entries. Every method runs on the caller's handle, inside its transaction. */
final class EntryStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COLUMNS = "e.id, e.project_id, p.name AS project_name, e.domain, e.permissioned_user_id, e.user_alias, "
            + "e.user_name, e.password, e.tfa_secret, e.tfa_method, e.persist_cookies, e.persist_local_storage, "
            + "e.persist_session_storage, e.allow_multiple_sessions, e.max_concurrency, e.prevent_concurrency_during_login, "
            + "e.expire_after_last_use_days, e.proxy, e.vault_config, e.vault_path, e.vault_keys, e.created_at, e.updated_at, "
            + "e.last_used_at";
    private static final String FROM = " FROM credential_entries e JOIN projects p ON p.id = e.project_id ";

    private EntryStore() {
    }

    static void insert(Handle h, CredentialEntry e) {
        bind(h.createUpdate("INSERT INTO credential_entries (id, project_id, domain, permissioned_user_id, user_alias, user_name, "
                + "password, tfa_secret, tfa_method, persist_cookies, persist_local_storage, persist_session_storage, "
                + "allow_multiple_sessions, max_concurrency, prevent_concurrency_during_login, expire_after_last_use_days, proxy, "
                + "vault_config, vault_path, vault_keys, created_at, updated_at, last_used_at) VALUES (:id, :project, :domain, :puid, "
                + ":alias, :userName, :password, :tfaSecret, :tfaMethod, :cookies, :local, :session, :multiple, :maxConcurrency, "
                + ":loginLock, :expiry, :proxy, :vaultConfig, :vaultPath, :vaultKeys, :created, :updated, :lastUsed)"), e).execute();
    }

    /** Replaces every field of the entry {@code e.id()}; its identity and creation time stay. */
    static void update(Handle h, CredentialEntry e) {
        bind(h.createUpdate("UPDATE credential_entries SET user_alias = :alias, user_name = :userName, password = :password, "
                + "tfa_secret = :tfaSecret, tfa_method = :tfaMethod, persist_cookies = :cookies, persist_local_storage = :local, "
                + "persist_session_storage = :session, allow_multiple_sessions = :multiple, max_concurrency = :maxConcurrency, "
                + "prevent_concurrency_during_login = :loginLock, expire_after_last_use_days = :expiry, proxy = :proxy, "
                + "vault_config = :vaultConfig, vault_path = :vaultPath, vault_keys = :vaultKeys, updated_at = :updated "
                + "WHERE id = :id AND project_id = :project"), e).execute();
    }

    /** Replaces the secret fields only (re-encryption): the entry's other fields and times stay. */
    static void updateCiphertexts(Handle h, UUID id, Map<String, String> ciphertexts) {
        for (Map.Entry<String, String> c : ciphertexts.entrySet()) {
            // the column names come from EntryFields.SECRET, never from input
            h.createUpdate("UPDATE credential_entries SET " + column(c.getKey()) + " = :v WHERE id = :id")
                    .bind("v", c.getValue()).bind("id", id).execute();
        }
    }

    private static String column(String field) {
        if (!EntryFields.SECRET.contains(field)) {
            throw new IllegalArgumentException("not a secret field");
        }
        return field;
    }

    private static Update bind(Update u, CredentialEntry e) {
        VaultSource v = e.vault();
        return u.bind("id", e.id()).bind("project", e.projectId()).bind("domain", e.domain()).bind("puid", e.permissionedUserId())
                .bind("alias", e.userAlias()).bind("userName", e.userName()).bind("password", e.password())
                .bind("tfaSecret", e.tfaSecret()).bind("tfaMethod", e.tfaMethod() == null ? null : e.tfaMethod().name())
                .bind("cookies", e.persistCookies()).bind("local", e.persistLocalStorage()).bind("session", e.persistSessionStorage())
                .bind("multiple", e.allowMultipleSessions()).bindByType("maxConcurrency", e.maxConcurrency(), Integer.class)
                .bind("loginLock", e.preventConcurrencyDuringLogin()).bindByType("expiry", e.expireAfterLastUseDays(), Integer.class)
                .bind("proxy", e.proxy()).bind("vaultConfig", v == null ? null : v.config())
                .bind("vaultPath", v == null ? null : v.path()).bind("vaultKeys", v == null ? null : json(v.keys()))
                .bind("created", Times.db(e.createdAt())).bind("updated", Times.db(e.updatedAt()))
                .bind("lastUsed", Times.db(e.lastUsedAt()));
    }

    static Optional<CredentialEntry> byId(Handle h, UUID projectId, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + FROM + "WHERE e.project_id = :p AND e.id = :id")
                .bind("p", projectId).bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    /** The entry, its row locked until the transaction ends. */
    static Optional<CredentialEntry> lockById(Handle h, UUID id) {
        h.createQuery("SELECT id FROM credential_entries WHERE id = :id FOR UPDATE").bind("id", id).mapTo(UUID.class).findOne();
        return h.createQuery("SELECT " + COLUMNS + FROM + "WHERE e.id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    static Optional<CredentialEntry> find(Handle h, UUID projectId, String domain, String userId) {
        return h.createQuery("SELECT " + COLUMNS + FROM + "WHERE e.project_id = :p AND e.domain = :d AND e.permissioned_user_id = :u")
                .bind("p", projectId).bind("d", domain).bind("u", userId).map((rs, ctx) -> map(rs)).findOne();
    }

    static List<CredentialEntry> ofUser(Handle h, UUID projectId, String userId) {
        return h.createQuery("SELECT " + COLUMNS + FROM + "WHERE e.project_id = :p AND e.permissioned_user_id = :u ORDER BY e.domain")
                .bind("p", projectId).bind("u", userId).map((rs, ctx) -> map(rs)).list();
    }

    /** At most {@code limit} entries in list order from position {@code offset} (the web UI's pages). */
    static List<CredentialEntry> page(Handle h, UUID projectId, int offset, int limit) {
        return h.createQuery("SELECT " + COLUMNS + FROM + "WHERE e.project_id = :p ORDER BY e.domain, e.permissioned_user_id "
                        + "LIMIT :n OFFSET :o")
                .bind("p", projectId).bind("n", limit).bind("o", offset).map((rs, ctx) -> map(rs)).list();
    }

    static List<CredentialEntry> all(Handle h, UUID projectId, int limit) {
        return h.createQuery("SELECT " + COLUMNS + FROM + "WHERE e.project_id = :p ORDER BY e.domain, e.permissioned_user_id LIMIT :n")
                .bind("p", projectId).bind("n", limit).map((rs, ctx) -> map(rs)).list();
    }

    static boolean delete(Handle h, UUID projectId, UUID id) {
        return h.createUpdate("DELETE FROM credential_entries WHERE project_id = :p AND id = :id")
                .bind("p", projectId).bind("id", id).execute() == 1;
    }

    static void touch(Handle h, UUID id, Instant at) {
        h.createUpdate("UPDATE credential_entries SET last_used_at = :t WHERE id = :id").bind("t", Times.db(at)).bind("id", id).execute();
    }

    /**
     * Ids of the project's entries with a secret field not encrypted under key version
     * {@code current} (the seed format, or an older version).
     */
    static List<UUID> notUnder(Handle h, UUID projectId, int current) {
        String prefix = "v2:" + current + ":%";
        StringBuilder where = new StringBuilder();
        for (String f : EntryFields.SECRET) {
            where.append(where.isEmpty() ? "" : " OR ").append("(").append(f).append(" IS NOT NULL AND ").append(f).append(" NOT LIKE :prefix)");
        }
        return h.createQuery("SELECT id FROM credential_entries WHERE project_id = :p AND (" + where + ") ORDER BY id")
                .bind("p", projectId).bind("prefix", prefix).mapTo(UUID.class).list();
    }

    static CredentialEntry map(ResultSet rs) throws SQLException {
        String path = rs.getString("vault_path");
        VaultSource vault = path == null ? null : new VaultSource(rs.getString("vault_config"), path, keys(rs.getString("vault_keys")));
        String tfa = rs.getString("tfa_method");
        return new CredentialEntry(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class), rs.getString("project_name"),
                rs.getString("domain"), rs.getString("permissioned_user_id"), rs.getString("user_alias"), rs.getString("user_name"),
                rs.getString("password"), rs.getString("tfa_secret"), tfa == null ? null : TfaMethod.valueOf(tfa),
                rs.getBoolean("persist_cookies"), rs.getBoolean("persist_local_storage"), rs.getBoolean("persist_session_storage"),
                rs.getBoolean("allow_multiple_sessions"), (Integer) rs.getObject("max_concurrency", Integer.class),
                rs.getBoolean("prevent_concurrency_during_login"), (Integer) rs.getObject("expire_after_last_use_days", Integer.class),
                rs.getString("proxy"), vault, Times.instant(rs, "created_at"), Times.instant(rs, "updated_at"),
                Times.instant(rs, "last_used_at"));
    }

    private static String json(Map<String, String> keys) {
        try {
            return JSON.writeValueAsString(keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("vault keys cannot be written as JSON", e);
        }
    }

    private static Map<String, String> keys(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored vault keys are not JSON", e);
        }
    }
}
