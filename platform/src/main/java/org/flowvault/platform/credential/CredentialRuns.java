package org.flowvault.platform.credential;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flowvault.platform.PlatformException;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.execution.CredentialInputs;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.identity.Caller;

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

    CredentialRuns(Database db, Credentials credentials, FieldOpener opener, CredentialAudit audit, Clock clock) {
        this.db = db;
        this.credentials = credentials;
        this.opener = opener;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void check(Caller caller, UUID projectId, InputSpec spec, String permissionedUserId) {
        usable(projectId, spec, permissionedUserId);
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
            public String toString() {
                return "Credential[" + e.id() + "]";
            }
        };
    }

    /** A value as text: strings as they are, other JSON values (a number) as their JSON text. */
    private static String text(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        return v.toString();
    }
}
