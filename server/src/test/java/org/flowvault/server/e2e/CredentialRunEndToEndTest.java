package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.credential.TotpSecret;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Runs that log in with a credential entry: a flow declares {@code USER: {type: credential,
 * domain}}, the run is started with a permissioned user id, and an HTTP step posts the entry's
 * user name, password and current TOTP code to a real login page. Every value is masked in what
 * the run shows; a wrong id, a domain mismatch or an expired entry refuses the run before it starts.
 */
class CredentialRunEndToEndTest {
    private static final String DOMAIN = "https://portal.example.com";
    private static final String TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static String flow(String name, String domain, LoginPortal portal) {
        return """
                name: %s
                inputs:
                  USER: {type: credential, domain: "%s"}
                steps:
                  - id: login
                    task: HTTP
                    inputs:
                      url: "%s"
                      method: POST
                      query: {as: "${{ inputs.USER.user_name }}"}
                      body:
                        user: "${{ inputs.USER.user_name }}"
                        password: "${{ inputs.USER.password }}"
                        code: "${{ inputs.USER.totp }}"
                outputs:
                  status: "${{ steps.login.outputs.status }}"
                  page: "${{ steps.login.outputs.body }}"
                  who: "${{ inputs.USER.user_name }} at ${{ inputs.USER.domain }}"
                """.formatted(name, domain, portal.url("/login"));
    }

    /** A project key and an entry for (DOMAIN, user) created by alice through the API, encrypted as the SDK does. */
    private static void entry(World w, CredentialKey key, int version, String user, String userName, String password, String tfa,
                              Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", DOMAIN);
        body.put("permissioned_user_id", user);
        body.put("user_name", FieldCipher.encrypt(key, version, new FieldId(w.project, DOMAIN, user, "user_name"), "\"" + userName + "\""));
        body.put("password", FieldCipher.encrypt(key, version, new FieldId(w.project, DOMAIN, user, "password"), "\"" + password + "\""));
        if (tfa != null) {
            body.put("tfa_secret", FieldCipher.encrypt(key, version, new FieldId(w.project, DOMAIN, user, "tfa_secret"), "\"" + tfa + "\""));
        }
        body.putAll(extra);
        w.h.expect(201, "POST", "/api/v1/projects/" + w.project + "/credentials", w.alice.token(), body);
    }

    /** Every row of every table: SCRIPT on H2, SELECT * on PostgreSQL. */
    static String dump(Database db) {
        return db.jdbi().withHandle(x -> {
            StringBuilder out = new StringBuilder();
            if (db.dialect() == Database.Dialect.H2) {
                x.createQuery("SCRIPT").mapTo(String.class).forEach(l -> out.append(l).append('\n'));
                return out.toString();
            }
            for (String t : x.createQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                    .mapTo(String.class).list()) {
                x.createQuery("SELECT * FROM " + t).mapToMap().forEach(row -> out.append(t).append(row).append('\n'));
            }
            return out.toString();
        });
    }

    private static CredentialKey key(World w) {
        JsonNode k = w.h.expect(201, "POST", "/api/v1/projects/" + w.project + "/credential-key", w.admin.token(), Map.of()).json();
        return CredentialKey.fromHex(k.get("key").asText());
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aFlowLogsInWithTheEntrysUserNamePasswordAndTotpAndShowsNoneOfThem(Database.Dialect dialect) {
        try (World w = World.open(dialect)) {
            TotpSecret totp = TotpSecret.parse(TOTP_SECRET);
            String userName = w.secret("alice.portal@example.com");
            String password = w.newSecret("portal-password");
            try (LoginPortal portal = new LoginPortal(userName, password, () -> totp.code(w.h.clock().instant()))) {
                CredentialKey key = key(w);
                entry(w, key, 1, "user-123", userName, password, TOTP_SECRET, Map.of());
                String name = ApiHarness.random("login");
                w.applyOk(flow(name, DOMAIN, portal));
                JsonNode run = w.run(name, Map.of("USER", "user-123"));
                assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
                assertThat(portal.attempts()).hasSize(1);
                LoginPortal.Attempt a = portal.attempts().getFirst();
                assertThat(a.accepted()).isTrue();
                String code = w.secret(a.code());
                assertThat(code).isEqualTo(totp.code(w.h.clock().instant()));

                assertThat(run.at("/outputs/status").asInt()).isEqualTo(200);
                assertThat(run.at("/outputs/page").asText()).contains("****").doesNotContain(password).doesNotContain(code);
                assertThat(run.at("/outputs/who").asText()).doesNotContain(userName);
                assertThat(run.at("/inputs/USER").asText()).isEqualTo("user-123");
                String logs = w.logs(w.alice, run);
                assertThat(logs).contains("HTTP POST");
                w.assertNoSecretIn(logs);
                w.assertNoSecretInAnyAnswer();
                String runId = run.path("id").asText();
                var audit = org.flowvault.platform.audit.StoredBlocks.records(w.h.platform().audit()).stream()
                        .filter(r -> r.runId() != null && r.runId().toString().equals(runId) && r.entryId() != null).toList();
                assertThat(audit).flatExtracting(r -> java.util.Arrays.stream(String.valueOf(r.field()).split(","))
                                .map(f -> r.action().label() + ":" + f).toList())
                        .contains("credential.decrypt:user_name", "credential.decrypt:password", "credential.decrypt:tfa_secret",
                                "credential.totp:tfa_secret");
                assertThat(audit).allSatisfy(r -> assertThat(r.outcome().label()).isEqualTo("ok"));
                w.assertNoSecretIn(dump(w.h.platform().database()));
                JsonNode entry = w.h.expect(200, "GET", "/api/v1/projects/" + w.project + "/credentials?domain="
                        + java.net.URLEncoder.encode(DOMAIN, java.nio.charset.StandardCharsets.UTF_8) + "&permissioned_user_id=user-123",
                        w.alice.token(), null).json();
                assertThat(entry.at("/credentials/0/last_used_at").isNull()).as("a run marks the entry used").isFalse();
            }
        }
    }

    @Test
    void aWrongIdADomainMismatchOrAnExpiredEntryRefusesTheRunBeforeItStarts() {
        try (World w = World.open(Database.Dialect.H2);
             LoginPortal portal = new LoginPortal("u", "p", () -> "000000")) {
            CredentialKey key = key(w);
            entry(w, key, 1, "known", "known-user", w.newSecret("pw"), TOTP_SECRET, Map.of("expire_after_last_use_days", 7));
            String name = ApiHarness.random("login");
            w.applyOk(flow(name, DOMAIN, portal));
            String other = ApiHarness.random("other-site");
            w.applyOk(flow(other, "https://elsewhere.example.org", portal));
            String sameSite = ApiHarness.random("same-site");
            w.applyOk(flow(sameSite, "portal.example.com", portal));
            String path = "/api/v1/projects/" + w.project + "/flows/";

            ApiHarness.Reply unknown = w.h.call("POST", path + name + "/runs", w.alice.token(), Map.of("inputs", Map.of("USER", "nobody-here")));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.message()).contains("input 'USER'", "names no credential entry").doesNotContain("nobody-here");
            ApiHarness.Reply missing = w.h.call("POST", path + name + "/runs", w.alice.token(), Map.of("inputs", Map.of()));
            assertThat(missing.status()).as("%s", missing).isEqualTo(400);
            assertThat(missing.message()).contains("missing required input 'USER'");
            ApiHarness.Reply mismatch = w.h.call("POST", path + other + "/runs", w.alice.token(), Map.of("inputs", Map.of("USER", "known")));
            assertThat(mismatch.status()).isEqualTo(400);
            assertThat(mismatch.message()).contains("other domains", "elsewhere.example.org");
            // a bare host of the same site finds the entry
            JsonNode found = w.run(sameSite, Map.of("USER", "known"));
            assertThat(found.path("error").asText()).doesNotContain("credential");
            assertThat(found.path("outputs").path("status").asInt()).as("%s", found).isEqualTo(401); // the portal refuses "known-user"

            w.h.clock().advance(Duration.ofDays(8));
            ApiHarness.Session alice = w.h.login(w.alice.username(), w.alice.password()); // her session expired too
            ApiHarness.Reply expired = w.h.call("POST", path + name + "/runs", alice.token(), Map.of("inputs", Map.of("USER", "known")));
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.message()).contains("expired");
            JsonNode runs = w.h.expect(200, "GET", "/api/v1/projects/" + w.project + "/runs", alice.token(), null).json().get("runs");
            assertThat(runs).as("refused runs are not recorded").allSatisfy(r -> assertThat(r.path("flow").asText()).isNotEqualTo(name));
        }
    }

    @Test
    void anEmailCodeEntryPausesTheRunForAPersonAndMasksTheCode() {
        try (World w = World.open(Database.Dialect.H2)) {
            String userName = w.secret("bob.portal@example.com");
            String password = w.newSecret("bob-password");
            String mailed = w.secret("73519046");
            try (LoginPortal portal = new LoginPortal(userName, password, () -> mailed)) {
                entry(w, key(w), 1, "bob", userName, password, null, Map.of("tfa_method", "EMAIL"));
                String name = ApiHarness.random("login");
                w.applyOk(flow(name, DOMAIN, portal));
                JsonNode run = w.run(name, Map.of("USER", "bob"));
                assertThat(run.path("status").asText()).as("%s", run).isEqualTo("waiting_for_input");
                assertThat(run.toString()).contains("sign-in code");
                String id = run.path("id").asText();
                w.h.expect(200, "POST", "/api/v1/runs/" + id + "/input", w.alice.token(), Map.of("values", Map.of("code", mailed)));
                JsonNode done = w.await(w.alice, id);
                assertThat(done.path("status").asText()).as("%s", done).isEqualTo("succeeded");
                assertThat(portal.attempts()).singleElement().satisfies(a -> assertThat(a.accepted()).isTrue());
                w.assertNoSecretIn(w.logs(w.alice, done));
                w.assertNoSecretInAnyAnswer();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void cookiesPersistAcrossRunsOfOneEntryAndNeverReachAnotherEntry(Database.Dialect dialect) {
        try (World w = World.open(dialect)) {
            TotpSecret totp = TotpSecret.parse(TOTP_SECRET);
            String userName = w.secret("carol.portal@example.com");
            String password = w.newSecret("carol-password");
            try (LoginPortal portal = new LoginPortal(userName, password, () -> totp.code(w.h.clock().instant()))) {
                CredentialKey key = key(w);
                entry(w, key, 1, "carol", userName, password, TOTP_SECRET, Map.of("persist_cookies", true));
                entry(w, key, 1, "dave", userName, password, TOTP_SECRET, Map.of("persist_cookies", true));
                entry(w, key, 1, "erin", userName, password, TOTP_SECRET, Map.of());
                String name = ApiHarness.random("login");
                w.applyOk(flow(name, DOMAIN, portal));
                String sessionValue = w.secret("s-" + userName.hashCode()); // a session cookie is a credential too
                JsonNode first = w.run(name, Map.of("USER", "carol"));
                assertThat(first.path("status").asText()).isEqualTo("succeeded");
                JsonNode second = w.run(name, Map.of("USER", "carol"));
                assertThat(second.path("status").asText()).isEqualTo("succeeded");
                // the second run sent the cookie from the jar and the portal echoed it: the output shows it masked
                assertThat(second.at("/outputs/page").asText()).contains("you_sent_cookie").doesNotContain(sessionValue);
                w.assertNoSecretIn(w.logs(w.alice, first));
                w.assertNoSecretIn(w.logs(w.alice, second));
                assertThat(w.run(name, Map.of("USER", "dave")).path("status").asText()).isEqualTo("succeeded");
                assertThat(w.run(name, Map.of("USER", "erin")).path("status").asText()).isEqualTo("succeeded");
                List<LoginPortal.Attempt> a = portal.attempts();
                assertThat(a).hasSize(4);
                String session = "portal_session=s-" + userName.hashCode();
                assertThat(a.get(0).cookie()).as("a first run has no cookie").isNull();
                assertThat(a.get(1).cookie()).as("the second run of the entry sends the cookie the first one received").isEqualTo(session);
                assertThat(a.get(2).cookie()).as("another entry's run does not see it").isNull();
                assertThat(a.get(3).cookie()).as("an entry without persist_cookies starts empty").isNull();
                // the jars (carol's and dave's) are stored sealed
                List<String> jars = w.h.platform().database().jdbi().withHandle(h -> h.createQuery("SELECT sealed FROM credential_cookie_jars")
                        .mapTo(String.class).list());
                assertThat(jars).hasSize(2).allSatisfy(j -> assertThat(j).startsWith("v1:").doesNotContain("portal_session")
                        .doesNotContain("s-" + userName.hashCode()));
                w.assertNoSecretInAnyAnswer();
            }
        }
    }
}
