package org.flowvault.server.audit;

import static org.flowvault.server.http.Api.caller;
import static org.flowvault.server.http.Api.ok;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.audit.AuditEntry;
import org.flowvault.platform.audit.AuditQuery;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.audit.Verification;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.usedby.UsedBy;
import org.flowvault.server.http.Api;
import org.flowvault.server.http.Routes;
import org.flowvault.server.http.Views;

/**
 * The audit trail over HTTP: a filtered, paged list (newest first), a JSON-lines export (chain
 * order), verification of the chain (admins), and "used by" of a Vault secret or credential entry.
 * Admins see every record; members the records of their projects.
 */
public final class AuditRoutes {
    /** The media type of the export: one JSON object a line. */
    public static final String NDJSON = "application/x-ndjson";

    private AuditRoutes() {
    }

    public static void register(Routes r, Platform p) {
        r.get("/api/v1/audit", ctx -> {
            String accept = ctx.header("Accept");
            if (accept != null && accept.contains(NDJSON)) {
                export(ctx, p);
                return;
            }
            Caller c = caller(ctx);
            AuditQuery q = query(ctx, true);
            List<AuditEntry> page = p.audit().list(c, q);
            ok(ctx, Views.of("records", page.stream().map(AuditRoutes::view).toList(),
                    "next_before", page.size() == q.limit() ? page.getLast().seq() : null));
        });
        r.get("/api/v1/audit/export", ctx -> export(ctx, p));
        r.get("/api/v1/audit/verify", ctx -> {
            Verification v = p.audit().verify(caller(ctx));
            ok(ctx, Views.of("intact", v.intact(), "checked", v.checked(), "broken_at", v.intact() ? null : v.brokenAt(),
                    "problem", v.problem()));
        });
        r.get("/api/v1/projects/{project}/used-by", ctx -> {
            Caller c = caller(ctx);
            String project = ctx.pathParam("project");
            UUID projectId = p.projects().requireUsable(c, project);
            String path = ctx.queryParam("path");
            String domain = ctx.queryParam("domain");
            String user = ctx.queryParam("permissioned_user_id");
            UsedBy.Report report;
            if (path != null && domain == null && user == null) {
                report = p.usedBy().path(c, projectId, path);
            } else if (path == null && domain != null && user != null) {
                report = p.usedBy().credential(c, project, projectId, domain, user);
            } else {
                throw PlatformException.invalid("give either path=[config:]path (a Vault secret) or domain and permissioned_user_id "
                        + "(a credential entry)");
            }
            ok(ctx, Views.of("target", report.target(), "connections", users(report.connections()), "flows", users(report.flows()),
                    "last_used", report.lastUsed()));
        });
    }

    private static List<Map<String, Object>> users(List<UsedBy.User> users) {
        return users.stream().map(u -> Views.of("name", u.name(), "last_used", u.lastUsed())).toList();
    }

    private static void export(Context ctx, Platform p) {
        Caller c = caller(ctx);
        AuditQuery q = query(ctx, false);
        ctx.status(200).contentType(NDJSON);
        try {
            OutputStream out = ctx.outputStream();
            p.audit().export(c, q, e -> {
                try {
                    out.write(Api.JSON.writeValueAsBytes(view(e)));
                    out.write('\n');
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> view(AuditEntry e) {
        AuditRecord r = e.record();
        return Views.of("seq", e.seq(), "id", r.id(), "at", r.at(), "node", r.node(), "action", r.action().label(),
                "outcome", r.outcome().label(), "user_id", r.userId(), "username", r.username(), "api_key_id", r.apiKeyId(),
                "run_id", r.runId(), "flow_id", r.flowId(), "project_id", r.projectId(), "config", r.config(),
                "namespace", r.namespace(), "mount", r.mount(), "path", r.path(), "kv_version", r.kvVersion(),
                "connection_id", r.connectionId(), "connection", r.connection(), "entry_id", r.entryId(), "field", r.field(),
                "detail", r.detail(), "secrets", r.allSecrets().stream().map(s -> Views.of("config", s.config(),
                        "namespace", s.namespace(), "mount", s.mount(), "path", s.path(), "kv_version", s.kvVersion())).toList());
    }

    /** The filters of a request; each bad one is a 400 naming the parameter and the accepted form (never echoing it). */
    private static AuditQuery query(Context ctx, boolean paged) {
        int limit = paged ? intParam(ctx, "limit", AuditQuery.DEFAULT_LIMIT) : 1;
        long before = paged ? longParam(ctx, "before") : 0;
        return new AuditQuery(ctx.queryParam("path"), ctx.queryParam("user"), uuidParam(ctx, "run"), ctx.queryParam("action"),
                instantParam(ctx, "since"), instantParam(ctx, "until"), before, limit);
    }

    private static int intParam(Context ctx, String name, int absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw PlatformException.invalid(name + " must be a whole number between 1 and " + AuditQuery.MAX_LIMIT);
        }
    }

    private static long longParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw PlatformException.invalid(name + " must be a record's seq, a whole number (the next_before of the previous page)");
        }
    }

    private static UUID uuidParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(v.strip());
        } catch (IllegalArgumentException e) {
            throw PlatformException.invalid(name + " must be a run id (a UUID such as 3f0c9a4e-0000-4000-8000-000000000000)");
        }
    }

    /** An ISO-8601 instant ({@code 2026-01-31T12:00:00Z}) or a date ({@code 2026-01-31}, midnight UTC). */
    static Instant instantParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw PlatformException.invalid(name + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z, or a date such as 2026-01-31");
        }
    }
}
