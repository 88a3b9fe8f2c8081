package org.flowvault.platform.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;

/**
 * The persisted cookie jars of entries with {@code persist_cookies}: a run's HTTP cookies are
 * saved sealed with the entry's identity as associated data when the run ends (or pauses), and
 * loaded into the next run's jar; cookies past their expiry are neither saved nor loaded. A jar
 * belongs to one entry: another entry's runs never see it.
 */
final class CookieJars {
    /** A jar larger than this (as JSON) is not saved: no login session needs it. */
    static final int MAX_JAR_CHARS = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final SecretBox box;
    private final Clock clock;

    CookieJars(Database db, SecretBox box, Clock clock) {
        this.db = db;
        this.box = box;
        this.clock = clock;
    }

    /** Adds the entry's saved cookies that have not expired to {@code store}. */
    void load(CredentialEntry e, CookieStore store) {
        Optional<String> sealed = db.jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM credential_cookie_jars WHERE entry_id = :e")
                .bind("e", e.id()).mapTo(String.class).findOne());
        if (sealed.isEmpty()) {
            return;
        }
        List<Map<String, Object>> cookies;
        try {
            cookies = JSON.readValue(box.open(sealed.get(), recordId(e)), new TypeReference<>() { });
        } catch (JsonProcessingException | IllegalStateException x) {
            return; // a jar that does not open (moved, or another master key) is as good as none: the run logs in again
        }
        long now = clock.instant().getEpochSecond();
        for (Map<String, Object> c : cookies) {
            Object expires = c.get("expires_at");
            long left = expires instanceof Number n ? n.longValue() - now : -1;
            if (expires instanceof Number && left <= 0) {
                continue;
            }
            HttpCookie cookie = new HttpCookie((String) c.get("name"), (String) c.get("value"));
            String domain = (String) c.get("domain");
            cookie.setDomain(domain);
            cookie.setPath((String) c.get("path"));
            cookie.setSecure(Boolean.TRUE.equals(c.get("secure")));
            cookie.setHttpOnly(Boolean.TRUE.equals(c.get("http_only")));
            cookie.setVersion(c.get("version") instanceof Number v ? v.intValue() : 0);
            cookie.setMaxAge(left);
            String host = domain == null ? null : domain.startsWith(".") ? domain.substring(1) : domain;
            store.add(host == null ? null : URI.create((cookie.getSecure() ? "https://" : "http://") + host), cookie);
        }
    }

    /**
     * Saves the cookies of {@code store} as the entry's jar: all of them, or with {@code ownSiteOnly}
     * (a run that persists several entries' jars) those of the entry's host.
     */
    void save(CredentialEntry e, CookieStore store, boolean ownSiteOnly) {
        String host = EntryValidation.Origin.parse(e.domain()).map(EntryValidation.Origin::host).orElse(null);
        List<Map<String, Object>> out = new ArrayList<>();
        Instant now = clock.instant();
        for (HttpCookie c : store.getCookies()) {
            if (c.hasExpired() || (ownSiteOnly && (host == null || c.getDomain() == null || !HttpCookie.domainMatches(c.getDomain(), host)
                    && !c.getDomain().toLowerCase(Locale.ROOT).equals(host)))) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.getName());
            m.put("value", c.getValue());
            m.put("domain", c.getDomain());
            m.put("path", c.getPath());
            m.put("secure", c.getSecure());
            m.put("http_only", c.isHttpOnly());
            m.put("version", c.getVersion());
            m.put("expires_at", c.getMaxAge() < 0 ? null : now.getEpochSecond() + c.getMaxAge());
            out.add(m);
        }
        String json;
        try {
            json = JSON.writeValueAsString(out);
        } catch (JsonProcessingException x) {
            return;
        }
        if (json.length() > MAX_JAR_CHARS) {
            return;
        }
        String sealed = box.seal(json, recordId(e));
        db.jdbi().useTransaction(h -> {
            int n = h.createUpdate("UPDATE credential_cookie_jars SET sealed = :s, updated_at = :t WHERE entry_id = :e")
                    .bind("s", sealed).bind("t", Times.db(now)).bind("e", e.id()).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO credential_cookie_jars (entry_id, sealed, updated_at) VALUES (:e, :s, :t)")
                        .bind("e", e.id()).bind("s", sealed).bind("t", Times.db(now)).execute();
            }
        });
    }

    private static String recordId(CredentialEntry e) {
        return "credential_cookies:" + e.projectId() + ":" + e.id();
    }
}
