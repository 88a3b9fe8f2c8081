package org.flowvault.server.web.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The connection pages in headless Chromium: a member builds a connection with the key-icon picker
 * and "Attach secret" (browsing Vault with her own token), saves, previews (sources shown, secrets
 * masked) and refreshes the cache; bad YAML, other projects' members and markup in values.
 */
class ConnectionPagesTest {
    private static PickerWorld w;
    private static Browser b;
    private static String signedIn;

    @BeforeAll
    static void start() {
        w = new PickerWorld();
        b = Browser.open(w.h.api().address());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (w != null) {
            w.close();
        }
    }

    @Test
    void aMemberBuildsAConnectionWithThePickerAndAttachSecretThenPreviewsItMaskedAndRefreshesItsCache() {
        as(w.alice);
        String name = ApiHarness.random("db");
        String flow = ApiHarness.random("report");
        w.h.expect(201, "POST", "/api/v1/projects/" + w.project + "/flows", w.alice.token(), Map.of("source",
                "name: " + flow + "\nsteps:\n  - id: q\n    connection: " + name + "\n    task: SQL\n    inputs: {execute: SELECT 1}\n"));

        b.go("/projects/" + w.project + "/connections");
        b.assertAccessible();
        b.find("button[data-open-dialog='new-connection']").click();
        b.find("#new-name").sendKeys(name);
        b.find("#new-type").sendKeys("SQL");
        b.assertAccessible();
        b.find("#new-connection button[type=submit]").click();
        b.waitFor(d -> b.path().equals("/projects/" + w.project + "/connections/" + name));

        WebElement value = b.find("#value");
        value.clear();
        value.sendKeys("host: db1\nuser: app\npassword: changeme\n");
        WebElement key = b.find("button[aria-label='Pick a Vault secret for password']");
        key.click();
        b.waitFor(d -> b.find("#picker").isDisplayed());
        assertThat(new Select(b.find("#picker-config")).getOptions()).extracting(WebElement::getText).containsExactly(w.config);
        open("secret/");
        waitForEntry(w.teamA + "/");
        assertThat(entryNames()).contains(w.teamA + "/").doesNotContain(w.teamB + "/");
        b.assertAccessible();
        b.screenshot("connection-picker-folders");
        open(w.teamA + "/");
        open("db");
        b.find("button.pick-key[data-key='password']");
        assertThat(b.find("#picker").getText()).doesNotContain(w.dbPassword);
        b.assertAccessible();
        b.screenshot("connection-picker-keys");
        b.find("button.pick-key[data-key='password']").click();
        b.waitFor(d -> !b.find("#picker").isDisplayed());
        String reference = "vault.secret(" + w.config + ":secret/" + w.teamA + "/db.password)";
        assertThat(b.find("#value").getDomProperty("value")).contains("password: " + reference).contains("host: db1");

        b.find("#attach-secret").click();
        b.waitFor(d -> b.find("#picker").isDisplayed());
        WebElement path = b.find("#picker-path");
        path.clear();
        path.sendKeys("secret/" + w.teamA + "/nested/api");
        b.find("#picker-go button[type=submit]").click();
        b.find("button.pick-attach").click();
        b.waitFor(d -> !b.find("#picker").isDisplayed());
        assertThat(b.find("#attached-secrets").getText()).contains(w.config + ":secret/" + w.teamA + "/nested/api");

        b.find("#save").click();
        b.waitFor(d -> b.path().endsWith("?saved"));
        JsonNode saved = w.h.expect(200, "GET", "/api/v1/projects/" + w.project + "/connections/" + name, w.alice.token(), null).json();
        assertThat(saved.get("value").asText()).contains("password: " + reference);
        assertThat(saved.get("vault_secrets").get(0).asText()).isEqualTo(w.config + ":secret/" + w.teamA + "/nested/api");

        b.find("#preview-button").click();
        b.waitFor(d -> !b.all("#preview-table tr[data-key='api_key']").isEmpty());
        assertThat(cell("password", "source")).contains("Vault reference").contains(w.config + ":secret/" + w.teamA + "/db");
        assertThat(cell("password", "masked-value")).isEqualTo(org.flowvault.platform.resolution.Preview.MASK);
        assertThat(cell("api_key", "source")).contains("Vault secret").contains("secret/" + w.teamA + "/nested/api");
        assertThat(cell("api_key", "masked-value")).isEqualTo(org.flowvault.platform.resolution.Preview.MASK);
        assertThat(cell("host", "source")).isEqualTo("the value");
        assertThat(cell("host", "masked-value")).isEqualTo("db1");
        b.assertAccessible();
        b.script("arguments[0].scrollIntoView()", b.find("#preview-table"));
        b.screenshot("connection-preview");

        b.find("#refresh-button").click();
        b.waitFor(d -> b.find("#preview-status").getText().startsWith("Cache refreshed"));

        String fetched = fetch("/api/v1/projects/" + w.project + "/connections/" + name + "/preview")
                + fetch("/api/v1/projects/" + w.project + "/vault-browse?config=" + w.config + "&path=secret/" + w.teamA + "/db")
                + fetch("/api/v1/projects/" + w.project + "/vault-browse?config=" + w.config + "&path=secret/" + w.teamA + "/nested/api");
        assertThat(fetched).contains("api_key").contains(org.flowvault.platform.resolution.Preview.MASK);
        for (String s : w.secrets) {
            assertThat(b.driver().getPageSource()).doesNotContain(s);
            assertThat(fetched).doesNotContain(s);
        }

        b.go("/projects/" + w.project + "/connections");
        WebElement row = b.find("#connections").findElement(By.xpath(".//tr[td/a[text()='" + name + "']]"));
        assertThat(row.getText()).contains("SQL").contains(w.config + ":secret/" + w.teamA + "/nested/api").contains(flow);
        b.screenshot("connection-list");
    }

    @Test
    void badYamlIsShownBesideTheValueWithItsLineAndColumnAndTheTextIsKept() {
        as(w.alice);
        String name = create(w.project, ApiHarness.random("yaml"), "host: db1\n", "");
        b.go("/projects/" + w.project + "/connections/" + name);
        WebElement value = b.find("#value");
        value.clear();
        value.sendKeys("host: db1\nport: [5432\nuser: app\n");
        b.find("#save").click();
        WebElement error = b.find("#value-error");
        assertThat(error.getText()).contains("line").contains("column");
        assertThat(b.find("#value").getDomAttribute("aria-describedby")).contains("value-error");
        assertThat(b.find("#value").getDomProperty("value")).contains("port: [5432");
        b.assertAccessible();
        b.screenshot("connection-bad-yaml");
        assertThat(w.h.expect(200, "GET", "/api/v1/projects/" + w.project + "/connections/" + name, w.alice.token(), null)
                .json().get("value").asText()).isEqualTo("host: db1\n");
    }

    @Test
    void aMemberOfAnotherProjectGetsTheNotFoundPageOnThisProjectsConnectionUrls() {
        String name = create(w.project, ApiHarness.random("private"), "host: db1\n", "");
        as(w.bob);
        for (String path : List.of("/projects/" + w.project + "/connections", "/projects/" + w.project + "/connections/" + name)) {
            b.go(path);
            assertThat(b.find("[data-status]").getDomAttribute("data-status")).as(path).isEqualTo("404");
            assertThat(b.driver().getPageSource()).doesNotContain(name);
        }
        b.assertAccessible();
        b.screenshot("connection-other-project");
        assertThat(fetchStatus("/api/v1/projects/" + w.project + "/vault-browse")).isEqualTo(404);
    }

    @Test
    void markupInADescriptionOrValueRendersAsTextAndAMarkupNameIsRefusedBesideTheField() {
        as(w.alice);
        String name = create(w.project, ApiHarness.random("xss"), "note: \"<script>window.pwned=2</script>\"\n",
                "<script>window.pwned=1</script>");
        b.go("/projects/" + w.project + "/connections/" + name);
        assertThat(b.find("#value").getDomProperty("value")).contains("<script>window.pwned=2</script>");
        assertThat(b.find("#description").getDomProperty("value")).isEqualTo("<script>window.pwned=1</script>");
        assertThat(b.script("return window.pwned === undefined")).isEqualTo(true);
        b.assertAccessible();

        b.go("/projects/" + w.project + "/connections");
        b.find("button[data-open-dialog='new-connection']").click();
        b.find("#new-name").sendKeys("<script>window.pwned=3</script>");
        b.find("#new-type").sendKeys("SQL");
        b.find("#new-connection button[type=submit]").click();
        WebElement error = b.find("#name-error");
        assertThat(error.getText()).contains("letters, digits").doesNotContain("<script>");
        assertThat(b.find("#new-connection").isDisplayed()).isTrue();
        assertThat(b.script("return window.pwned === undefined")).isEqualTo(true);
        b.assertAccessible();
        b.screenshot("connection-markup-refused");
    }

    @Test
    void theListPagesThroughManyConnections() {
        as(w.admin);
        String many = w.h.project(w.admin, "many");
        for (int i = 0; i < ConnectionPages.PAGE_SIZE + 3; i++) {
            create(many, String.format("c%03d", i), "", "");
        }
        b.go("/projects/" + many + "/connections");
        assertThat(b.all("#connections tbody tr")).hasSize(ConnectionPages.PAGE_SIZE);
        b.find("a[rel=next]").click();
        b.waitFor(d -> b.path().contains("after="));
        assertThat(b.all("#connections tbody tr")).extracting(WebElement::getText)
                .hasSize(3).allSatisfy(t -> assertThat(t).startsWith("c05"));
        assertThat(b.all("a[rel=next]")).isEmpty();
        b.assertAccessible();
        b.screenshot("connection-list-page-2");
    }

    // ---------------------------------------------------------------- helpers

    private static void as(ApiHarness.Session who) {
        if (!who.username().equals(signedIn)) {
            b.go("/signin");
            b.driver().manage().deleteAllCookies();
            b.signIn(who.username(), who.password());
            signedIn = who.username();
        }
    }

    private static String create(String project, String name, String value, String description) {
        w.h.expect(201, "POST", "/api/v1/projects/" + project + "/connections", w.admin.token(), Map.of(
                "name", name, "type", "SQL", "value", value, "description", description));
        return name;
    }

    /** Clicks the picker entry named {@code name} (a mount, folder or secret). */
    private static void open(String name) {
        waitForEntry(name);
        b.find("#picker-entries button.browse-entry[aria-label$=' " + name + "']").click();
    }

    private static void waitForEntry(String name) {
        b.waitFor(d -> entryNames().contains(name));
    }

    private static List<String> entryNames() {
        return b.all("#picker-entries button.browse-entry").stream().map(WebElement::getText).toList();
    }

    private static String cell(String key, String column) {
        return b.find("#preview-table tr[data-key='" + key + "'] td." + column).getText();
    }

    /** What the page's own script would get from {@code path}, with the browser's session. */
    private static String fetch(String path) {
        return (String) b.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('ERR ' + e));", path);
    }

    private static long fetchStatus(String path) {
        return (Long) b.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), e => done(-1));", path);
    }
}
