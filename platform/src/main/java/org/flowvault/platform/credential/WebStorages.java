package org.flowvault.platform.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.execution.CredentialInputs.WebStorage;

/**
 * The saved browser storage of entries with {@code persist_local_storage} or
 * {@code persist_session_storage}, kept the way {@link CookieJars} keeps cookies: by origin, then
 * key to value; sealed with the entry's identity and the kind as associated data; saved when a run
 * ends and loaded by the next run of the same entry, never another's. Only for the kinds the entry
 * persists: for the others, nothing is loaded and nothing saved.
 */
final class WebStorages {
    /** A storage larger than this (as JSON) is not saved: no login session needs it. */
    static final int MAX_CHARS = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, LinkedHashMap<String, String>>> BY_ORIGIN = new TypeReference<>() { };

    private final Database db;
    private final SecretBox box;
    private final Clock clock;

    WebStorages(Database db, SecretBox box, Clock clock) {
        this.db = db;
        this.box = box;
        this.clock = clock;
    }

    /** The entry's saved storage of {@code kind}, origin to (key to value); empty when it keeps none or it does not open. */
    Map<String, Map<String, String>> load(CredentialEntry e, WebStorage kind) {
        if (!persists(e, kind)) {
            return Map.of();
        }
        Optional<String> sealed = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT sealed FROM credential_web_storage WHERE entry_id = :e AND kind = :k")
                .bind("e", e.id()).bind("k", name(kind)).mapTo(String.class).findOne());
        if (sealed.isEmpty()) {
            return Map.of();
        }
        try {
            return java.util.Collections.unmodifiableMap(JSON.readValue(box.open(sealed.get(), recordId(e, kind)), BY_ORIGIN));
        } catch (JsonProcessingException | IllegalStateException x) {
            return Map.of(); // a storage that does not open (moved, or another master key) is as good as none: the run logs in again
        }
    }

    /**
     * Saves {@code byOrigin} as the entry's storage of {@code kind}, replacing what was saved;
     * nothing when the entry does not persist that kind, or when it is larger than {@link #MAX_CHARS}.
     *
     * @return whether it was saved
     */
    boolean save(CredentialEntry e, WebStorage kind, Map<String, Map<String, String>> byOrigin) {
        if (!persists(e, kind)) {
            return false;
        }
        String json;
        try {
            json = JSON.writeValueAsString(byOrigin);
        } catch (JsonProcessingException x) {
            return false;
        }
        if (json.length() > MAX_CHARS) {
            return false;
        }
        String sealed = box.seal(json, recordId(e, kind));
        Instant now = clock.instant();
        db.jdbi().useTransaction(h -> {
            int n = h.createUpdate("UPDATE credential_web_storage SET sealed = :s, updated_at = :t WHERE entry_id = :e AND kind = :k")
                    .bind("s", sealed).bind("t", Times.db(now)).bind("e", e.id()).bind("k", name(kind)).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO credential_web_storage (entry_id, kind, sealed, updated_at) VALUES (:e, :k, :s, :t)")
                        .bind("e", e.id()).bind("k", name(kind)).bind("s", sealed).bind("t", Times.db(now)).execute();
            }
        });
        return true;
    }

    private static boolean persists(CredentialEntry e, WebStorage kind) {
        return kind == WebStorage.LOCAL ? e.persistLocalStorage() : e.persistSessionStorage();
    }

    private static String name(WebStorage kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String recordId(CredentialEntry e, WebStorage kind) {
        return "credential_storage:" + name(kind) + ":" + e.projectId() + ":" + e.id();
    }
}
