package org.flowvault.server.web.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Vault configurations and "My Vault tokens" in headless Chromium against the embedded Vault: the
 * admin's forms (errors beside the field, write-only credentials), Test outcomes, cache refresh, the
 * Authenticate dialog with Replace and Forget, and what a member may and may not see.
 */
class VaultConfigPagesTest {
    private static ApiHarness h;
    private static ApiHarness.Session admin;
    private static ApiHarness.Session alice;
    private static String project;
    private static String readPolicy;
    private static Browser b;

    @BeforeAll
    static void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        project = h.project(admin, "web");
        h.addMember(admin, project, alice);
        readPolicy = ApiHarness.random("read");
        h.vaultPolicy(readPolicy, "path \"secret/data/*\" { capabilities = [\"read\"] }\n");
        b = Browser.open(h.api().address());
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
    void anAdminCreatesAConfigurationAuthenticatesWithTheirTokenAndTestsItOk() {
        as(admin);
        String name = ApiHarness.random("dev");
        b.go("/vault-configs");
        b.assertAccessible();
        b.find("#new-config").click();
        b.waitFor(d -> b.path().equals("/vault-configs/new"));
        b.assertAccessible();
        b.find("#name").sendKeys(name);
        b.find("#url").sendKeys(h.vaultAddress());
        b.find("#cache_ttl").clear();
        b.find("#cache_ttl").sendKeys("-5m");
        b.find("#save").click();

        // refused beside the field, the other values kept
        WebElement error = b.find("#cache_ttl-error");
        assertThat(error.getText()).contains("cache_ttl").contains("duration");
        assertThat(b.find("#cache_ttl").getAttribute("aria-describedby")).contains("cache_ttl-error");
        assertThat(b.find("#name").getAttribute("value")).isEqualTo(name);
        assertThat(b.all("#url-error")).isEmpty();
        b.assertAccessible();
        b.screenshot("vault-config-form-error");
        assertThat(h.platform().vaultConfigs().list(h.platform().authenticator().authenticate(admin.token())))
                .noneMatch(v -> v.config().name().equals(name));

        b.find("#cache_ttl").clear();
        b.find("#cache_ttl").sendKeys("30m");
        b.find("#save").click();
        b.waitFor(d -> b.path().startsWith("/vault-configs/" + name));
        assertThat(b.find("#notice").getText()).isEqualTo("Saved.");
        assertThat(b.find("#config-fields").getText()).contains(h.vaultAddress()).contains("user_token").contains("30m");
        b.assertAccessible();

        // before authenticating, the test says there is nothing to test with
        b.go("/vault-configs");
        testButton(name).click();
        assertThat(outcome(name)).isEqualTo("no credentials");
        assertThat(row(name).findElement(By.cssSelector(".my-token")).getText()).isEqualTo("none registered");

        String token = h.vaultToken(Duration.ofHours(1), readPolicy);
        authenticate(name, token);
        assertThat(b.find("#notice").getText()).contains("registered");
        WebElement status = b.find("section[data-config='" + name + "'] .token-status");
        assertThat(status.getAttribute("data-state")).isEqualTo("active");
        assertThat(status.getText()).contains("Expires at").contains("Renewable\nyes").contains(readPolicy);
        assertThat(b.find("table.all-tokens[data-config='" + name + "']").getText()).contains(admin.username()).contains("active");
        b.assertAccessible();

        b.go("/vault-configs");
        testButton(name).click();
        assertThat(outcome(name)).isEqualTo("OK");
        assertThat(row(name).getText()).contains("accepted the token you registered");
        assertThat(row(name).findElement(By.cssSelector(".my-token")).getText()).startsWith("active, expires ");
        b.assertAccessible();
        b.screenshot("vault-config-token-status");
        assertThat(b.driver().getPageSource()).doesNotContain(token);

        // Replace: a new token takes the old one's place; neither is ever rendered
        String replacement = h.vaultToken(Duration.ofHours(2), readPolicy);
        authenticate(name, replacement);
        assertThat(b.find("#open-auth-" + name).getText()).isEqualTo("Replace token");
        assertThat(b.driver().getPageSource()).doesNotContain(token).doesNotContain(replacement);
        b.screenshot("vault-config-tokens");

        // a token Vault does not know: the dialog opens again with the message, the bad token not put back
        b.find("#open-auth-" + name).click();
        b.find("#token-" + name).sendKeys("hvs.not-a-real-token-0123456789");
        b.find("#auth-" + name + " button[type=submit]").click();
        assertThat(b.find("#token-" + name + "-error").getText()).contains("rejected the token");
        assertThat(b.find("#auth-" + name).getAttribute("open")).isNotNull();
        assertThat(b.find("#token-" + name).getAttribute("value")).isEmpty();
        assertThat(b.driver().getPageSource()).doesNotContain("hvs.not-a-real-token-0123456789").doesNotContain(replacement);
        b.assertAccessible();
        b.find("#auth-" + name + " [data-close-dialog]").click();

        // Forget asks first, then the status is gone
        b.find("section[data-config='" + name + "'] form[action$='/forget'] button").click();
        b.driver().switchTo().alert().accept();
        b.waitFor(d -> b.path().startsWith("/tokens?forgot="));
        assertThat(b.find("section[data-config='" + name + "'] .token-status").getAttribute("data-state")).isEqualTo("none");
        assertThat(b.find("#open-auth-" + name).getText()).isEqualTo("Authenticate");
        b.assertAccessible();
    }

    @Test
    void anAppRoleConfigurationAtAClosedPortTestsUnreachableAndItsSecretIdIsNeverShownBack() throws IOException {
        as(admin);
        ApiHarness.AppRole role = h.appRole(readPolicy);
        String name = ApiHarness.random("approle");
        b.go("/vault-configs/new");
        b.find("#name").sendKeys(name);
        b.find("#url").sendKeys("http://127.0.0.1:" + closedPort());
        new Select(b.find("#auth_method")).selectByValue("approle");
        assertThat(b.find("#secret_id").isDisplayed()).isTrue();
        assertThat(b.find("#token").isDisplayed()).isFalse();
        b.find("#role_id").sendKeys(role.roleId());
        b.find("#secret_id").sendKeys(role.secretId());
        b.find("#scope-projects").click();
        b.find("input[name=scope_project][value='" + project + "']").click();
        b.assertAccessible();
        b.find("#save").click();
        b.waitFor(d -> b.path().startsWith("/vault-configs/" + name));
        assertThat(b.find("#credential-status").getText()).startsWith("complete");
        assertThat(b.find("#config-fields").getText()).contains(project).contains("auth/approle");

        b.go("/vault-configs");
        testButton(name).click();
        assertThat(outcome(name)).isEqualTo("unreachable");
        assertThat(row(name).getText()).contains("is unreachable");
        b.screenshot("vault-config-unreachable");

        // Edit shows every field but no credential; saving with them empty keeps them
        b.go("/vault-configs/" + name + "/edit");
        b.assertAccessible();
        assertThat(b.find("#secret_id").getAttribute("value")).isEmpty();
        assertThat(b.find("#role_id").getAttribute("value")).isEmpty();
        assertThat(b.find("label[for=secret_id]").getText()).contains("(set)");
        assertThat(b.driver().getPageSource()).doesNotContain(role.secretId()).doesNotContain(role.roleId());
        b.find("#namespace").sendKeys("team-a");
        b.find("#save").click();
        b.waitFor(d -> b.path().startsWith("/vault-configs/" + name + "?saved"));
        assertThat(b.find("#credential-status").getText()).startsWith("complete");
        assertThat(b.find("#config-fields").getText()).contains("team-a");
        assertThat(b.driver().getPageSource()).doesNotContain(role.secretId());

        // a bad URL on edit: beside the URL input, nothing saved
        b.go("/vault-configs/" + name + "/edit");
        b.find("#url").clear();
        b.find("#url").sendKeys("ftp://127.0.0.1:1");
        b.find("#save").click();
        assertThat(b.find("#url-error").getText()).contains("must use http or https");
        assertThat(b.driver().getPageSource()).doesNotContain(role.secretId());
        b.assertAccessible();

        // the cache refresh icon button, found by its accessible name
        b.go("/vault-configs");
        b.find("button[aria-label='Refresh cache of " + name + "']").click();
        assertThat(b.find("#notice").getText()).isEqualTo("Refreshed the cache of vault configuration '" + name + "'.");

        // delete asks first
        b.go("/vault-configs/" + name);
        b.find("form[action$='/delete'] button").click();
        b.driver().switchTo().alert().accept();
        b.waitFor(d -> b.path().startsWith("/vault-configs?deleted="));
        assertThat(b.all("tr[data-config='" + name + "']")).isEmpty();
    }

    @Test
    void aMemberSeesTheConfigurationsInScopeReadOnlyAndOnlyTheirOwnTokenStatus() {
        String mine = ApiHarness.random("team");
        String other = ApiHarness.random("hidden");
        String otherProject = h.project(admin, "other");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(),
                Map.of("name", mine, "url", h.vaultAddress(), "scope", List.of(project, otherProject)));
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(),
                Map.of("name", other, "url", h.vaultAddress(), "scope", List.of(otherProject)));
        String adminsToken = h.vaultToken(Duration.ofHours(1), readPolicy);
        h.expect(200, "PUT", "/api/v1/vault-configs/" + mine + "/token", admin.token(), Map.of("token", adminsToken));

        as(alice);
        b.go("/vault-configs");
        assertThat(b.all("tr[data-config='" + mine + "']")).hasSize(1);
        assertThat(b.text()).doesNotContain(other).doesNotContain(otherProject).contains("1 other project");
        assertThat(b.all("#new-config")).isEmpty();
        assertThat(b.all("a[href$='/edit']")).isEmpty();
        assertThat(b.all("button[aria-label^='Refresh cache']")).isEmpty();
        b.assertAccessible();
        b.screenshot("vault-config-member");

        for (String path : new String[] {"/vault-configs/new", "/vault-configs/" + mine + "/edit"}) {
            b.go(path);
            assertThat(b.find("[data-status]").getAttribute("data-status")).as(path).isEqualTo("403");
            assertThat(b.all("#config-form")).isEmpty();
        }
        b.go("/vault-configs/" + other);
        assertThat(b.find("[data-status]").getAttribute("data-status")).isEqualTo("404");
        b.go("/vault-configs/" + mine);
        assertThat(b.all("form[action$='/delete']")).isEmpty();
        assertThat(b.all("#credential-status")).isEmpty();
        b.assertAccessible();

        // the member's refresh or delete is refused even with a valid CSRF token
        b.go("/vault-configs");
        for (String action : new String[] {"refresh", "delete"}) {
            Object status = b.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/vault-configs/" + mine + "/" + action + "', {method: 'POST', body: new URLSearchParams({_csrf: flowvault.csrf()}),"
                    + " redirect: 'manual'}).then(r => done(r.status));");
            assertThat(((Number) status).intValue()).as(action).isEqualTo(403);
        }

        String token = h.vaultToken(Duration.ofHours(1), readPolicy);
        b.go("/tokens");
        assertThat(b.all("section[data-config='" + other + "']")).isEmpty();
        authenticate(mine, token);
        assertThat(b.find("section[data-config='" + mine + "'] .token-status").getAttribute("data-state")).isEqualTo("active");
        assertThat(b.all("table.all-tokens")).isEmpty();
        assertThat(b.text()).doesNotContain(admin.username());
        assertThat(b.driver().getPageSource()).doesNotContain(token).doesNotContain(adminsToken);
        b.assertAccessible();
        b.screenshot("vault-config-member-tokens");
    }

    @Test
    void aFormWithoutItsCsrfTokenChangesNothing() {
        as(admin);
        String name = ApiHarness.random("csrf");
        h.expect(201, "POST", "/api/v1/vault-configs", admin.token(), Map.of("name", name, "url", h.vaultAddress()));
        b.go("/vault-configs/" + name);
        Object status = b.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/vault-configs/" + name + "/delete', {method: 'POST', redirect: 'manual'}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        h.expect(200, "GET", "/api/v1/vault-configs/" + name, admin.token(), null);
    }

    @Test
    void markupInARefusedValueRendersAsTextBesideItsField() {
        as(admin);
        b.go("/vault-configs/new");
        b.find("#name").sendKeys(ApiHarness.random("inert"));
        b.find("#url").sendKeys(h.vaultAddress());
        b.find("#namespace").sendKeys("<script>window.pwned=1</script>");
        b.find("#save").click();
        assertThat(b.find("#namespace-error").getText()).contains("namespace").contains("is invalid");
        assertThat(b.find("#namespace").getAttribute("value")).isEqualTo("<script>window.pwned=1</script>");
        assertThat(b.script("return window.pwned === undefined")).isEqualTo(true);
        assertThat(b.all("main script")).isEmpty();
        b.assertAccessible();
    }

    @Test
    void theApiNamesTheRefusedFieldSoAFormCanShowItBesideTheInput() {
        record Case(Map<String, Object> body, String field) {
        }
        for (Case c : List.of(
                new Case(Map.of("name", "x", "url", "ftp://127.0.0.1:1"), "url"),
                new Case(Map.of("name", "x", "url", h.vaultAddress(), "cache_ttl", "-5"), "cache_ttl"),
                new Case(Map.of("name", "x", "url", h.vaultAddress(), "renewal_threshold", 0), "renewal_threshold"),
                new Case(Map.of("name", "x", "url", h.vaultAddress(), "kv_mount", "../sys"), "kv_mount"),
                new Case(Map.of("name", "x", "url", h.vaultAddress(), "auth_method", "approle",
                        "credentials", Map.of("token", "hvs.secret-token-value")), "credentials"),
                new Case(Map.of("name", "bad name", "url", h.vaultAddress()), "name"))) {
            ApiHarness.Reply r = h.expect(400, "POST", "/api/v1/vault-configs", admin.token(), c.body());
            assertThat(r.json().at("/error/field").asText()).as(c.body().toString()).isEqualTo(c.field());
            assertThat(r.body()).doesNotContain("hvs.secret-token-value");
        }
    }

    /** Signs the one browser in as {@code user}, dropping the previous session. */
    private static void as(ApiHarness.Session user) {
        b.go("/signin");
        b.driver().manage().deleteAllCookies();
        b.signIn(user.username(), user.password());
    }

    /** Opens the Authenticate dialog of {@code config} on /tokens and saves {@code token} there. */
    private static void authenticate(String config, String token) {
        b.go("/tokens");
        b.find("#open-auth-" + config).click();
        WebElement dialog = b.find("#auth-" + config);
        b.waitFor(d -> dialog.getAttribute("open") != null);
        b.assertAccessible();
        b.find("#token-" + config).sendKeys(token);
        b.find("#auth-" + config + " button[type=submit]").click();
        b.waitFor(d -> b.path().startsWith("/tokens?saved=") || !b.all("#token-" + config + "-error").isEmpty());
    }

    private static WebElement row(String config) {
        return b.find("tr[data-config='" + config + "']");
    }

    private static WebElement testButton(String config) {
        return row(config).findElement(By.cssSelector("form[action$='/test'] button"));
    }

    private static String outcome(String config) {
        b.waitFor(d -> b.path().startsWith("/vault-configs?tested="));
        return row(config).findElement(By.cssSelector("[data-outcome]")).getText();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
