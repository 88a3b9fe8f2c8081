package org.flowvault.server.web.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.http.SessionCookie;
import org.flowvault.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The credential vault pages in headless Chromium, behind a proxy that records every byte the
 * browser sends and receives: values are encrypted in the browser (the SDK decrypts what arrived,
 * proving the byte layout), edits keep what is left empty, TOTP codes match RFC 6238 and count
 * down, and no page or fetched answer carries a secret.
 */
class CredentialPagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** RFC 6238's test secret "12345678901234567890" in base32. */
    private static final String TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final byte[] TOTP_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static ApiHarness h;
    private static ApiHarness.Session admin;
    private static ApiHarness.Session alice;
    private static ApiHarness.Session bob;
    private static String project;
    private static String keyHex;
    private static RecordingProxy proxy;
    private static Browser b;

    @BeforeAll
    static void start() throws Exception {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
        alice = h.member(admin, "alice");
        bob = h.member(admin, "bob");
        project = h.project(admin, "vault");
        h.addMember(admin, project, alice);
        h.addMember(admin, h.project(admin, "elsewhere"), bob);
        h.expect(200, "PUT", "/api/v1/projects/" + project + "/members/" + alice.username(), admin.token(),
                Map.of("can_decrypt_credentials", true));
        keyHex = h.expect(201, "POST", "/api/v1/projects/" + project + "/credential-key", admin.token(), Map.of()).json().get("key").asText();
        proxy = new RecordingProxy(h.api().address());
        b = Browser.open(proxy.address());
        b.signIn(alice.username(), alice.password());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anEntryIsEncryptedInTheBrowserSoTheServerReceivesOnlyCiphertextsTheSdkDecrypts() throws Exception {
        String domain = "https://portal.example.com";
        String userId = "customer-17";
        String alias = "<script>window.pwned=1</script>Ann <b>bold</b>";
        Map<String, String> secrets = Map.of("user_name", "ann.user@example.com", "password", "Pa55-wörd-\"quoted\"",
                "tfa_secret", TOTP_BASE32, "proxy", "http://proxyuser:proxypass-42@proxy.example.com:3128");
        int before = proxy.exchanges().size();

        b.go("/projects/" + project + "/credentials/new");
        b.assertAccessible();
        b.find("#domain").sendKeys(domain);
        b.find("#permissioned_user_id").sendKeys(userId);
        b.find("#user_alias").sendKeys(alias);
        secrets.forEach((field, value) -> b.find("#" + field).sendKeys(value));
        new Select(b.find("#tfa_method")).selectByValue("AUTHENTICATOR");
        b.find("#save").click();
        // without the key nothing is sent: the message sits beside the key field
        b.waitFor(d -> !b.find("#credential-key-error").getText().isEmpty());
        assertThat(b.find("#credential-key-error").getText()).contains("64 hex");
        assertThat(b.find("#credential-key").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(proxy.exchanges().subList(before, proxy.exchanges().size())).noneMatch(e -> e.path().startsWith("/api/"));
        b.assertAccessible();
        b.screenshot("credential-new-key-missing");

        b.find("#credential-key").sendKeys(keyHex);
        b.find("#save").click();
        b.waitFor(d -> b.path().equals("/projects/" + project + "/credentials"));

        List<RecordingProxy.Exchange> sent = proxy.exchanges().subList(before, proxy.exchanges().size());
        RecordingProxy.Exchange post = sent.stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/api/v1/projects/" + project + "/credentials")).findFirst().orElseThrow();
        assertThat(post.status()).isEqualTo(201);
        JsonNode body = JSON.readTree(post.requestBody());
        CredentialKey key = CredentialKey.fromHex(keyHex);
        for (var s : secrets.entrySet()) {
            String stored = body.get(s.getKey()).asText();
            assertThat(stored).startsWith("v2:1:");
            assertThat(FieldCipher.decrypt(key, new FieldId(project, domain, userId, s.getKey()), stored))
                    .isEqualTo(JSON.writeValueAsString(s.getValue()));
        }
        assertThat(body.get("user_alias").asText()).isEqualTo(alias);
        assertNoSecretIn(sent, secrets.values());

        // the platform decrypts what the browser made, with the key it holds
        String id = JSON.readTree(post.responseBody()).get("id").asText();
        JsonNode decrypted = h.expect(200, "GET", "/api/v1/projects/" + project + "/credentials/" + id + "?decrypt=true", admin.token(), null)
                .json();
        secrets.forEach((field, value) -> assertThat(decrypted.get(field).asText()).isEqualTo(value));

        WebElement row = b.find("tr[data-entry='" + id + "']");
        assertThat(row.findElement(By.cssSelector(".alias")).getText()).isEqualTo(alias);
        assertThat(b.script("return window.pwned === undefined")).isEqualTo(true);
        assertThat(row.getText()).contains(domain, userId, "AUTHENTICATOR", "1 run", "never", "****");
        assertThat(b.driver().getPageSource()).doesNotContain(body.get("password").asText().substring(5, 40));
        assertNoSecretIn(List.of(), secrets.values());
        b.assertAccessible();
        b.screenshot("credential-list");
    }

    @Test
    void editingReplacesTheValuesTypedAndKeepsTheOnesLeftEmpty() throws Exception {
        String domain = "https://edit.example.com";
        String userId = "edit-user";
        String id = createEntry(domain, userId, "kept-user-name", "old-password-1", null);
        int before = proxy.exchanges().size();

        b.go("/projects/" + project + "/credentials/" + id);
        assertThat(b.find("#domain").getAttribute("value")).isEqualTo(domain);
        assertThat(b.find("#domain").getAttribute("readonly")).isNotNull();
        assertThat(b.find("#password").getAttribute("value")).isEmpty();
        b.assertAccessible();
        b.screenshot("credential-edit");
        b.find("#credential-key").sendKeys(keyHex);
        b.find("#password").sendKeys("new-password-2");
        b.find("#user_alias").sendKeys("Edited");
        b.find("#allow_multiple_sessions").click();
        b.find("#max_concurrency").sendKeys("3");
        b.find("#save").click();
        b.waitFor(d -> b.path().equals("/projects/" + project + "/credentials"));

        JsonNode e = h.expect(200, "GET", "/api/v1/projects/" + project + "/credentials/" + id + "?decrypt=true", admin.token(), null).json();
        assertThat(e.get("user_name").asText()).isEqualTo("kept-user-name");
        assertThat(e.get("password").asText()).isEqualTo("new-password-2");
        assertThat(e.get("user_alias").asText()).isEqualTo("Edited");
        assertThat(e.get("max_concurrency").asInt()).isEqualTo(3);
        assertThat(b.find("tr[data-entry='" + id + "']").getText()).contains("3 runs");
        assertNoSecretIn(proxy.exchanges().subList(before, proxy.exchanges().size()), List.of("new-password-2", "kept-user-name", "old-password-1"));
    }

    @Test
    void aKeyThatDoesNotOpenTheStoredValuesIsRefusedBeforeAnythingIsSent() {
        String id = createEntry("https://wrong-key.example.com", "wk", "wk-user", "wk-password", null);
        b.go("/projects/" + project + "/credentials/" + id);
        b.find("#credential-key").sendKeys(CredentialKey.generate().toHex());
        b.find("#password").sendKeys("never-sent-password");
        int before = proxy.exchanges().size();
        b.find("#save").click();
        b.waitFor(d -> !b.find("#credential-key-error").getText().isEmpty());
        assertThat(b.find("#credential-key-error").getText()).contains("does not open");
        assertThat(proxy.exchanges().subList(before, proxy.exchanges().size())).noneMatch(x -> x.method().equals("PUT"));
        assertThat(b.path()).endsWith(id);
        b.assertAccessible();
        b.screenshot("credential-edit-wrong-key");
    }

    @Test
    void theTotpCodeMatchesRfc6238CountsDownAndRenewsWhenItsPeriodEndsWithoutShowingTheSecret() throws Exception {
        String domain = "https://totp.example.com";
        String id = createEntry(domain, "totp-user", "t0tp-login-name", "t0tp-login-pw", TOTP_BASE32);
        // five seconds before the period ends: the countdown and the renewal both happen within the test
        long now = h.clock().instant().getEpochSecond();
        h.clock().advance(Duration.ofSeconds(((25 - now % 30) + 30) % 30));
        long step = h.clock().instant().getEpochSecond() / 30;
        int before = proxy.exchanges().size();

        b.go("/projects/" + project + "/credentials");
        b.find("tr[data-entry='" + id + "'] .totp-show").click();
        WebElement code = b.find("#totp-" + id + " .totp-code");
        b.waitFor(d -> !code.getText().isEmpty());
        assertThat(code.getText()).isEqualTo(rfc6238(step));
        WebElement left = b.find("#totp-" + id + " .totp-left");
        b.waitFor(d -> "5".equals(left.getAttribute("data-left")) || "4".equals(left.getAttribute("data-left")));
        b.waitFor(d -> "3".equals(left.getAttribute("data-left")));
        assertThat(left.getText()).containsPattern("valid for [0-3] s"); // read a moment after the 3: a busy machine may have ticked on
        b.assertAccessible();
        b.screenshot("credential-totp");

        h.clock().advance(Duration.ofSeconds(30));
        b.waitFor(d -> code.getText().equals(rfc6238(step + 1)));
        assertThat(proxy.exchanges().subList(before, proxy.exchanges().size()).stream()
                .filter(x -> x.path().contains("/credentials/totp")).count()).isGreaterThanOrEqualTo(2);
        assertNoSecretIn(proxy.exchanges().subList(before, proxy.exchanges().size()), List.of(TOTP_BASE32, "t0tp-login-name", "t0tp-login-pw"));
        b.find("tr[data-entry='" + id + "'] .totp-show").click();
    }

    @Test
    void aMemberOfAnotherProjectSeesNothingOfTheEntriesDirectUrlsIncluded() throws Exception {
        String domain = "https://hidden.example.com";
        String id = createEntry(domain, "hidden-user", "h-user", "h-password", null);
        for (String path : List.of("/projects/" + project + "/credentials", "/projects/" + project + "/credentials/new",
                "/projects/" + project + "/credentials/" + id)) {
            HttpResponse<String> r = page("GET", path, bob.token());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).doesNotContain(domain).doesNotContain("hidden-user");
        }
        HttpResponse<String> delete = page("POST", "/projects/" + project + "/credentials/" + id + "/delete", bob.token());
        assertThat(delete.statusCode()).isEqualTo(404);
        h.expect(200, "GET", "/api/v1/projects/" + project + "/credentials/" + id, alice.token(), null);
        h.expect(404, "GET", "/api/v1/projects/" + project + "/credentials/totp?domain=" + domain + "&permissioned_user_id=hidden-user",
                bob.token(), null);
    }

    @Test
    void theListShowsFiftyEntriesAPageWithLinksToTheOthers() throws Exception {
        String paged = h.project(admin, "paged");
        h.addMember(admin, paged, alice);
        String pagedKey = h.expect(201, "POST", "/api/v1/projects/" + paged + "/credential-key", admin.token(), Map.of()).json().get("key").asText();
        for (int i = 0; i < 53; i++) {
            createEntry(paged, pagedKey, String.format("https://site-%02d.example.com", i), "u", "n" + i, "p" + i, null);
        }
        b.go("/projects/" + paged + "/credentials");
        assertThat(b.all("#entries tbody tr")).hasSize(50);
        assertThat(b.all("#entries tbody tr").getFirst().getText()).contains("https://site-00.example.com");
        assertThat(b.all("#prev-page")).isEmpty();
        b.find("#next-page").click();
        b.waitFor(d -> b.path().endsWith("?page=1"));
        assertThat(b.all("#entries tbody tr")).extracting(WebElement::getText).hasSize(3)
                .allMatch(t -> t.contains("https://site-5"));
        assertThat(b.all("#next-page")).isEmpty();
        b.assertAccessible();
        b.screenshot("credential-list-page-2");
        HttpResponse<String> bad = page("GET", "/projects/" + paged + "/credentials?page=p4ge-evil", alice.token());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("page number").doesNotContain("p4ge-evil");
    }

    @Test
    void aMemberWithoutTheDecryptPermissionIsOfferedNoTotpCodeAndCannotFetchOne() throws Exception {
        String domain = "https://no-grant.example.com";
        createEntry(domain, "ng-user", "ng-login-name", "ng-login-pw", TOTP_BASE32);
        ApiHarness.Session carol = h.member(admin, "carol");
        h.addMember(admin, project, carol);
        HttpResponse<String> list = page("GET", "/projects/" + project + "/credentials", carol.token());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(domain).doesNotContain("totp-show").contains("credentials:decrypt");
        h.expect(403, "GET", "/api/v1/projects/" + project + "/credentials/totp?domain=" + domain + "&permissioned_user_id=ng-user",
                carol.token(), null);
    }

    /** Creates an entry over the API as the SDK would (fields encrypted with the project key); returns its id. */
    private static String createEntry(String domain, String userId, String userName, String password, String totp) {
        return createEntry(project, keyHex, domain, userId, userName, password, totp);
    }

    private static String createEntry(String project, String keyHex, String domain, String userId, String userName, String password,
                                      String totp) {
        CredentialKey key = CredentialKey.fromHex(keyHex);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("domain", domain);
        body.put("permissioned_user_id", userId);
        body.put("user_name", FieldCipher.encrypt(key, 1, new FieldId(project, domain, userId, "user_name"), quoted(userName)));
        body.put("password", FieldCipher.encrypt(key, 1, new FieldId(project, domain, userId, "password"), quoted(password)));
        if (totp != null) {
            body.put("tfa_secret", FieldCipher.encrypt(key, 1, new FieldId(project, domain, userId, "tfa_secret"), quoted(totp)));
            body.put("tfa_method", "AUTHENTICATOR");
        }
        return h.expect(201, "POST", "/api/v1/projects/" + project + "/credentials", alice.token(), body).json().get("id").asText();
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** No request the browser sent, no answer it received, and not the current page holds any of {@code secrets} or the key. */
    private static void assertNoSecretIn(List<RecordingProxy.Exchange> exchanges, java.util.Collection<String> secrets) {
        String page = b.driver().getPageSource();
        for (String s : secrets) {
            assertThat(page).doesNotContain(s);
            for (RecordingProxy.Exchange e : exchanges) {
                assertThat(e.requestBody()).as(e.method() + " " + e.path()).doesNotContain(s).doesNotContain(quoted(s));
                assertThat(e.responseBody()).as(e.method() + " " + e.path()).doesNotContain(s);
            }
        }
        for (RecordingProxy.Exchange e : exchanges) {
            assertThat(e.requestBody() + e.responseBody()).doesNotContainIgnoringCase(keyHex);
        }
        assertThat(b.script("return JSON.stringify(Object.assign({}, localStorage)) + JSON.stringify(Object.assign({}, sessionStorage))"))
                .isEqualTo("{}{}");
    }

    /** A page request with {@code sessionToken}'s cookie (and, for a POST, its valid CSRF token). */
    private static HttpResponse<String> page(String method, String path, String sessionToken) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(h.api().address() + path))
                .header("Cookie", SessionCookie.NAME + "=" + sessionToken);
        if (method.equals("POST")) {
            r.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(SessionCookie.CSRF_FIELD + "=" + SessionCookie.csrfToken(sessionToken)));
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** RFC 6238 with HMAC-SHA-1 and 6 digits at time step {@code step}, computed here independently of the platform. */
    private static String rfc6238(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TOTP_KEY, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
