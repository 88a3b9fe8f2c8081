package org.flowvault.server.web.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The flow pages in a real browser: the YAML editor and its problems, version history, and the generated start form. */
class FlowPagesTest {
    private static ApiHarness h;
    private static ApiHarness.Session admin;
    private static ApiHarness.Session alice;
    private static String project;
    private static Browser b;

    @BeforeAll
    static void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        h.platform().startBackgroundJobs(Duration.ofMinutes(1));
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        project = h.project(admin, "flows");
        h.addMember(admin, project, alice);
        b = Browser.open(h.api().address());
        b.signIn(alice.username(), alice.password());
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
    void aBrokenDocumentShowsItsProblemsAtLineAndColumnAndKeepsTheText() {
        String name = ApiHarness.random("broken");
        b.go("/projects/" + project + "/flows");
        b.assertAccessible();
        String broken = "name: " + name + "\nsteps:\n  - id: a\n    task: TELEPORT\n";
        setSource(broken);
        b.find("#apply-flow").click();

        WebElement first = b.find("#source-error .problem-at");
        assertThat(first.getText()).matches("Line \\d+, column \\d+");
        assertThat(b.find("#source-error").getText()).contains("TELEPORT");
        assertThat(b.find("#source").getAttribute("value")).isEqualTo(broken);
        assertThat(b.find("#source").getAttribute("aria-describedby")).isEqualTo("source-error");
        first.click();
        assertThat(b.script("return document.activeElement.id")).isEqualTo("source");
        assertThat(((Number) b.script("return document.getElementById('source').selectionStart")).intValue())
                .as("the caret moves to the problem's line").isGreaterThan(0);
        b.assertAccessible();
        b.screenshot("flow-editor-problems");
        assertThat(h.call("GET", "/api/v1/projects/" + project + "/flows/" + name, alice.token(), null).status())
                .as("nothing was applied").isEqualTo(404);
    }

    @Test
    void applyingThroughTheEditorKeepsAVersionHistoryWhoseOlderVersionsCanBeViewed() {
        String name = ApiHarness.random("versions");
        b.go("/projects/" + project + "/flows");
        setSource(doc(name, "first"));
        b.find("#apply-flow").click();
        b.waitFor(d -> b.path().startsWith("/projects/" + project + "/flows/" + name));
        assertThat(b.find("#applied").getText()).contains("version 1");

        setSource(doc(name, "second"));
        b.find("#apply-flow").click();
        b.waitFor(d -> b.all("#versions tbody tr").size() == 2);
        assertThat(b.find("#applied").getText()).contains("version 2");
        assertThat(b.find("#source").getAttribute("value")).contains("second");

        b.find("#versions a[href$='version=1']").click();
        b.waitFor(d -> b.path().endsWith("version=1"));
        assertThat(b.find("#older-version").getText()).contains("version 1").contains("runs version 2");
        assertThat(b.find("#source").getAttribute("value")).contains("first").doesNotContain("second");
        b.assertAccessible();
        b.screenshot("flow-version-history");

        b.go("/projects/" + project + "/flows");
        assertThat(b.find("#flows").getText()).contains(name);
    }

    @Test
    void theStartFormHasAControlPerInputTypeAndARefusedStartKeepsValuesButNeverTheSensitiveOne() {
        String name = ApiHarness.random("typed");
        h.expect(201, "POST", "/api/v1/projects/" + project + "/flows", alice.token(), Map.of("source", """
                name: %s
                inputs:
                  region: {type: string, description: Where to run}
                  count: {type: integer, required: true}
                  ratio: number
                  dry_run: boolean
                  api_password: {type: string, required: true}
                  extra: object
                steps:
                  - id: ask
                    message:
                      subject: Continue?
                      fields:
                        - {name: ok, type: boolean}
                """.formatted(name)));
        b.go("/projects/" + project + "/flows/" + name);
        assertThat(b.find("#input-region").getAttribute("type")).isEqualTo("text");
        assertThat(b.find("#input-count").getAttribute("type")).isEqualTo("number");
        assertThat(b.find("#input-count").getAttribute("step")).isEqualTo("1");
        assertThat(b.find("#input-ratio").getAttribute("step")).isEqualTo("any");
        assertThat(b.find("#input-dry_run").getAttribute("type")).isEqualTo("checkbox");
        assertThat(b.find("#input-api_password").getAttribute("type")).as("a secret-looking name is sensitive").isEqualTo("password");
        assertThat(b.find("#input-extra").getTagName()).isEqualTo("textarea");
        b.assertAccessible();

        String secret = "pw-" + UUID.randomUUID();
        b.find("#input-region").sendKeys("eu-west");
        b.find("#input-count").sendKeys("2.5");
        b.find("#input-api_password").sendKeys(secret);
        b.find("#input-dry_run").click();
        b.find("#start-run-button").click();

        assertThat(b.find("#run-error").getText()).contains("count").contains("whole number");
        assertThat(b.find("#input-region").getAttribute("value")).isEqualTo("eu-west");
        assertThat(b.find("#input-dry_run").isSelected()).isTrue();
        assertThat(b.find("#input-api_password").getAttribute("value")).isEmpty();
        assertThat(b.driver().getPageSource()).doesNotContain(secret);
        b.assertAccessible();
        b.screenshot("flow-start-form-refused");

        b.find("#input-count").clear();
        b.find("#input-count").sendKeys("2");
        b.find("#input-api_password").sendKeys(secret);
        b.find("#start-run-button").click();
        b.waitFor(d -> b.path().startsWith("/projects/" + project + "/runs/"));
        String runId = b.path().substring(b.path().lastIndexOf('/') + 1);
        var run = h.expect(200, "GET", "/api/v1/runs/" + runId, alice.token(), null).json();
        assertThat(run.path("inputs").path("count").asLong()).isEqualTo(2);
        assertThat(run.path("inputs").path("dry_run").asBoolean()).isTrue();
        assertThat(run.path("inputs").path("region").asText()).isEqualTo("eu-west");
        assertThat(run.path("inputs").path("api_password").asText()).isEqualTo("****");
        assertThat(b.driver().getPageSource()).doesNotContain(secret);
    }

    @Test
    void aCredentialInputIsAPickerOfTheProjectsEntriesForItsDomainShowingIdsAndAliasesNeverValues() {
        String domain = "https://portal-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        var k = h.expect(201, "POST", "/api/v1/projects/" + project + "/credential-key", admin.token(), Map.of()).json();
        CredentialKey key = CredentialKey.fromHex(k.get("key").asText());
        String password = "portal-pw-" + UUID.randomUUID();
        String passwordCipher = null;
        for (String[] e : new String[][] {{domain, "user-123", "Ops account"}, {domain, "user-456", ""},
                {"https://other.example.com", "user-789", "Elsewhere"}}) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("domain", e[0]);
            body.put("permissioned_user_id", e[1]);
            if (!e[2].isEmpty()) {
                body.put("user_alias", e[2]);
            }
            body.put("user_name", FieldCipher.encrypt(key, k.get("version").asInt(), new FieldId(project, e[0], e[1], "user_name"), "\"bot\""));
            String cipher = FieldCipher.encrypt(key, k.get("version").asInt(), new FieldId(project, e[0], e[1], "password"), "\"" + password + "\"");
            passwordCipher = passwordCipher == null ? cipher : passwordCipher;
            body.put("password", cipher);
            h.expect(201, "POST", "/api/v1/projects/" + project + "/credentials", admin.token(), body);
        }
        String name = ApiHarness.random("portal");
        h.expect(201, "POST", "/api/v1/projects/" + project + "/flows", alice.token(), Map.of("source", """
                name: %s
                inputs:
                  login: {type: credential, domain: "%s"}
                steps:
                  - id: ask
                    message: {subject: "Continue?", fields: [{name: ok, type: boolean}]}
                """.formatted(name, domain)));

        b.go("/projects/" + project + "/flows/" + name);

        assertThat(b.all("#input-login option")).extracting(o -> o.getAttribute("value") + "=" + o.getText())
                .containsExactly("=Choose an entry", "user-123=user-123 (Ops account)", "user-456=user-456");
        assertThat(b.find("#input-login-hint").getText()).contains(domain);
        assertThat(b.driver().getPageSource()).doesNotContain(password).doesNotContain(passwordCipher).doesNotContain("user-789");
        b.assertAccessible();
        b.screenshot("flow-start-form-credential-picker");
        b.find("#input-login option[value='user-456']").click();
        b.find("#start-run-button").click();
        b.waitFor(d -> b.path().startsWith("/projects/" + project + "/runs/"));
        String runId = b.path().substring(b.path().lastIndexOf('/') + 1);
        assertThat(h.expect(200, "GET", "/api/v1/runs/" + runId, alice.token(), null).json().path("inputs").path("login").asText())
                .isEqualTo("user-456");
    }

    private static String doc(String name, String description) {
        return "name: " + name + "\ndescription: " + description + "\nsteps:\n  - id: ask\n    message:\n      subject: Go?\n"
                + "      fields:\n        - {name: ok, type: boolean}\n";
    }

    /** Types into the editor as a person would paste: the whole document at once. */
    private static void setSource(String text) {
        WebElement area = b.find("#source");
        b.script("arguments[0].value = arguments[1];", area, text);
    }
}
