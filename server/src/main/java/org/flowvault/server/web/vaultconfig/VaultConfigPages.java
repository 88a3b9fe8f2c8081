package org.flowvault.server.web.vaultconfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Project;
import org.flowvault.platform.naming.Names;
import org.flowvault.platform.usertoken.TokenStatus;
import org.flowvault.platform.vaultconfig.ConnectionReport;
import org.flowvault.platform.vaultconfig.VaultConfigurationView;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.server.vaultconfig.VaultConfigJson;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/**
 * Vault configurations in the browser: the list (with Test and, for admins, cache refresh per
 * configuration), a read-only detail page, and the admins' New and Edit forms. The forms go through
 * the same parsing and validation as the REST API ({@link VaultConfigJson}), so a rejected field is
 * shown beside its input with the platform's message. Credential inputs are write-only: rendered
 * empty, and an empty one keeps the stored value. Members see the configurations in scope of their
 * projects, read-only; the forms' URLs answer them 403. Registers {@link TokenPages} too.
 */
public final class VaultConfigPages {
    static final int PAGE_SIZE = 50;

    private final Platform p;
    private final TestOutcomes outcomes = new TestOutcomes();

    private VaultConfigPages(Platform p) {
        this.p = p;
    }

    public static void register(Pages pages) {
        TokenPages.register(pages);
        VaultConfigPages v = new VaultConfigPages(pages.platform());
        pages.get("/vault-configs", v::list);
        pages.post("/vault-configs", v::create);
        pages.get("/vault-configs/new", (ctx, viewer) -> {
            viewer.caller().requireAdmin("create vault configurations");
            v.form(ctx, 200, viewer, null, ConfigForm.blank(), FieldError.none());
        });
        pages.get("/vault-configs/{name}", v::detail);
        pages.post("/vault-configs/{name}", v::update);
        pages.get("/vault-configs/{name}/edit", (ctx, viewer) -> {
            viewer.caller().requireAdmin("change vault configurations");
            VaultConfigurationView c = v.p.vaultConfigs().get(viewer.caller(), ctx.pathParam("name"));
            v.form(ctx, 200, viewer, c, ConfigForm.of(c.config(), v.projectNames(viewer.caller())), FieldError.none());
        });
        pages.post("/vault-configs/{name}/delete", (ctx, viewer) -> {
            String name = ctx.pathParam("name");
            v.p.vaultConfigs().delete(viewer.caller(), name);
            Pages.redirect(ctx, "/vault-configs?deleted=" + Pages.segment(name));
        });
        pages.post("/vault-configs/{name}/test", v::test);
        pages.post("/vault-configs/{name}/refresh", (ctx, viewer) -> {
            Caller c = viewer.caller();
            // drops every identity's cached secrets of a configuration that may serve many projects: admins only
            c.requireAdmin("refresh a vault configuration's cache; refresh a connection instead");
            VaultConfigurationView view = v.p.vaultConfigs().get(c, ctx.pathParam("name"));
            v.p.secretCache().refreshConfiguration(view.config().id());
            Pages.redirect(ctx, "/vault-configs?refreshed=" + Pages.segment(view.config().name()));
        });
    }

    private void list(Context ctx, Viewer viewer) {
        List<VaultConfigurationView> all = p.vaultConfigs().list(viewer.caller());
        int pages = Math.max(1, (all.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(pageParam(ctx), pages);
        Map<UUID, String> names = projectNames(viewer.caller());
        Map<String, TokenStatus> tokens = myTokens(viewer);
        List<ConfigRow> rows = all.subList((page - 1) * PAGE_SIZE, Math.min(all.size(), page * PAGE_SIZE)).stream()
                .map(v -> row(v, names, tokens, viewer)).toList();
        Pages.render(ctx, viewer, "vaultconfig/list.jte", "rows", rows, "page", page, "pages", pages,
                "notice", notice(ctx));
    }

    private void detail(Context ctx, Viewer viewer) {
        VaultConfigurationView v = p.vaultConfigs().get(viewer.caller(), ctx.pathParam("name"));
        Pages.render(ctx, viewer, "vaultconfig/detail.jte", "row", row(v, projectNames(viewer.caller()), myTokens(viewer), viewer),
                "saved", ctx.queryParam("saved") != null);
    }

    private void create(Context ctx, Viewer viewer) {
        Caller c = viewer.caller();
        c.requireAdmin("create vault configurations");
        ConfigForm f = ConfigForm.submitted(ctx);
        try {
            ObjectNode b = f.json(ctx);
            VaultConfiguration config = VaultConfigJson.apply(b, VaultConfiguration.builder(), p, c).build();
            VaultConfigurationView created = p.vaultConfigs().create(c, config, VaultConfigJson.credentials(b));
            Pages.redirect(ctx, "/vault-configs/" + Pages.segment(created.config().name()) + "?saved");
        } catch (PlatformException e) {
            rejected(ctx, viewer, null, f, e);
        }
    }

    private void update(Context ctx, Viewer viewer) {
        Caller c = viewer.caller();
        c.requireAdmin("change vault configurations");
        VaultConfigurationView current = p.vaultConfigs().get(c, ctx.pathParam("name"));
        ConfigForm f = ConfigForm.submitted(ctx);
        try {
            ObjectNode b = f.json(ctx);
            VaultConfiguration changed = VaultConfigJson.apply(b, current.config().toBuilder(), p, c).build();
            var credentials = VaultConfigJson.credentials(b);
            VaultConfigurationView v = p.vaultConfigs().update(c, changed);
            if (b.has("credentials")) {
                v = p.vaultConfigs().setCredentials(c, changed.name(), credentials);
            }
            Pages.redirect(ctx, "/vault-configs/" + Pages.segment(v.config().name()) + "?saved");
        } catch (PlatformException e) {
            rejected(ctx, viewer, current, f, e);
        }
    }

    /** Shows the form again with the message beside its field; failures that are not about the input go to the error page. */
    private void rejected(Context ctx, Viewer viewer, VaultConfigurationView current, ConfigForm f, PlatformException e) {
        FieldError error = switch (e.reason()) {
            case INVALID -> FieldError.of(e);
            case CONFLICT -> new FieldError(e.field().orElse("name"), e.getMessage());
            case NOT_FOUND -> new FieldError("scope", e.getMessage()); // a scope project that is not there
            default -> throw e;
        };
        form(ctx, e.reason() == PlatformException.Reason.CONFLICT ? 409 : 400, viewer, current, f, error);
    }

    private void form(Context ctx, int status, Viewer viewer, VaultConfigurationView current, ConfigForm f, FieldError error) {
        String action = current == null ? "/vault-configs" : "/vault-configs/" + Pages.segment(current.config().name());
        Pages.render(ctx, status, viewer, "vaultconfig/form.jte", "form", f, "error", error, "action", action,
                "original", current == null ? null : current.config().name(), "credentials", current == null ? null : current.credentials(),
                "projects", viewer.projects());
    }

    private void test(Context ctx, Viewer viewer) {
        ConnectionReport r = p.vaults().test(viewer.caller(), ctx.pathParam("name"));
        VaultConfigurationView v = p.vaultConfigs().get(viewer.caller(), r.configuration());
        outcomes.put(v.config().id(), viewer.caller().userId(), r, p.clock().instant());
        Pages.redirect(ctx, "/vault-configs?tested=" + Pages.segment(v.config().name()));
    }

    /** The viewer's token statuses by configuration name, in one query rather than one per row. */
    private Map<String, TokenStatus> myTokens(Viewer viewer) {
        Map<String, TokenStatus> m = new HashMap<>();
        p.userTokens().mine(viewer.caller()).forEach(s -> m.put(s.configuration(), s));
        return m;
    }

    private ConfigRow row(VaultConfigurationView v, Map<UUID, String> projectNames, Map<String, TokenStatus> myTokens, Viewer viewer) {
        VaultConfiguration c = v.config();
        String scope;
        if (c.scope().platform()) {
            scope = "platform";
        } else {
            List<String> known = c.scope().projects().stream().map(projectNames::get).filter(java.util.Objects::nonNull).sorted().toList();
            int others = c.scope().projects().size() - known.size();
            // a member learns the names of their own projects only
            scope = String.join(", ", known) + (others == 0 ? "" : (known.isEmpty() ? "" : " and ") + others + " other project"
                    + (others == 1 ? "" : "s"));
        }
        TokenStatus mine = myTokens.get(c.name());
        String myToken = !c.authMethod().perUser() ? null : mine == null ? "none registered" : TokenRow.summary(mine);
        return new ConfigRow(c, ConfigForm.method(c.authMethod()), ConfigForm.kvVersion(c.kvVersion()), scope, v.credentials(),
                v.identity(), outcomes.get(c.id(), viewer.caller().userId()), myToken);
    }

    /** Names of the projects {@code caller} may know (admins: all), by id. */
    private Map<UUID, String> projectNames(Caller caller) {
        Map<UUID, String> m = new HashMap<>();
        for (Project project : p.projects().list(caller)) {
            m.put(project.id(), project.name());
        }
        return m;
    }

    /** The one-line notice after a redirect; only a well-formed configuration name is shown back. */
    private static String notice(Context ctx) {
        for (String[] kind : new String[][] {{"tested", "Tested"}, {"refreshed", "Refreshed the cache of"}, {"deleted", "Deleted"}}) {
            String name = ctx.queryParam(kind[0]);
            if (name != null && Names.problem(Names.Kind.VAULT_CONFIGURATION, name).isEmpty()) {
                return kind[1] + " vault configuration '" + name + "'.";
            }
        }
        return null;
    }

    static int pageParam(Context ctx) {
        String page = ctx.queryParam("page");
        if (page == null) {
            return 1;
        }
        if (!page.matches("[1-9][0-9]{0,5}")) {
            throw PlatformException.invalidField("page", "'page' must be a page number from 1");
        }
        return Integer.parseInt(page);
    }
}
