package org.flowvault.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

/** Sign-in, the layout, sessions and the protections every page relies on, in a real browser and over HTTP. */
class WebUiFoundationTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static ApiHarness h;
    private static ApiHarness.Session admin;
    private static ApiHarness.Session alice;
    private static String project;
    private static String otherProject;

    @BeforeAll
    static void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        project = h.project(admin, "web");
        otherProject = h.project(admin, "secret-team");
        h.addMember(admin, project, alice);
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void signingInShowsTheUserTheRoleAndTheProjectsAndSigningOutEndsTheSession() throws Exception {
        try (Browser b = Browser.open(h.api().address())) {
            b.go("/");
            assertThat(b.path()).startsWith("/signin");
            b.assertAccessible();
            b.signIn(alice.username(), alice.password());
            assertThat(b.path()).isEqualTo("/");
            assertThat(b.find("#current-user").getText()).contains(alice.username()).contains("member");
            assertThat(b.all("#project-switch option")).extracting(e -> e.getText()).containsExactly(project);
            assertThat(b.text()).doesNotContain(otherProject).doesNotContain("Admin");
            b.assertAccessible();
            b.screenshot("home-member");

            Cookie session = b.driver().manage().getCookieNamed("fv_session");
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Strict");
            assertThat(b.script("return document.cookie")).isEqualTo("");

            b.find("form[action='/signout'] button").click();
            b.waitFor(d -> b.path().startsWith("/signin"));
            assertThat(get("/", session.getValue()).statusCode()).isEqualTo(303);
            assertThat(h.call("GET", "/api/v1/me", session.getValue(), null).status()).isEqualTo(401);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithoutEchoingIt() {
        try (Browser b = Browser.open(h.api().address())) {
            b.go("/signin");
            b.find("#username").sendKeys(alice.username());
            b.find("#password").sendKeys("wrong-secret-pw-123");
            b.find("form[action='/signin'] button").click();
            assertThat(b.find("#signin-error").getText()).contains("wrong");
            assertThat(b.driver().getPageSource()).doesNotContain("wrong-secret-pw-123");
            b.assertAccessible();
        }
    }

    @Test
    void theProjectSwitcherGoesToTheChosenProjectAndRefusesOthers() throws Exception {
        try (Browser b = Browser.open(h.api().address())) {
            b.signIn(alice.username(), alice.password());
            b.find("form.switcher button").click();
            b.waitFor(d -> b.path().startsWith("/projects/" + project + "/"));
            b.go("/switch-project?project=" + otherProject);
            assertThat(b.find("[data-status]").getAttribute("data-status")).isEqualTo("404");
            assertThat(b.text()).doesNotContain(otherProject);
        }
    }

    @Test
    void aSignInDestinationCannotLeaveTheServerAndMarkupInItRendersInert() throws Exception {
        String next = "/%3Cscript%3Ewindow.pwned%3D1%3C/script%3E";
        try (Browser b = Browser.open(h.api().address())) {
            b.go("/signin?next=" + next);
            assertThat(b.script("return window.pwned === undefined")).isEqualTo(true);
            b.signIn(admin.username(), admin.password());
            assertThat(b.script("return window.pwned === undefined")).isEqualTo(true);
        }
        for (String evil : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example"}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(h.api().address() + "/signin"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + admin.username() + "&password="
                            + java.net.URLEncoder.encode(admin.password(), java.nio.charset.StandardCharsets.UTF_8)
                            + "&next=" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue("/");
        }
    }

    @Test
    void stateChangingRequestsWithTheCookieButWithoutTheCsrfTokenAreRefused() throws Exception {
        String token = h.login(alice.username(), alice.password()).token();
        HttpResponse<String> noToken = send("POST", "/api/v1/api-keys", token, "{\"name\":\"k\"}", null);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        HttpResponse<String> wrongToken = send("POST", "/api/v1/api-keys", token, "{\"name\":\"k\"}", "forged");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = send("POST", "/api/v1/api-keys", token, "{\"name\":\"k\"}",
                org.flowvault.server.http.SessionCookie.csrfToken(token));
        assertThat(withToken.statusCode()).isEqualTo(201);

        HttpResponse<String> signOutForged = HTTP.send(HttpRequest.newBuilder(URI.create(h.api().address() + "/signout"))
                .header("Cookie", "fv_session=" + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=forged")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signOutForged.statusCode()).isEqualTo(403);
        assertThat(h.call("GET", "/api/v1/me", token, null).status()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesAStrictContentSecurityPolicyAndRefusesFraming() throws Exception {
        for (String path : new String[] {"/signin", "/", "/api/v1/health", "/no-such-page", "/static/app.js"}) {
            HttpResponse<String> r = get(path, null);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        HttpResponse<String> page = get("/no-such-page", null);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        HttpResponse<String> api = get("/api/v1/no-such-route", null);
        assertThat(api.statusCode()).isIn(401, 404);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(h.api().address() + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + alice.username() + "&password="
                        + java.net.URLEncoder.encode(alice.password(), java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("fv_session=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        HttpResponse<String> forwardedTls = HTTP.send(HttpRequest.newBuilder(URI.create(h.api().address() + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + alice.username() + "&password="
                        + java.net.URLEncoder.encode(alice.password(), java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forwardedTls.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
    }

    private static HttpResponse<String> get(String path, String sessionToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.api().address() + path)).GET();
        if (sessionToken != null) {
            b.header("Cookie", "fv_session=" + sessionToken);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String sessionToken, String body, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.api().address() + path))
                .header("Cookie", "fv_session=" + sessionToken).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
