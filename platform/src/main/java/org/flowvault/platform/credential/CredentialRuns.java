package org.flowvault.platform.credential;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.execution.CredentialInputs;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.identity.Caller;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The credential vault as runs see it: a credential input's permissioned user id names the entry
 * of the input's domain (the exact domain, or one naming the same site: same host, and same scheme
 * and port when both give them). A run is refused before it is recorded when there is no such
 * entry, the entry is for another domain, or it expired; when the run executes, the entry is
 * opened with the run's identity and every value it hands out is audited with the run id.
 */
final class CredentialRuns implements CredentialInputs {
    private final Database db;
    private final Credentials credentials;
    private final FieldOpener opener;
    private final CredentialAudit audit;
    private final Clock clock;
    private final CookieJars jars;
    private final WebStorages storages;

    CredentialRuns(Database db, Credentials credentials, FieldOpener opener, CredentialAudit audit, Clock clock, CookieJars jars,
                   WebStorages storages) {
        this.jars = jars;
        this.storages = storages;
        this.db = db;
        this.credentials = credentials;
        this.opener = opener;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public UUID check(Caller caller, UUID projectId, InputSpec spec, String permissionedUserId) {
        return usable(projectId, spec, permissionedUserId).id();
    }

    @Override
    public void reserve(UUID runId, Collection<UUID> entryIds) {
        db.jdbi().useTransaction(h -> {
            PreparedBatch b = h.prepareBatch("INSERT INTO credential_run_entries (run_id, entry_id) VALUES (:r, :e)");
            for (UUID e : entryIds) {
                b.bind("r", runId).bind("e", e).add();
            }
            b.execute();
        });
    }

    /** How many runs may hold an entry's lease at once, in SQL (0: no limit); see {@link CredentialEntry#concurrencyLimit()}. */
    private static final String LIMIT = "(CASE WHEN c.allow_multiple_sessions THEN COALESCE(c.max_concurrency, 0) ELSE 1 END)";
    private static final String ACTIVE = "'RUNNING', 'WAITING_FOR_INPUT'";

    @Override
    public String claimFilter() {
        return "AND NOT EXISTS (SELECT 1 FROM credential_run_entries w JOIN credential_entries c ON c.id = w.entry_id "
                + "WHERE w.run_id = runs.id AND " + LIMIT + " > 0 AND (SELECT count(*) FROM credential_run_entries o "
                + "JOIN runs r ON r.id = o.run_id WHERE o.entry_id = w.entry_id AND r.status IN (" + ACTIVE + ")) >= " + LIMIT + ")";
    }

    @Override
    public List<UUID> admit(Handle h, List<UUID> candidates) {
        Map<UUID, List<UUID>> uses = new HashMap<>();
        h.createQuery("SELECT run_id, entry_id FROM credential_run_entries WHERE run_id IN (<ids>)").bindList("ids", candidates)
                .map((rs, ctx) -> Map.entry(rs.getObject("run_id", UUID.class), rs.getObject("entry_id", UUID.class)))
                .forEach(e -> uses.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        if (uses.isEmpty()) {
            return candidates;
        }
        List<UUID> entries = uses.values().stream().flatMap(List::stream).distinct().sorted().toList();
        // the entries' rows, locked in one order by every node: a concurrent claim waits here, then counts what this one admitted
        Map<UUID, Integer> limits = new HashMap<>();
        h.createQuery("SELECT c.id, " + LIMIT + " AS lim FROM credential_entries c WHERE c.id IN (<ids>) ORDER BY c.id FOR UPDATE")
                .bindList("ids", entries)
                .map((rs, ctx) -> Map.entry(rs.getObject("id", UUID.class), rs.getInt("lim")))
                .forEach(e -> limits.put(e.getKey(), e.getValue()));
        Map<UUID, Integer> active = new HashMap<>();
        h.createQuery("SELECT o.entry_id, count(*) AS n FROM credential_run_entries o JOIN runs r ON r.id = o.run_id "
                        + "WHERE o.entry_id IN (<ids>) AND r.status IN (" + ACTIVE + ") GROUP BY o.entry_id")
                .bindList("ids", entries)
                .map((rs, ctx) -> Map.entry(rs.getObject("entry_id", UUID.class), rs.getInt("n")))
                .forEach(e -> active.put(e.getKey(), e.getValue()));
        List<UUID> admitted = new ArrayList<>(candidates.size());
        for (UUID run : candidates) {
            List<UUID> needs = uses.getOrDefault(run, List.of());
            boolean free = needs.stream().allMatch(e -> {
                int limit = limits.getOrDefault(e, 0); // an entry deleted meanwhile limits nothing: the run fails when it opens it
                return limit == 0 || active.getOrDefault(e, 0) < limit;
            });
            if (free) {
                needs.forEach(e -> active.merge(e, 1, Integer::sum));
                admitted.add(run);
            }
        }
        return admitted;
    }

    private CredentialEntry usable(UUID projectId, InputSpec spec, String user) {
        String input = "input '" + spec.name() + "'";
        try {
            EntryValidation.permissionedUserId(user);
        } catch (PlatformException e) {
            throw PlatformException.invalid(input + " is a credential: its value must be a permissioned_user_id (1 to 256 letters, "
                    + "digits or . _ @ + : = ~ | / -)");
        }
        EntryValidation.Origin wanted = EntryValidation.Origin.parse(spec.domain()).orElseThrow(() -> PlatformException.invalid(
                input + ": the flow's domain is not an http(s) URL or a host name"));
        CredentialEntry e = db.jdbi().withHandle(h -> {
            Optional<CredentialEntry> exact = EntryStore.find(h, projectId, spec.domain(), user);
            if (exact.isPresent()) {
                return exact.get();
            }
            List<CredentialEntry> ofUser = EntryStore.ofUser(h, projectId, user);
            List<CredentialEntry> sameSite = ofUser.stream()
                    .filter(c -> EntryValidation.Origin.parse(c.domain()).map(wanted::sameSite).orElse(false)).toList();
            if (sameSite.size() == 1) {
                return sameSite.getFirst();
            }
            if (sameSite.size() > 1) {
                throw PlatformException.invalid(input + ": several credential entries of this permissioned_user_id match " + spec.domain()
                        + "; give the flow's input the exact domain of one of them");
            }
            if (!ofUser.isEmpty()) {
                throw PlatformException.invalid(input + ": the credential entries of this permissioned_user_id are for other domains, not "
                        + spec.domain() + " (the flow's domain)");
            }
            throw PlatformException.invalid(input + " names no credential entry of domain " + spec.domain()
                    + " in this project: create one for this permissioned_user_id first");
        });
        if (e.expiredAt(clock.instant())) {
            throw PlatformException.invalid(input + ": " + e.describe() + " expired (unused for more than "
                    + e.expireAfterLastUseDays() + " days): update it to use it again");
        }
        return e;
    }

    @Override
    public Credential open(Caller runAs, UUID projectId, UUID runId, InputSpec spec, String permissionedUserId) {
        CredentialEntry e = usable(projectId, spec, permissionedUserId);
        CredentialAudit.Actor actor = new CredentialAudit.Actor(runAs.userId(), runId);
        FieldOpener.Opened opened;
        try {
            opened = opener.open(e, List.of(EntryFields.USER_NAME, EntryFields.PASSWORD), runAs, actor);
        } catch (PlatformException x) {
            throw new PlatformException(x.reason(), "input '" + spec.name() + "': " + x.getMessage());
        }
        db.jdbi().useHandle(h -> EntryStore.touch(h, e.id(), clock.instant()));
        String userName = text(opened.values().get(EntryFields.USER_NAME));
        String password = text(opened.values().get(EntryFields.PASSWORD));
        return new Credential() {
            private TotpSecret secret;

            @Override
            public String domain() {
                return e.domain();
            }

            @Override
            public String permissionedUserId() {
                return e.permissionedUserId();
            }

            @Override
            public String userName() {
                return userName;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public boolean codeFromPerson() {
                return e.tfaMethod() == TfaMethod.EMAIL || e.tfaMethod() == TfaMethod.SMS;
            }

            @Override
            public synchronized String totp() {
                if (secret == null) {
                    secret = credentials.totpSecret(e, runAs, actor);
                }
                String code = secret.code(clock.instant());
                audit.record(e.projectId(), e.id(), EntryFields.TFA_SECRET, CredentialAudit.Action.TOTP, actor, CredentialAudit.OK);
                return code;
            }

            @Override
            public boolean persistsCookies() {
                return e.persistCookies();
            }

            @Override
            public void loadCookies(java.net.CookieStore jar) {
                if (e.persistCookies()) {
                    jars.load(e, jar);
                }
            }

            @Override
            public void saveCookies(java.net.CookieStore jar, boolean ownSiteOnly) {
                if (e.persistCookies()) {
                    jars.save(e, jar, ownSiteOnly);
                }
            }

            @Override
            public Map<String, Map<String, String>> loadStorage(WebStorage kind) {
                return storages.load(e, kind);
            }

            @Override
            public void saveStorage(WebStorage kind, Map<String, Map<String, String>> byOrigin) {
                storages.save(e, kind, byOrigin);
            }

            @Override
            public Runnable enterLogin(java.util.function.BooleanSupplier cancelled) {
                if (!e.preventConcurrencyDuringLogin()) {
                    return null;
                }
                long pause = 20;
                while (!cancelled.getAsBoolean()) {
                    if (tryLogin(e.id(), runId)) {
                        return () -> db.jdbi().useHandle(h -> h.createUpdate(
                                        "DELETE FROM credential_login_locks WHERE entry_id = :e AND run_id = :r")
                                .bind("e", e.id()).bind("r", runId).execute());
                    }
                    try {
                        Thread.sleep(pause); // another run is logging in with this entry: poll its lock, backing off
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                    pause = Math.min(pause * 2, 500);
                }
                return null;
            }

            @Override
            public String toString() {
                return "Credential[" + e.id() + "]";
            }
        };
    }

    /**
     * Takes the entry's login lock for {@code runId}: free, already this run's, or held by a run
     * that is no longer active (it ended, or its node stopped). The entry's row lock makes
     * concurrent takers on any node take turns.
     */
    private boolean tryLogin(UUID entryId, UUID runId) {
        return db.jdbi().inTransaction(h -> {
            if (h.createQuery("SELECT id FROM credential_entries WHERE id = :e FOR UPDATE").bind("e", entryId).mapTo(UUID.class)
                    .findOne().isEmpty()) {
                return true; // deleted meanwhile: nothing to serialise against
            }
            Optional<Map.Entry<UUID, String>> holder = h.createQuery("SELECT l.run_id, r.status FROM credential_login_locks l "
                            + "LEFT JOIN runs r ON r.id = l.run_id WHERE l.entry_id = :e")
                    .bind("e", entryId)
                    .map((rs, ctx) -> Map.entry(rs.getObject("run_id", UUID.class), String.valueOf(rs.getString("status"))))
                    .findOne();
            if (holder.isEmpty()) {
                h.createUpdate("INSERT INTO credential_login_locks (entry_id, run_id, acquired_at) VALUES (:e, :r, :t)")
                        .bind("e", entryId).bind("r", runId).bind("t", org.flowvault.platform.db.Times.db(clock.instant())).execute();
                return true;
            }
            boolean active = holder.get().getValue().equals("RUNNING") || holder.get().getValue().equals("WAITING_FOR_INPUT");
            if (holder.get().getKey().equals(runId) || !active) {
                h.createUpdate("UPDATE credential_login_locks SET run_id = :r, acquired_at = :t WHERE entry_id = :e")
                        .bind("e", entryId).bind("r", runId).bind("t", org.flowvault.platform.db.Times.db(clock.instant())).execute();
                return true;
            }
            return false;
        });
    }

    /** A value as text: strings as they are, other JSON values (a number) as their JSON text. */
    private static String text(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        return v.toString();
    }
}
