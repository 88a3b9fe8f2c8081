package org.flowvault.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 11's journey in one browser, every step through the pages: an admin creates a vault
 * configuration, tests it, authenticates with a Vault token in the popup, builds a connection with
 * "Attach secret" and the key-icon picker, previews it masked, refreshes its cache, applies a flow
 * using it, starts a run, answers its form and watches it succeed live with its output masked.
 */
class AdminJourneyTest {
    private static ApiHarness h;
    private static ApiHarness.Session admin;
    private static String project;
    private static String prefix;
    private static String servicePassword;
    private static String vaultToken;
    private static HttpServer service;
    private static final List<String> SECRETS = new ArrayList<>();
    private static Browser b;

    @BeforeAll
    static void start() throws Exception {
        h = ApiHarness.open(Database.Dialect.H2);
        h.platform().startBackgroundJobs(Duration.ofMinutes(1));
        admin = h.bootstrapAdmin();
        project = h.project(admin, "journey");
        ApiHarness.Reply joined = h.call("POST", "/api/v1/projects/" + project + "/members", admin.token(),
                Map.of("username", admin.username()));
        assertThat(joined.status()).as("%s", joined).isIn(204, 409);

        // one KV subtree the admin's token may list and read, and a secret written there beforehand
        prefix = ApiHarness.random("team");
        servicePassword = "svc-pw-" + UUID.randomUUID();
        h.vaultSecret(prefix + "/api", Map.of("username", "svc", "password", servicePassword));
        String policy = ApiHarness.random("journey");
        h.vaultPolicy(policy, "path \"secret/metadata/\" { capabilities = [\"list\"] }\n"
                + "path \"secret/metadata/" + prefix + "/*\" { capabilities = [\"list\"] }\n"
                + "path \"secret/data/" + prefix + "/*\" { capabilities = [\"read\"] }\n");
        vaultToken = h.vaultToken(Duration.ofHours(4), policy);
        SECRETS.addAll(List.of(servicePassword, vaultToken, admin.password(), admin.token()));

        service = basicAuthEcho("svc", servicePassword);
        b = Browser.open(h.api().address());
        b.signIn(admin.username(), admin.password());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (service != null) {
            service.stop(0);
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anAdminGoesFromAVaultConfigurationToASucceededRunWithItsOutputMaskedWithoutLeavingTheBrowser() {
        String config = ApiHarness.random("vault");
        String connection = ApiHarness.random("svc");
        String flow = ApiHarness.random("call");

        // 1. a new vault configuration through the form, scoped to the project
        b.go("/vault-configs");
        step("journey-01-vault-configs");
        b.find("#new-config").click();
        b.waitFor(d -> b.path().equals("/vault-configs/new"));
        b.find("#name").sendKeys(config);
        b.find("#url").sendKeys(h.vaultAddress());
        b.find("#scope-projects").click();
        b.find("input[name=scope_project][value='" + project + "']").click();
        step("journey-02-vault-config-form");
        b.find("#save").click();
        b.waitFor(d -> b.path().startsWith("/vault-configs/" + config));
        assertThat(b.find("#notice").getText()).isEqualTo("Saved.");
        assertThat(b.find("#config-fields").getText()).contains(h.vaultAddress()).contains(project);
        step("journey-03-vault-config-saved");

        // 2. Test: nothing to test with yet
        b.go("/vault-configs");
        testButton(config).click();
        assertThat(outcome(config)).isEqualTo("no credentials");

        // 3. Authenticate in the popup with the Vault token; the test then passes with it
        b.go("/tokens");
        b.find("#open-auth-" + config).click();
        WebElement dialog = b.find("#auth-" + config);
        b.waitFor(d -> dialog.getAttribute("open") != null);
        b.find("#token-" + config).sendKeys(vaultToken);
        step("journey-04-authenticate-popup");
        b.find("#auth-" + config + " button[type=submit]").click();
        b.waitFor(d -> b.path().startsWith("/tokens?saved="));
        assertThat(b.find("section[data-config='" + config + "'] .token-status").getAttribute("data-state")).isEqualTo("active");
        step("journey-05-token-registered");
        b.go("/vault-configs");
        testButton(config).click();
        // Test asks Vault for the token's capabilities on the mount root (secret/data/); a token limited
        // to one subtree has none there, so Test reports permission denied although the token works below
        assertThat(outcome(config)).isEqualTo("permission denied");
        assertThat(row(config).getText()).doesNotContain("no credentials");
        assertThat(row(config).findElement(By.cssSelector(".my-token")).getText()).startsWith("active, expires ");
        step("journey-06-vault-config-tested");

        // 4. a connection: the key icon puts a Vault reference on the password, Attach secret adds the secret
        b.go("/projects/" + project + "/connections");
        b.find("button[data-open-dialog='new-connection']").click();
        b.find("#new-name").sendKeys(connection);
        b.find("#new-type").sendKeys("HTTP");
        step("journey-07-new-connection");
        b.find("#new-connection button[type=submit]").click();
        b.waitFor(d -> b.path().equals("/projects/" + project + "/connections/" + connection));
        WebElement value = b.find("#value");
        value.clear();
        value.sendKeys("url: " + serviceUrl() + "\nauth: basic\nusername: svc\npassword: changeme\n");
        b.find("button[aria-label='Pick a Vault secret for password']").click();
        b.waitFor(d -> b.find("#picker").isDisplayed());
        open("secret/");
        open(prefix + "/");
        open("api");
        b.find("button.pick-key[data-key='password']");
        step("journey-08-picker-keys");
        b.find("button.pick-key[data-key='password']").click();
        b.waitFor(d -> !b.find("#picker").isDisplayed());
        String reference = "vault.secret(" + config + ":secret/" + prefix + "/api.password)";
        assertThat(b.find("#value").getDomProperty("value")).contains("password: " + reference);

        b.find("#attach-secret").click();
        b.waitFor(d -> b.find("#picker").isDisplayed());
        WebElement path = b.find("#picker-path");
        path.clear();
        path.sendKeys("secret/" + prefix + "/api");
        b.find("#picker-go button[type=submit]").click();
        b.find("button.pick-attach").click();
        b.waitFor(d -> !b.find("#picker").isDisplayed());
        assertThat(b.find("#attached-secrets").getText()).contains(config + ":secret/" + prefix + "/api");
        b.find("#save").click();
        b.waitFor(d -> b.path().endsWith("?saved"));

        // 5. preview: the password comes from Vault and is masked; then refresh the cache
        b.find("#preview-button").click();
        b.waitFor(d -> !b.all("#preview-table tr[data-key='password']").isEmpty());
        assertThat(cell("password", "source")).contains("Vault");
        assertThat(cell("password", "masked-value")).as("masked, not the value").isEqualTo(org.flowvault.platform.resolution.Preview.MASK);
        assertThat(cell("url", "source")).isEqualTo("the value");
        assertThat(cell("url", "masked-value")).isEqualTo(serviceUrl());
        b.script("arguments[0].scrollIntoView()", b.find("#preview-table"));
        step("journey-09-connection-preview");
        b.find("#refresh-button").click();
        b.waitFor(d -> b.find("#preview-status").getText().startsWith("Cache refreshed"));

        // 6. the flow editor: a call through the connection, then a message form
        b.go("/projects/" + project + "/flows");
        b.script("arguments[0].value = arguments[1];", b.find("#source"), """
                name: %s
                inputs:
                  ticket: string
                steps:
                  - {id: call, connection: %s}
                  - id: ask
                    message:
                      subject: Approve the call
                      fields:
                        - {name: approver, type: string, label: Approver, required: true}
                outputs:
                  status: ${{ steps.call.outputs.status }}
                  echoed: ${{ steps.call.outputs.json.password }}
                  approver: ${{ steps.ask.outputs.approver }}
                """.formatted(flow, connection));
        step("journey-10-flow-editor");
        b.find("#apply-flow").click();
        b.waitFor(d -> b.path().startsWith("/projects/" + project + "/flows/" + flow));
        assertThat(b.find("#applied").getText()).contains("version 1");

        // 7. the start form, then the run page: answer its form and watch it succeed in place
        b.find("#input-ticket").sendKeys("OPS-1");
        step("journey-11-start-form");
        b.find("#start-run-button").click();
        b.waitFor(d -> b.path().matches("/projects/" + project + "/runs/[0-9a-f-]{36}"));
        b.script("window.samePageMarker = 'journey';");
        b.waitFor(d -> "waiting for input".equals(textOf("#run-status")) && b.find("#run-form-section").isDisplayed());
        assertThat(b.find("#run-form-heading").getText()).isEqualTo("Approve the call");
        assertThat(textOf("#run-steps li[data-step='call'] .step-state")).isEqualTo("done");
        step("journey-12-run-waiting");
        b.find("#form-field-0").sendKeys("carol");
        b.find("#run-form-submit").click();
        b.waitFor(d -> "succeeded".equals(textOf("#run-status")));
        assertThat(b.script("return window.samePageMarker")).as("the page updated live, no navigation").isEqualTo("journey");
        assertThat(output("status")).isEqualTo("200");
        assertThat(output("echoed")).as("the password the service echoed back").isEqualTo("****");
        assertThat(output("approver")).isEqualTo("carol");
        step("journey-13-run-succeeded");
    }

    // ---------------------------------------------------------------- helpers

    /** At every step: axe finds nothing, no secret is in the page, and a screenshot is kept. */
    private static void step(String screenshot) {
        b.assertAccessible();
        String page = b.driver().getPageSource();
        for (String secret : SECRETS) {
            assertThat(page).as("%s shows no secret", screenshot).doesNotContain(secret);
        }
        b.screenshot(screenshot);
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

    /** Clicks the picker entry named {@code name} (a mount, folder or secret) once it is listed. */
    private static void open(String name) {
        b.waitFor(d -> b.all("#picker-entries button.browse-entry").stream().map(WebElement::getText).anyMatch(name::equals));
        b.find("#picker-entries button.browse-entry[aria-label$=' " + name + "']").click();
    }

    private static String cell(String key, String column) {
        return b.find("#preview-table tr[data-key='" + key + "'] td." + column).getText();
    }

    private static String output(String name) {
        return textOf("#run-outputs tr[data-output='" + name + "'] td");
    }

    /** The text of {@code css} read in one step: the live page replaces elements as the run moves. */
    private static String textOf(String css) {
        Object t = b.script("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;", css);
        return t == null ? "" : t.toString();
    }

    private static String serviceUrl() {
        return "http://127.0.0.1:" + service.getAddress().getPort() + "/echo";
    }

    /** A service requiring basic authentication that echoes the password back, so the output must be masked. */
    private static HttpServer basicAuthEcho(String user, String password) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        s.createContext("/echo", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                boolean ok = expected.equals(ex.getRequestHeaders().getFirst("Authorization"));
                byte[] body = (ok ? "{\"password\": \"" + password + "\"}" : "{\"error\": \"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(ok ? 200 : 401, body.length);
                ex.getResponseBody().write(body);
            }
        });
        s.start();
        return s;
    }
}
