package org.flowvault.server.web.credential;

import io.javalin.http.Context;
import java.util.List;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.credential.Credentials;
import org.flowvault.platform.credential.KeyVersion;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/**
 * The credential vault's pages: the project's entries with every secret field masked, and the
 * create and edit forms. The forms never send a secret to these routes: {@code credential.js}
 * encrypts user name, password, TOTP secret and proxy in the browser (format v2) with the key the
 * person pastes, and posts the ciphertexts to the REST API. The server renders no ciphertext
 * either; an edit fetches the ones it keeps from the API.
 */
public final class CredentialPages {
    static final int PAGE_SIZE = 50;
    private static final String BASE = "/projects/{project}/credentials";

    private CredentialPages() {
    }

    public static void register(Pages pages) {
        Platform p = pages.platform();
        Credentials cr = p.credentials();
        pages.get(BASE, (ctx, viewer) -> {
            int page = page(ctx);
            // one row more than a page says whether there is a next one
            List<CredentialEntry> rows = cr.page(viewer.caller(), viewer.project(), page * PAGE_SIZE, PAGE_SIZE + 1);
            boolean canDecrypt = cr.canDecrypt(viewer.caller(), p.projects().requireUsable(viewer.caller(), viewer.project()));
            Pages.render(ctx, viewer, "credential/list.jte", "rows", rows.stream().limit(PAGE_SIZE).map(EntryRow::of).toList(),
                    "page", page, "more", rows.size() > PAGE_SIZE, "canDecrypt", canDecrypt);
        });
        pages.get(BASE + "/new", (ctx, viewer) -> form(ctx, viewer, cr, null));
        pages.get(BASE + "/{id}", (ctx, viewer) -> form(ctx, viewer, cr, cr.get(viewer.caller(), viewer.project(), id(ctx, viewer))));
        pages.post(BASE + "/{id}/delete", (ctx, viewer) -> {
            cr.delete(viewer.caller(), viewer.project(), id(ctx, viewer));
            Pages.redirect(ctx, "/projects/" + Pages.segment(viewer.project()) + "/credentials");
        });
    }

    /** The create form ({@code entry} null) or the edit form; the key version the browser encrypts under comes with it. */
    private static void form(Context ctx, Viewer viewer, Credentials cr, CredentialEntry entry) {
        int current = cr.keys().versions(viewer.caller(), viewer.project()).stream()
                .filter(KeyVersion::current).mapToInt(KeyVersion::version).findFirst().orElse(0);
        Pages.render(ctx, viewer, "credential/form.jte", "entry", entry == null ? null : EntryRow.of(entry), "keyVersion", current);
    }

    private static int page(Context ctx) {
        String text = ctx.queryParam("page");
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() <= 6 && text.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(text);
        }
        throw PlatformException.invalid("'page' must be a page number: 0 for the first page, 1 for the next, and so on");
    }

    private static UUID id(Context ctx, Viewer viewer) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw PlatformException.notFound("no such credential entry in project '" + viewer.project() + "'");
        }
    }
}
