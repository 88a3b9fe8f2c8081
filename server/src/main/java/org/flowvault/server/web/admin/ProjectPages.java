package org.flowvault.server.web.admin;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowvault.platform.Platform;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.User;
import org.flowvault.server.web.Pages;
import org.flowvault.server.web.Viewer;

/** /admin/projects: create and delete projects; /admin/projects/{name}: add and remove members. */
final class ProjectPages {
    private ProjectPages() {
    }

    static void register(Pages pages) {
        Platform p = pages.platform();
        pages.get("/admin/projects", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            list(ctx, 200, viewer, p, "", "");
        });
        pages.post("/admin/projects", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            String name = AdminPages.form(ctx, "name");
            try {
                if (name.isEmpty()) {
                    throw PlatformException.invalidField("name", "enter a project name");
                }
                p.projects().create(viewer.caller(), name);
                Pages.redirect(ctx, "/admin/projects/" + Pages.segment(name));
            } catch (PlatformException e) {
                list(ctx, AdminPages.status(e), viewer, p, name, e.getMessage());
            }
        });
        pages.post("/admin/projects/{name}/delete", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            p.projects().delete(viewer.caller(), ctx.pathParam("name"));
            Pages.redirect(ctx, "/admin/projects");
        });
        pages.get("/admin/projects/{name}", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            members(ctx, 200, viewer, p, ctx.pathParam("name"), "");
        });
        pages.post("/admin/projects/{name}/members", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            String project = ctx.pathParam("name");
            try {
                String username = AdminPages.form(ctx, "username");
                if (username.isEmpty()) {
                    throw PlatformException.invalidField("username", "choose a user to add");
                }
                p.projects().addMember(viewer.caller(), project, username);
                Pages.redirect(ctx, "/admin/projects/" + Pages.segment(project));
            } catch (PlatformException e) {
                members(ctx, AdminPages.status(e), viewer, p, project, e.getMessage());
            }
        });
        pages.post("/admin/projects/{name}/members/{username}/delete", (ctx, viewer) -> {
            AdminPages.requireAdmin(viewer);
            String project = ctx.pathParam("name");
            p.projects().removeMember(viewer.caller(), project, ctx.pathParam("username"));
            Pages.redirect(ctx, "/admin/projects/" + Pages.segment(project));
        });
    }

    private static void list(Context ctx, int status, Viewer viewer, Platform p, String name, String error) {
        Pages.render(ctx, status, viewer, "admin/projects.jte", "projects", p.projects().list(viewer.caller()), "name", name, "error", error);
    }

    private static void members(Context ctx, int status, Viewer viewer, Platform p, String project, String error) {
        List<User> members = p.projects().members(viewer.caller(), project);
        Set<String> in = members.stream().map(User::username).collect(Collectors.toSet());
        List<String> others = p.users().list(viewer.caller()).stream().map(User::username).filter(u -> !in.contains(u)).toList();
        Pages.render(ctx, status, viewer, "admin/project.jte", "project", project, "members", members, "others", others, "error", error);
    }
}
