package org.flowvault.platform.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.identity.User;
import org.flowvault.platform.identity.Users;
import org.flowvault.platform.resolution.Resolver;
import org.jdbi.v3.core.Handle;

/**
 * The credential vault: website logins per project, unique by (domain, permissioned user id),
 * whose secret fields the client encrypts ({@code org.flowvault.sdk.credential.FieldCipher}).
 * Members of a project create, list, update and delete its entries, which carry only ciphertexts
 * (stored as given, never decrypted on the way in) and use them in runs. Reading decrypted values
 * and TOTP codes through the API needs the project permission {@code credentials:decrypt}: admins
 * always have it, members when an admin grants it. Every value handed out is audited first.
 *
 * <p>A caller who may not use the project gets NOT_FOUND, as for a project that does not exist.
 * Errors name the field and what is allowed, never a value. Thread-safe.
 */
public final class Credentials {
    /** The most entries one list answers. */
    public static final int MAX_LIST = 1000;

    private final Database db;
    private final Projects projects;
    private final Users users;
    private final Clock clock;
    private final CredentialAudit audit;
    private final CredentialKeys keys;
    private final FieldOpener opener;
    private final CredentialRuns runs;

    /** @param trail where every decryption, TOTP code and key action is recorded before anything is handed out */
    public Credentials(Database db, SecretBox box, Projects projects, Users users, Resolver resolver, Clock clock,
                       org.flowvault.platform.audit.AuditTrail trail) {
        this.db = Objects.requireNonNull(db, "db");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.users = Objects.requireNonNull(users, "users");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new CredentialAudit(trail);
        this.keys = new CredentialKeys(db, Objects.requireNonNull(box, "box"), projects, audit, clock);
        this.opener = new FieldOpener(db, keys, Objects.requireNonNull(resolver, "resolver"), audit);
        this.runs = new CredentialRuns(db, this, opener, audit, clock, new CookieJars(db, box, clock),
                new WebStorages(db, box, clock));
    }

    /** The vault as the run engine uses it: credential inputs checked before a run, opened when it executes. */
    public org.flowvault.platform.execution.CredentialInputs runs() {
        return runs;
    }

    /** The projects' credential keys. */
    public CredentialKeys keys() {
        return keys;
    }

    /**
     * Stores a new entry (any member).
     *
     * @throws PlatformException INVALID naming the field that is missing or malformed (a secret
     *         field that is not a ciphertext, a key version the project does not have...); CONFLICT
     *         when the project has an entry for the same domain and permissioned user id
     */
    public CredentialEntry create(Caller caller, String project, EntryInput in) {
        UUID pid = projects.requireUsable(caller, project);
        Instant now = clock.instant();
        CredentialEntry e = EntryRules.merge(null, in, UUID.randomUUID(), pid, project, now);
        try {
            db.jdbi().useTransaction(h -> {
                requireKeys(h, e);
                if (EntryStore.find(h, pid, e.domain(), e.permissionedUserId()).isPresent()) {
                    throw duplicate(e);
                }
                EntryStore.insert(h, e);
            });
        } catch (PlatformException x) {
            throw x;
        } catch (RuntimeException x) {
            // a concurrent create of the same entry passed the check first: the unique key refused this one
            if (db.jdbi().withHandle(h -> EntryStore.find(h, pid, e.domain(), e.permissionedUserId())).isPresent()) {
                throw duplicate(e);
            }
            throw x;
        }
        return e;
    }

    private static PlatformException duplicate(CredentialEntry e) {
        return PlatformException.conflict("project '" + e.project() + "' already has an entry for this domain and permissioned_user_id: "
                + "update it (PUT) or delete it first");
    }

    /**
     * Changes the entry ({@code in.domain}, {@code in.permissionedUserId}) like the seed product:
     * {@code user_name} and {@code password} are required (for a provider-backed entry,
     * {@code vault}); other fields not given keep their values, fields given as null are removed.
     *
     * @throws PlatformException NOT_FOUND when there is no such entry; INVALID as {@link #create}
     */
    public CredentialEntry update(Caller caller, String project, EntryInput in) {
        UUID pid = projects.requireUsable(caller, project);
        EntryValidation.domain(in.domain());
        EntryValidation.permissionedUserId(in.permissionedUserId());
        if (in.vault() == null && (in.userName() == null || in.password() == null)) {
            throw PlatformException.invalid("an update needs 'domain', 'permissioned_user_id', 'user_name' and 'password' "
                    + "(or 'vault' for a provider-backed entry)");
        }
        return db.jdbi().inTransaction(h -> {
            CredentialEntry current = EntryStore.find(h, pid, in.domain(), in.permissionedUserId())
                    .orElseThrow(() -> notFound(project));
            EntryStore.lockById(h, current.id());
            CredentialEntry e = EntryRules.merge(current, in, current.id(), pid, project, clock.instant());
            requireKeys(h, e);
            EntryStore.update(h, e);
            return e;
        });
    }

    /**
     * The project's entries (at most {@value #MAX_LIST}), or the one entry of {@code domain} and
     * {@code permissionedUserId} — the two filters go together.
     *
     * @throws PlatformException INVALID when only one filter is given
     */
    public List<CredentialEntry> list(Caller caller, String project, String domain, String permissionedUserId) {
        UUID pid = projects.requireUsable(caller, project);
        boolean d = domain != null && !domain.isEmpty();
        boolean u = permissionedUserId != null && !permissionedUserId.isEmpty();
        if (d != u) {
            throw PlatformException.invalid("'domain' and 'permissioned_user_id' filter together: give both, or neither to list every entry");
        }
        return db.jdbi().withHandle(h -> d
                ? EntryStore.find(h, pid, domain, permissionedUserId).map(List::of).orElse(List.of())
                : EntryStore.all(h, pid, MAX_LIST));
    }

    /**
     * At most {@code limit} of the project's entries from position {@code offset}, in the order of
     * {@link #list} (domain, then permissioned user id): one page of a list, read with one query.
     */
    public List<CredentialEntry> page(Caller caller, String project, int offset, int limit) {
        UUID pid = projects.requireUsable(caller, project);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be at least 0 and limit at least 1");
        }
        return db.jdbi().withHandle(h -> EntryStore.page(h, pid, offset, limit));
    }

    /** The entry {@code id}; NOT_FOUND when the project has none (or the caller may not use it). */
    public CredentialEntry get(Caller caller, String project, UUID id) {
        UUID pid = projects.requireUsable(caller, project);
        return db.jdbi().withHandle(h -> EntryStore.byId(h, pid, id)).orElseThrow(() -> notFound(project));
    }

    /** Deletes the entry {@code id} (any member); NOT_FOUND when there is none. */
    public void delete(Caller caller, String project, UUID id) {
        UUID pid = projects.requireUsable(caller, project);
        if (!db.jdbi().withHandle(h -> EntryStore.delete(h, pid, id))) {
            throw notFound(project);
        }
    }

    /**
     * The entries' secret values, decrypted by the server, for a caller with
     * {@code credentials:decrypt}; every field is audited before it is returned.
     *
     * @throws PlatformException FORBIDDEN without the permission (audited as denied); CONFLICT
     *         naming the entry and field when a field does not decrypt
     */
    public List<DecryptedEntry> decrypt(Caller caller, String project, List<CredentialEntry> entries) {
        UUID pid = projects.requireUsable(caller, project);
        requireDecrypt(caller, pid, project, entries.isEmpty() ? null : entries.getFirst().id(), CredentialAudit.Action.DECRYPT);
        return entries.stream().map(e -> {
            if (!e.projectId().equals(pid)) {
                throw notFound(project);
            }
            return new DecryptedEntry(e, opener.open(e, EntryFields.SECRET, caller, CredentialAudit.Actor.user(caller.userId())).values());
        }).toList();
    }

    /**
     * The current TOTP code of the entry ({@code domain}, {@code permissionedUserId}), never its
     * secret; needs {@code credentials:decrypt}; audited.
     *
     * @throws PlatformException NOT_FOUND without such an entry; INVALID when it has no TOTP
     *         secret or the secret is not base32 nor an otpauth URI (the message never quotes it)
     */
    public TotpCode totp(Caller caller, String project, String domain, String permissionedUserId) {
        UUID pid = projects.requireUsable(caller, project);
        if (domain == null || domain.isEmpty() || permissionedUserId == null || permissionedUserId.isEmpty()) {
            throw PlatformException.invalid("'domain' and 'permissioned_user_id' are required: they name the entry");
        }
        CredentialEntry e = db.jdbi().withHandle(h -> EntryStore.find(h, pid, domain, permissionedUserId)).orElseThrow(() -> notFound(project));
        requireDecrypt(caller, pid, project, e.id(), CredentialAudit.Action.TOTP);
        TotpSecret secret = totpSecret(e, caller, CredentialAudit.Actor.user(caller.userId()));
        TotpCode code = secret.current(clock.instant());
        audit.record(pid, e.id(), EntryFields.TFA_SECRET, CredentialAudit.Action.TOTP, CredentialAudit.Actor.user(caller.userId()), CredentialAudit.OK);
        return code;
    }

    TotpSecret totpSecret(CredentialEntry e, Caller runAs, CredentialAudit.Actor actor) {
        Object v = opener.open(e, List.of(EntryFields.TFA_SECRET), runAs, actor).values().get(EntryFields.TFA_SECRET);
        if (!(v instanceof String text)) {
            throw PlatformException.invalid(e.describe() + " has no TOTP secret (tfa_secret)");
        }
        try {
            return TotpSecret.parse(text);
        } catch (IllegalArgumentException x) {
            throw PlatformException.invalid("the tfa_secret of " + e.describe() + " is not usable: " + x.getMessage());
        }
    }

    /**
     * Re-encrypts every entry's fields under the project's current key version (seed-format fields
     * become v2), then retires the older versions (admins). Runs keep working meanwhile: a field
     * is rewritten in one transaction, and old versions decrypt until every field has moved.
     *
     * @throws PlatformException CONFLICT naming the entry and field when a field does not decrypt
     *         (nothing is retired then)
     */
    public Reencryption.Result reencrypt(Caller admin, String project) {
        admin.requireAdmin("re-encrypt credential entries");
        UUID pid = projects.requireUsable(admin, project);
        return new Reencryption(db, keys, audit).run(pid, CredentialAudit.Actor.user(admin.userId()));
    }

    /**
     * Grants or withdraws {@code credentials:decrypt} on {@code project} for user {@code username}
     * (admins); granting makes the user a member when they are not one.
     */
    public void setDecryptPermission(Caller admin, String project, String username, boolean allowed) {
        admin.requireAdmin("grant credentials:decrypt");
        UUID pid = projects.requireUsable(admin, project);
        User user = users.get(admin, username);
        if (allowed) {
            projects.addMember(admin, project, username);
        }
        db.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM credential_decrypt_grants WHERE project_id = :p AND user_id = :u")
                    .bind("p", pid).bind("u", user.id()).execute();
            if (allowed) {
                h.createUpdate("INSERT INTO credential_decrypt_grants (project_id, user_id, granted_at) VALUES (:p, :u, :t)")
                        .bind("p", pid).bind("u", user.id()).bind("t", Times.db(clock.instant())).execute();
            }
        });
    }

    /** Whether {@code caller} holds {@code credentials:decrypt} on the project: admins always, members when granted. */
    public boolean canDecrypt(Caller caller, UUID projectId) {
        if (caller.isAdmin()) {
            return true;
        }
        return projects.canUse(caller, projectId) && db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM credential_decrypt_grants WHERE project_id = :p AND user_id = :u")
                .bind("p", projectId).bind("u", caller.userId()).mapTo(Long.class).one()) > 0;
    }

    private void requireDecrypt(Caller caller, UUID pid, String project, UUID entryId, CredentialAudit.Action action) {
        if (!canDecrypt(caller, pid)) {
            audit.record(pid, entryId, null, action, CredentialAudit.Actor.user(caller.userId()), "denied");
            throw PlatformException.forbidden("user '" + caller.username() + "' may not read decrypted credentials or TOTP codes of project '"
                    + project + "': an admin grants credentials:decrypt (PUT /api/v1/projects/" + project + "/members/"
                    + caller.username() + " with {\"can_decrypt_credentials\": true}); without it, read the ciphertexts and "
                    + "decrypt them with the SDK");
        }
    }

    /** Checks that the key versions the entry's ciphertexts name exist and are not retired, locking them until the transaction ends. */
    private void requireKeys(Handle h, CredentialEntry e) {
        boolean hasCiphertext = EntryFields.SECRET.stream().anyMatch(f -> e.ciphertext(f) != null);
        if (!hasCiphertext) {
            return;
        }
        Set<Integer> usable = new HashSet<>(h.createQuery("SELECT version FROM credential_keys WHERE project_id = :p "
                        + "AND retired_at IS NULL FOR UPDATE")
                .bind("p", e.projectId()).mapTo(Integer.class).list());
        if (usable.isEmpty()) {
            throw PlatformException.invalid("project '" + e.project() + "' has no credential key: an admin generates one "
                    + "(POST /api/v1/projects/" + e.project() + "/credential-key) or imports the key the ciphertexts were made with");
        }
        for (String f : EntryFields.SECRET) {
            String c = e.ciphertext(f);
            if (c != null && c.startsWith("v2:")) {
                int v = EntryValidation.ciphertext(f, c);
                if (!usable.contains(v)) {
                    throw PlatformException.invalid("'" + f + "' is encrypted under key version " + v + ", which project '" + e.project()
                            + "' does not have or has retired; usable versions: " + usable.stream().sorted().toList()
                            + " (encrypt with the current one)");
                }
            }
        }
    }

    private static PlatformException notFound(String project) {
        return PlatformException.notFound("no such credential entry in project '" + project + "'");
    }

    @Override
    public String toString() {
        return "Credentials";
    }
}
