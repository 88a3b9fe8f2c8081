package org.flowvault.server.web.vaultconfig;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.usertoken.TokenStatus;
import org.flowvault.platform.vaultconfig.VaultConfigurationView;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/**
 * "My Vault tokens" (seed 000's Authenticate): for each configuration that uses users' own tokens,
 * the signed-in user's token status, a dialog to paste a token (register or replace) and Forget.
 * Admins also see every user's status. The token goes in once, in a password input, and is never
 * rendered back: the page shows only what {@link TokenStatus} holds.
 */
public final class TokenPages {
    /** Users listed per configuration on the admins' table; the rest are counted. */
    static final int ADMIN_ROWS = 50;

    private final Platform p;

    private TokenPages(Platform p) {
        this.p = p;
    }

    public static void register(Pages pages) {
        TokenPages t = new TokenPages(pages.platform());
        pages.get("/tokens", (ctx, viewer) -> t.page(ctx, 200, viewer, null, null));
        pages.post("/tokens/{name}", t::authenticate);
        pages.post("/tokens/{name}/forget", (ctx, viewer) -> {
            t.p.userTokens().remove(viewer.caller(), ctx.pathParam("name"));
            Pages.redirect(ctx, "/tokens?forgot=" + Pages.segment(ctx.pathParam("name")));
        });
    }

    private void authenticate(Context ctx, Viewer viewer) {
        String name = ctx.pathParam("name");
        String token = ctx.formParam("token");
        try {
            if (token == null || token.isBlank()) {
                throw PlatformException.invalidField("token", "paste your Vault token (e.g. from `vault print token`)");
            }
            if (token.strip().chars().anyMatch(c -> c <= 0x20 || c >= 0x7f) || token.length() > 4096) {
                throw PlatformException.invalidField("token", "a Vault token is printable ASCII without spaces, at most 4096 characters");
            }
            p.userTokens().register(viewer.caller(), name, token.strip());
            Pages.redirect(ctx, "/tokens?saved=" + Pages.segment(name));
        } catch (PlatformException e) {
            if (e.reason() != PlatformException.Reason.INVALID && e.reason() != PlatformException.Reason.UNAVAILABLE) {
                throw e;
            }
            // the dialog opens again with the message; the token is not put back into it
            page(ctx, e.reason() == PlatformException.Reason.INVALID ? 400 : 503, viewer, name, e.getMessage());
        }
    }

    private void page(Context ctx, int status, Viewer viewer, String errorFor, String error) {
        List<TokenRow> rows = new ArrayList<>();
        java.util.Map<String, TokenStatus> mineByConfig = new java.util.HashMap<>();
        p.userTokens().mine(viewer.caller()).forEach(s -> mineByConfig.put(s.configuration(), s));
        for (VaultConfigurationView v : p.vaultConfigs().list(viewer.caller())) {
            VaultConfiguration c = v.config();
            if (c.authMethod() != VaultConfiguration.AuthMethod.USER_TOKEN) {
                continue;
            }
            TokenStatus mine = mineByConfig.get(c.name());
            List<TokenStatus> everyone = null;
            int users = 0;
            if (viewer.admin()) {
                List<TokenStatus> all = p.userTokens().statuses(viewer.caller(), c.name());
                users = all.size();
                everyone = all.subList(0, Math.min(all.size(), ADMIN_ROWS));
            }
            rows.add(new TokenRow(c.name(), c.url().toString(), mine, everyone, users, c.name().equals(errorFor) ? error : null));
        }
        String notice = null;
        for (String[] kind : new String[][] {{"saved", "Your token for '%s' is registered."}, {"forgot", "Your token for '%s' is forgotten."}}) {
            String name = ctx.queryParam(kind[0]);
            if (name != null && rows.stream().anyMatch(r -> r.name().equals(name))) {
                notice = kind[1].formatted(name);
            }
        }
        Pages.render(ctx, status, viewer, "vaultconfig/tokens.jte", "rows", rows, "notice", notice, "error", error);
    }
}
