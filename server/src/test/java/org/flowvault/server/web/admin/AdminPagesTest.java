package org.flowvault.server.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.http.SessionCookie;
import org.flowvault.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin pages (users, projects and members) and the API key page in headless Chromium: what
 * is created is shown once and never again, markup in names renders inert, and a member reaches
 * none of the admin pages, direct URLs and forms with a valid CSRF token included.
 */
class AdminPagesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static ApiHarness h;
    private static ApiHarness.Session admin;
    private static ApiHarness.Session member;
    private static Browser b;

    @BeforeAll
    static void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
        member = h.member(admin, "member");
        b = Browser.open(h.api().address());
        b.signIn(admin.username(), admin.password());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anAdminCreatesAUserWithAGeneratedPasswordShownOnceThenDeletesThem() {
        String name = ApiHarness.random("carol");
        b.go("/admin/users");
        b.assertAccessible();
        b.find("#username").sendKeys(name);
        new Select(b.find("#role")).selectByValue("admin");
        b.find("#new-user button[type=submit]").click();
        String password = b.text("#generated-password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(b.find("tr[data-user='" + name + "']").getText()).contains("admin");
        b.assertAccessible();
        b.screenshot("admin-user-created");
        assertThat(h.login(name, password).token()).isNotEmpty();

        b.go("/admin/users");
        assertThat(b.driver().getPageSource()).doesNotContain(password);
        // a name taken is refused beside the field, the name kept, no password generated
        b.find("#username").sendKeys(name);
        b.find("#new-user button[type=submit]").click();
        assertThat(b.text("#username-error")).contains("already exists");
        assertThat(b.attribute("#username", "value")).isEqualTo(name);
        assertThat(b.all("#generated-password")).isEmpty();
        b.assertAccessible();
        b.screenshot("admin-user-taken");

        b.find("tr[data-user='" + name + "'] button.danger").click();
        b.driver().switchTo().alert().accept();
        b.waitFor(d -> b.all("tr[data-user='" + name + "']").isEmpty());
        assertThat(h.call("POST", "/api/v1/auth/login", null, java.util.Map.of("username", name, "password", password)).status())
                .isEqualTo(401);
    }

    @Test
    void anAdminCreatesAProjectAddsAndRemovesAMemberAndDeletesItAfterConfirming() {
        String project = ApiHarness.random("team");
        b.go("/admin/projects");
        b.find("#name").sendKeys(project);
        b.find("#new-project button[type=submit]").click();
        b.waitFor(d -> b.path().equals("/admin/projects/" + project));
        new Select(b.find("#username")).selectByVisibleText(member.username());
        b.find("#add-member button[type=submit]").click();
        b.waitFor(d -> !b.all("tr[data-member='" + member.username() + "']").isEmpty());
        b.assertAccessible();
        b.screenshot("admin-project-members");
        assertThat(h.expect(200, "GET", "/api/v1/projects/" + project + "/members", admin.token(), null).body())
                .contains(member.username());

        b.find("tr[data-member='" + member.username() + "'] button.danger").click();
        b.driver().switchTo().alert().accept();
        b.waitFor(d -> b.all("tr[data-member='" + member.username() + "']").isEmpty());
        assertThat(h.expect(200, "GET", "/api/v1/projects/" + project + "/members", admin.token(), null).body())
                .doesNotContain(member.username());

        b.go("/admin/projects");
        b.assertAccessible();
        b.screenshot("admin-projects");
        b.find("tr[data-project='" + project + "'] button.danger").click();
        b.driver().switchTo().alert().dismiss();
        assertThat(b.all("tr[data-project='" + project + "']")).hasSize(1);
        b.find("tr[data-project='" + project + "'] button.danger").click();
        b.driver().switchTo().alert().accept();
        b.waitFor(d -> b.all("tr[data-project='" + project + "']").isEmpty());
        h.expect(404, "GET", "/api/v1/projects/" + project + "/members", admin.token(), null);
    }

    @Test
    void anApiKeyIsShownOnceWorksAndIsNeverShownAgainAndItsNameRendersInert() {
        String name = "<script>window.pwned=1</script><img src=x>ci key";
        b.go("/api-keys");
        b.assertAccessible();
        b.find("#name").sendKeys(name);
        b.find("#new-api-key button[type=submit]").click();
        String key = b.find("#new-key").getText();
        assertThat(key).isNotBlank();
        assertThat(b.find("#api-keys .key-name").getText()).isEqualTo(name);
        assertThat(b.script("return window.pwned === undefined")).isEqualTo(true);
        assertThat(b.all("main img")).isEmpty();
        b.assertAccessible();
        b.screenshot("api-key-created");
        assertThat(h.expect(200, "GET", "/api/v1/me", key, null).body()).contains(admin.username());

        b.go("/api-keys");
        assertThat(b.driver().getPageSource()).doesNotContain(key);
        assertThat(b.all("#new-key")).isEmpty();
        assertThat(h.expect(200, "GET", "/api/v1/api-keys", admin.token(), null).body()).doesNotContain(key);

        b.find("#api-keys tbody tr button.danger").click();
        b.driver().switchTo().alert().accept();
        b.waitFor(d -> b.find("#api-keys tbody tr").getText().contains("revoked"));
        assertThat(h.call("GET", "/api/v1/me", key, null).status()).isEqualTo(401);
        b.screenshot("api-key-revoked");
    }

    @Test
    void aMemberReachesNoAdminPageNorFormEvenWithAValidCsrfToken() throws Exception {
        String project = h.project(admin, "guarded");
        for (String path : List.of("/admin/users", "/admin/projects", "/admin/projects/" + project)) {
            HttpResponse<String> r = page("GET", path, "");
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).as(path).contains("Not allowed").doesNotContain(admin.username()).doesNotContain(project + "</td>");
        }
        String victim = h.member(admin, "victim").username();
        for (String[] post : List.of(new String[] {"/admin/users", "username=intruder&role=admin&password=long-enough-pw"},
                new String[] {"/admin/users/" + victim + "/delete", ""},
                new String[] {"/admin/projects", "name=intruded"},
                new String[] {"/admin/projects/" + project + "/delete", ""},
                new String[] {"/admin/projects/" + project + "/members", "username=" + member.username()})) {
            assertThat(page("POST", post[0], post[1]).statusCode()).as(post[0]).isEqualTo(403);
        }
        assertThat(h.expect(200, "GET", "/api/v1/users", admin.token(), null).body()).contains(victim).doesNotContain("intruder");
        assertThat(h.expect(200, "GET", "/api/v1/projects/" + project + "/members", admin.token(), null).body())
                .doesNotContain(member.username());

        try (Browser mb = Browser.open(h.api().address())) {
            mb.signIn(member.username(), member.password());
            mb.go("/admin/users");
            assertThat(mb.find("[data-status]").getAttribute("data-status")).isEqualTo("403");
            assertThat(mb.all("header nav a[href='/admin/users']")).isEmpty();
            mb.assertAccessible();
            mb.screenshot("admin-member-refused");
            mb.go("/api-keys");
            assertThat(mb.find("h1").getText()).isEqualTo("API keys");
            assertThat(mb.driver().findElements(By.cssSelector("#api-keys tbody tr"))).isEmpty();
        }
    }

    /** A page request with the member's session cookie (and, for a POST, their valid CSRF token). */
    private static HttpResponse<String> page(String method, String path, String form) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(h.api().address() + path))
                .header("Cookie", SessionCookie.NAME + "=" + member.token());
        if (method.equals("POST")) {
            String csrf = SessionCookie.CSRF_FIELD + "=" + SessionCookie.csrfToken(member.token());
            r.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.isEmpty() ? csrf : form + "&" + csrf));
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
