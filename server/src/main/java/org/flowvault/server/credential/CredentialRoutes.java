package org.flowvault.server.credential;

import static org.flowvault.server.http.Api.body;
import static org.flowvault.server.http.Api.caller;
import static org.flowvault.server.http.Api.created;
import static org.flowvault.server.http.Api.noContent;
import static org.flowvault.server.http.Api.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.credential.Credentials;
import org.flowvault.platform.credential.KeyVersion;
import org.flowvault.platform.credential.NewKey;
import org.flowvault.platform.credential.Reencryption;
import org.flowvault.platform.credential.TotpCode;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.server.http.Routes;

/**
 * The credential vault's API: entries (ciphertexts in, ciphertexts out; decrypted by the server
 * only with {@code decrypt=true} for a caller holding {@code credentials:decrypt}), TOTP codes,
 * the project's credential key versions (generated keys shown once) and re-encryption, and the
 * decrypt permission of project members. A caller outside the project gets 404 as for a project
 * that does not exist.
 */
public final class CredentialRoutes {
    private static final String BASE = "/api/v1/projects/{project}/credentials";
    private static final String KEY = "/api/v1/projects/{project}/credential-key";

    private CredentialRoutes() {
    }

    public static void register(Routes r, Platform p) {
        Credentials cr = p.credentials();
        r.get(BASE, ctx -> {
            Caller c = caller(ctx);
            String project = ctx.pathParam("project");
            List<CredentialEntry> entries = cr.list(c, project, ctx.queryParam("domain"), ctx.queryParam("permissioned_user_id"));
            ok(ctx, Map.of("credentials", views(cr, c, project, entries, decrypt(ctx))));
        });
        r.post(BASE, ctx -> {
            Caller c = caller(ctx);
            created(ctx, CredentialJson.view(cr.create(c, ctx.pathParam("project"), CredentialJson.input(body(ctx)))));
        });
        r.put(BASE, ctx -> {
            Caller c = caller(ctx);
            ok(ctx, CredentialJson.view(cr.update(c, ctx.pathParam("project"), CredentialJson.input(body(ctx)))));
        });
        r.delete(BASE, ctx -> {
            // the seed product deletes by domain and permissioned_user_id
            Caller c = caller(ctx);
            String project = ctx.pathParam("project");
            String domain = ctx.queryParam("domain");
            String user = ctx.queryParam("permissioned_user_id");
            if (domain == null || domain.isEmpty() || user == null || user.isEmpty()) {
                throw PlatformException.invalid("'domain' and 'permissioned_user_id' are required: they name the entry to delete "
                        + "(or DELETE .../credentials/{id})");
            }
            List<CredentialEntry> found = cr.list(c, project, domain, user);
            if (found.isEmpty()) {
                throw PlatformException.notFound("no such credential entry in project '" + project + "'");
            }
            cr.delete(c, project, found.getFirst().id());
            noContent(ctx);
        });
        // before {id}: "totp" and "reencrypt" are not entry ids
        r.get(BASE + "/totp", ctx -> {
            TotpCode code = cr.totp(caller(ctx), ctx.pathParam("project"), ctx.queryParam("domain"), ctx.queryParam("permissioned_user_id"));
            ok(ctx, Map.of("code", code.code(), "valid_for_seconds", code.validForSeconds(), "digits", code.digits(), "period", code.period()));
        });
        r.post(BASE + "/reencrypt", ctx -> {
            CredentialJson.onlyKnown(body(ctx), Set.of(), "a re-encryption request");
            Reencryption.Result res = cr.reencrypt(caller(ctx), ctx.pathParam("project"));
            ok(ctx, Map.of("reencrypted", res.reencrypted(), "retired_versions", res.retiredVersions()));
        });
        r.get(BASE + "/{id}", ctx -> {
            Caller c = caller(ctx);
            String project = ctx.pathParam("project");
            CredentialEntry e = cr.get(c, project, id(ctx, project));
            ok(ctx, views(cr, c, project, List.of(e), decrypt(ctx)).getFirst());
        });
        r.delete(BASE + "/{id}", ctx -> {
            String project = ctx.pathParam("project");
            cr.delete(caller(ctx), project, id(ctx, project));
            noContent(ctx);
        });

        r.get(KEY, ctx -> ok(ctx, Map.of("versions", cr.keys().versions(caller(ctx), ctx.pathParam("project")).stream()
                .map(CredentialRoutes::version).toList())));
        r.post(KEY, ctx -> {
            ObjectNode b = body(ctx);
            CredentialJson.onlyKnown(b, Set.of("import"), "a credential key request");
            Caller c = caller(ctx);
            String project = ctx.pathParam("project");
            JsonNode imported = b.get("import");
            if (imported == null || imported.isNull()) {
                created(ctx, shownOnce(cr.keys().generate(c, project)));
            } else if (!imported.isTextual()) {
                throw PlatformException.invalid("'import' must be a string: the key as 64 hex characters");
            } else {
                created(ctx, version(cr.keys().importKey(c, project, imported.asText())));
            }
        });
        r.post(KEY + "/rotate", ctx -> {
            CredentialJson.onlyKnown(body(ctx), Set.of(), "a rotation request");
            created(ctx, shownOnce(cr.keys().rotate(caller(ctx), ctx.pathParam("project"))));
        });

        r.put("/api/v1/projects/{project}/members/{username}", ctx -> {
            ObjectNode b = body(ctx);
            CredentialJson.onlyKnown(b, Set.of("can_decrypt_credentials"), "a membership");
            JsonNode allowed = b.get("can_decrypt_credentials");
            if (allowed == null || !allowed.isBoolean()) {
                throw PlatformException.invalid("'can_decrypt_credentials' is required: true or false");
            }
            String project = ctx.pathParam("project");
            String user = ctx.pathParam("username");
            cr.setDecryptPermission(caller(ctx), project, user, allowed.asBoolean());
            ok(ctx, Map.of("project", project, "username", user, "can_decrypt_credentials", allowed.asBoolean()));
        });
    }

    private static List<Map<String, Object>> views(Credentials cr, Caller c, String project, List<CredentialEntry> entries, boolean decrypt) {
        if (!decrypt) {
            return entries.stream().map(CredentialJson::view).toList();
        }
        return cr.decrypt(c, project, entries).stream().map(CredentialJson::view).toList();
    }

    private static boolean decrypt(Context ctx) {
        String d = ctx.queryParam("decrypt");
        if (d == null || d.equalsIgnoreCase("false")) {
            return false;
        }
        if (d.equalsIgnoreCase("true")) {
            return true;
        }
        throw PlatformException.invalid("'decrypt' must be true or false");
    }

    private static UUID id(Context ctx, String project) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw PlatformException.notFound("no such credential entry in project '" + project + "'");
        }
    }

    private static Map<String, Object> version(KeyVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("created_at", v.createdAt() == null ? null : v.createdAt().toString());
        m.put("retired", v.retired());
        m.put("current", v.current());
        return m;
    }

    /** The only answer that carries a credential key: the admin who made it passes it to the clients that encrypt. */
    private static Map<String, Object> shownOnce(NewKey k) {
        return Map.of("version", k.version(), "key", k.key().toHex());
    }
}
