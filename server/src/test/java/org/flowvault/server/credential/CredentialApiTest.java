package org.flowvault.server.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.credential.TotpSecret;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The credential vault over real HTTP, as a client (the SDK's FieldCipher) and a hostile user
 * would use it: the server stores ciphertexts, decrypts only for a permitted caller, answers
 * tampering and bad input with clear 4xx errors that quote no value, and keeps other projects out.
 */
class CredentialApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "https://portal.example.com";

    /** An admin, a member of a project whose key the admin generated, and helpers that encrypt as the SDK does. */
    private static final class Vault implements AutoCloseable {
        final ApiHarness h;
        final ApiHarness.Session admin;
        final ApiHarness.Session alice;
        final String project;
        final CredentialKey key;
        final int version;
        final List<String> sent = new ArrayList<>();

        Vault(Database.Dialect dialect) {
            h = ApiHarness.open(dialect);
            admin = h.bootstrapAdmin();
            alice = h.member(admin, "alice");
            project = h.project(admin, "portal");
            h.addMember(admin, project, alice);
            JsonNode k = h.expect(201, "POST", "/api/v1/projects/" + project + "/credential-key", admin.token(), Map.of()).json();
            key = CredentialKey.fromHex(k.get("key").asText());
            version = k.get("version").asInt();
        }

        String enc(String user, String field, String value) {
            return FieldCipher.encrypt(key, version, new FieldId(project, DOMAIN, user, field), quoted(value));
        }

        Map<String, Object> entry(String user, String userName, String password) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("domain", DOMAIN);
            m.put("permissioned_user_id", user);
            m.put("user_name", enc(user, "user_name", userName));
            m.put("password", enc(user, "password", password));
            return m;
        }

        /** Sends {@code body} and remembers exactly the bytes the server received. */
        ApiHarness.Reply send(String method, String path, ApiHarness.Session who, Object body) {
            try {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                sent.add(text);
                return h.call(method, path, who.token(), text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        String base() {
            return "/api/v1/projects/" + project + "/credentials";
        }

        /** Every row of every table: SCRIPT on H2, SELECT * on PostgreSQL. */
        String dump() {
            Database db = h.platform().database();
            return db.jdbi().withHandle(x -> {
                if (db.dialect() == Database.Dialect.H2) {
                    return String.join("\n", x.createQuery("SCRIPT").mapTo(String.class).list());
                }
                StringBuilder out = new StringBuilder();
                for (String t : x.createQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                        .mapTo(String.class).list()) {
                    x.createQuery("SELECT * FROM " + t).mapToMap().forEach(row -> out.append(t).append(row).append('\n'));
                }
                return out.toString();
            });
        }

        @Override
        public void close() {
            h.close();
        }
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void theLifecycleCarriesOnlyCiphertextsAndTheDatabaseHoldsNoPlaintext(Database.Dialect dialect) throws Exception {
        try (Vault v = new Vault(dialect)) {
            String userName = "alice@example.com";
            String password = "S3cret-portal-pw";
            Map<String, Object> body = v.entry("user-123", userName, password);
            body.put("user_alias", "Alice's account");
            body.put("allow_multiple_sessions", true);
            body.put("max_concurrency", 2);
            body.put("tfa_method", "EMAIL");
            JsonNode created = v.send("POST", v.base(), v.alice, body).json();
            assertThat(created.get("user_name").asText()).isEqualTo(body.get("user_name"));
            assertThat(created.get("encrypted").asBoolean()).isTrue();
            assertThat(created.get("tfa_secret").isNull()).as("absent optional fields are JSON null").isTrue();
            assertThat(created.get("vault").isNull()).isTrue();
            assertThat(created.get("max_concurrency").asInt()).isEqualTo(2);
            String id = created.get("id").asText();

            JsonNode list = v.h.expect(200, "GET", v.base(), v.alice.token(), null).json().get("credentials");
            assertThat(list).hasSize(1);
            JsonNode filtered = v.h.expect(200, "GET", v.base() + "?domain=" + q(DOMAIN) + "&permissioned_user_id=user-123",
                    v.alice.token(), null).json().get("credentials");
            assertThat(filtered.get(0).get("id").asText()).isEqualTo(id);
            assertThat(v.h.expect(200, "GET", v.base() + "/" + id, v.alice.token(), null).json().get("password").asText())
                    .isEqualTo(body.get("password"));
            // the client decrypts what it reads
            assertThat(FieldCipher.decrypt(v.key, new FieldId(v.project, DOMAIN, "user-123", "password"),
                    filtered.get(0).get("password").asText())).isEqualTo(quoted(password));

            Map<String, Object> update = v.entry("user-123", userName, "N3w-portal-pw");
            JsonNode updated = v.send("PUT", v.base(), v.alice, update).json();
            assertThat(updated.get("password").asText()).isEqualTo(update.get("password"));
            assertThat(updated.get("user_alias").asText()).isEqualTo("Alice's account");

            assertThat(v.dump()).doesNotContain(userName, password, "N3w-portal-pw", v.key.toHex());
            v.h.expect(204, "DELETE", v.base() + "/" + id, v.alice.token(), null);
            v.h.expect(404, "GET", v.base() + "/" + id, v.alice.token(), null);

            v.send("POST", v.base(), v.alice, v.entry("user-456", "bob", "bob-password-1"));
            v.h.expect(204, "DELETE", v.base() + "?domain=" + q(DOMAIN) + "&permissioned_user_id=user-456", v.alice.token(), null);
            assertThat(v.h.expect(200, "GET", v.base(), v.alice.token(), null).json().get("credentials")).isEmpty();

            // what the server received on create and update: ciphertexts only
            for (String s : v.sent) {
                assertThat(s).doesNotContain(userName, password, "N3w-portal-pw", "bob-password-1");
            }
            for (String answer : v.h.bodies()) {
                assertThat(answer).doesNotContain(password, "N3w-portal-pw", "bob-password-1");
            }
        }
    }

    @Test
    void decryptTrueNeedsThePermissionAndAnswersPlaintextOnlyThen() {
        try (Vault v = new Vault(Database.Dialect.H2)) {
            String id = v.send("POST", v.base(), v.alice, v.entry("u1", "alice", "pw-for-decrypt")).json().get("id").asText();
            ApiHarness.Reply denied = v.h.call("GET", v.base() + "?decrypt=true", v.alice.token(), null);
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.message()).contains("credentials:decrypt").doesNotContain("pw-for-decrypt");
            assertThat(v.h.call("GET", v.base() + "/" + id + "?decrypt=true", v.alice.token(), null).status()).isEqualTo(403);
            assertThat(v.h.call("GET", v.base() + "?decrypt=maybe", v.alice.token(), null).status()).isEqualTo(400);

            v.h.expect(403, "PUT", "/api/v1/projects/" + v.project + "/members/" + v.alice.username(), v.alice.token(),
                    Map.of("can_decrypt_credentials", true));
            v.h.expect(200, "PUT", "/api/v1/projects/" + v.project + "/members/" + v.alice.username(), v.admin.token(),
                    Map.of("can_decrypt_credentials", true));
            JsonNode plain = v.h.expect(200, "GET", v.base() + "/" + id + "?decrypt=true", v.alice.token(), null).json();
            assertThat(plain.get("password").asText()).isEqualTo("pw-for-decrypt");
            assertThat(plain.get("user_name").asText()).isEqualTo("alice");
            assertThat(plain.get("encrypted").asBoolean()).isFalse();
            JsonNode listed = v.h.expect(200, "GET", v.base() + "?decrypt=true", v.admin.token(), null).json();
            assertThat(listed.at("/credentials/0/password").asText()).isEqualTo("pw-for-decrypt");

            v.h.expect(200, "PUT", "/api/v1/projects/" + v.project + "/members/" + v.alice.username(), v.admin.token(),
                    Map.of("can_decrypt_credentials", false));
            assertThat(v.h.call("GET", v.base() + "?decrypt=true", v.alice.token(), null).status()).isEqualTo(403);
            long audited = org.flowvault.platform.audit.StoredBlocks.records(v.h.platform().audit()).stream()
                    .filter(r -> r.action().label().equals("credential.decrypt") && r.outcome().label().equals("ok")).count();
            assertThat(audited).isEqualTo(2); // two reads, one record each (naming both fields)
            assertThat(v.dump()).doesNotContain("pw-for-decrypt");
        }
    }

    @Test
    void tamperedMovedAndForeignCiphertextsAreClearErrorsThatShowNeitherValueNorCiphertext() {
        try (Vault v = new Vault(Database.Dialect.H2)) {
            v.h.expect(200, "PUT", "/api/v1/projects/" + v.project + "/members/" + v.alice.username(), v.admin.token(),
                    Map.of("can_decrypt_credentials", true));
            String good = v.enc("t1", "password", "tamper-me-pw");
            char last = good.charAt(good.length() - 1);
            Map<String, String> cases = new LinkedHashMap<>();
            cases.put("t1", good.substring(0, good.length() - 1) + (last == 'a' ? 'b' : 'a'));   // one hex digit changed
            cases.put("t2", v.enc("t2", "user_name", "moved-field-value"));                     // another field's ciphertext
            cases.put("t3", v.enc("someone-else", "password", "moved-entry-value"));           // another entry's ciphertext
            cases.put("t4", FieldCipher.encrypt(CredentialKey.generate(), v.version, new FieldId(v.project, DOMAIN, "t4", "password"),
                    quoted("foreign-key-value")));                                              // a wrong key
            cases.forEach((user, ciphertext) -> {
                Map<String, Object> body = new LinkedHashMap<>(Map.of("domain", DOMAIN, "permissioned_user_id", user, "password", ciphertext));
                String id = v.send("POST", v.base(), v.alice, body).json().get("id").asText();
                ApiHarness.Reply r = v.h.call("GET", v.base() + "/" + id + "?decrypt=true", v.alice.token(), null);
                assertThat(r.status()).as(user).isEqualTo(409);
                assertThat(r.message()).contains("field password", "(" + DOMAIN + ", " + user + ")")
                        .doesNotContain("tamper-me-pw", "moved-field-value", "moved-entry-value", "foreign-key-value")
                        .doesNotContain(ciphertext.substring(10, 50));
            });
            long failed = org.flowvault.platform.audit.StoredBlocks.records(v.h.platform().audit()).stream()
                    .filter(r -> r.action().label().equals("credential.decrypt") && r.outcome().label().equals("failed")).count();
            assertThat(failed).isEqualTo(4);
        }
    }

    @Test
    void badInputIsAClear4xxNamingTheFieldAndNeverEchoingAValue() {
        try (Vault v = new Vault(Database.Dialect.H2)) {
            String secret = "Plain-Text-Pw-42";
            Map<String, Object> plaintext = v.entry("b1", "x", "y");
            plaintext.put("password", secret);
            expectBad(v, "POST", v.base(), plaintext, 400, "'password'", secret);

            Map<String, Object> oddHex = v.entry("b2", "x", "y");
            oddHex.put("tfa_secret", v.enc("b2", "tfa_secret", "JBSWY3DP") + "f");
            expectBad(v, "POST", v.base(), oddHex, 400, "'tfa_secret'", (String) oddHex.get("tfa_secret"));

            Map<String, Object> unknown = v.entry("b3", "x", "y");
            unknown.put("pasword", "typo-value-123");
            expectBad(v, "POST", v.base(), unknown, 400, "unknown field 'pasword'", "typo-value-123");

            Map<String, Object> readOnly = v.entry("b4", "x", "y");
            readOnly.put("id", "00000000-0000-0000-0000-000000000000");
            expectBad(v, "POST", v.base(), readOnly, 400, "'id' is set by the server", null);

            Map<String, Object> wrongType = v.entry("b5", "x", "y");
            wrongType.put("password", Map.of("plain", "object-secret-77"));
            expectBad(v, "POST", v.base(), wrongType, 400, "'password' must be a string", "object-secret-77");

            Map<String, Object> oversize = v.entry("b6", "x", "y");
            oversize.put("password", "ab".repeat(10_000));
            expectBad(v, "POST", v.base(), oversize, 400, "'password' is too long", "abababababab");
            Map<String, Object> longAlias = v.entry("b7", "x", "y");
            longAlias.put("user_alias", "a".repeat(300));
            expectBad(v, "POST", v.base(), longAlias, 400, "'user_alias'", null);
            Map<String, Object> longDomain = v.entry("b8", "x", "y");
            longDomain.put("domain", "https://" + "a".repeat(600) + ".com");
            expectBad(v, "POST", v.base(), longDomain, 400, "'domain' is too long", null);
            expectBad(v, "POST", v.base(), "{\"domain\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}", 413, "too large", null);

            expectBad(v, "POST", v.base(), Map.of("permissioned_user_id", "b9"), 400, "'domain' is required", null);
            expectBad(v, "PUT", v.base(), Map.of("domain", DOMAIN, "permissioned_user_id", "b1"), 400, "'user_name' and 'password'", null);
            ApiHarness.Reply onlyOne = v.h.call("GET", v.base() + "?domain=" + q(DOMAIN), v.alice.token(), null);
            assertThat(onlyOne.status()).isEqualTo(400);
            assertThat(onlyOne.message()).contains("'domain' and 'permissioned_user_id'");
            assertThat(v.h.call("GET", v.base() + "/totp?permissioned_user_id=x", v.admin.token(), null).status()).isEqualTo(400);

            v.send("POST", v.base(), v.alice, v.entry("dup", "x", "y"));
            expectBad(v, "POST", v.base(), v.entry("dup", "x2", "y2"), 409, "already has an entry", null);

            String wrongKey = "0123456789abcdef";
            expectBad(v, "POST", "/api/v1/projects/" + v.project + "/credential-key", Map.of("import", wrongKey), 400, "'import'", wrongKey);
            expectBad(v, "POST", "/api/v1/projects/" + v.project + "/credential-key", Map.of("import", 42), 400, "'import' must be a string", null);
            expectBad(v, "POST", "/api/v1/projects/" + v.project + "/credential-key", Map.of("imprt", "x"), 400, "unknown field 'imprt'", null);
            assertThat(v.h.call("GET", v.base() + "/not-a-uuid", v.alice.token(), null).status()).isEqualTo(404);
            assertThat(v.h.replies()).noneMatch(r -> r.status() >= 500);
        }
    }

    private static void expectBad(Vault v, String method, String path, Object body, int status, String says, String neverShown) {
        ApiHarness.Session who = path.contains("credential-key") ? v.admin : v.alice;
        ApiHarness.Reply r = v.send(method, path, who, body);
        assertThat(r.status()).as("%s", r.body().length() > 500 ? r.body().substring(0, 500) : r.body()).isEqualTo(status);
        assertThat(r.message()).contains(says);
        if (neverShown != null) {
            assertThat(r.body()).doesNotContain(neverShown);
        }
    }

    @Test
    void keysAreGeneratedImportedAndRotatedByAdminsAndShownOnce() {
        try (Vault v = new Vault(Database.Dialect.H2)) {
            String keyPath = "/api/v1/projects/" + v.project + "/credential-key";
            assertThat(v.h.call("POST", keyPath, v.alice.token(), Map.of()).status()).isEqualTo(403);
            JsonNode versions = v.h.expect(200, "GET", keyPath, v.alice.token(), null).json().get("versions");
            assertThat(versions).hasSize(1);
            assertThat(versions.get(0).get("current").asBoolean()).isTrue();
            assertThat(versions.toString()).doesNotContain(v.key.toHex());
            CredentialKey seedKey = CredentialKey.generate();
            JsonNode imported = v.h.expect(201, "POST", keyPath, v.admin.token(), Map.of("import", seedKey.toHex())).json();
            assertThat(imported.get("version").asInt()).isEqualTo(2);
            assertThat(imported.has("key")).isFalse();
            JsonNode rotated = v.h.expect(201, "POST", keyPath + "/rotate", v.admin.token(), Map.of()).json();
            assertThat(rotated.get("version").asInt()).isEqualTo(3);
            CredentialKey k3 = CredentialKey.fromHex(rotated.get("key").asText());

            // an entry in the seed format under the imported key, one under version 1: re-encryption moves both to version 3
            Map<String, Object> seed = new LinkedHashMap<>(Map.of("domain", DOMAIN, "permissioned_user_id", "seed",
                    "password", FieldCipher.encryptV1(seedKey, quoted("seed-format-pw"))));
            v.send("POST", v.base(), v.alice, seed);
            v.send("POST", v.base(), v.alice, v.entry("old", "old-user", "old-version-pw"));
            assertThat(v.h.call("POST", v.base() + "/reencrypt", v.alice.token(), null).status()).isEqualTo(403);
            JsonNode re = v.h.expect(200, "POST", v.base() + "/reencrypt", v.admin.token(), null).json();
            assertThat(re.get("reencrypted").asInt()).isEqualTo(2);
            assertThat(re.get("retired_versions")).extracting(JsonNode::asInt).containsExactly(1, 2);
            for (JsonNode e : v.h.expect(200, "GET", v.base(), v.alice.token(), null).json().get("credentials")) {
                String pw = e.get("password").asText();
                assertThat(pw).startsWith("v2:3:");
                assertThat(FieldCipher.decrypt(k3, new FieldId(v.project, DOMAIN, e.get("permissioned_user_id").asText(), "password"), pw))
                        .isIn(quoted("seed-format-pw"), quoted("old-version-pw"));
            }
            assertThat(v.dump()).doesNotContain(v.key.toHex(), seedKey.toHex(), k3.toHex(), "seed-format-pw", "old-version-pw");
        }
    }

    @Test
    void anotherProjectsMemberSeesNothingAtAll() {
        try (Vault v = new Vault(Database.Dialect.H2)) {
            String id = v.send("POST", v.base(), v.alice, v.entry("u1", "a", "b")).json().get("id").asText();
            ApiHarness.Session mallory = v.h.member(v.admin, "mallory");
            String other = v.h.project(v.admin, "other");
            v.h.addMember(v.admin, other, mallory);
            v.h.expect(200, "PUT", "/api/v1/projects/" + other + "/members/" + mallory.username(), v.admin.token(),
                    Map.of("can_decrypt_credentials", true));
            String b = v.base();
            List<ApiHarness.Reply> replies = List.of(
                    v.h.call("GET", b, mallory.token(), null),
                    v.h.call("GET", b + "?decrypt=true", mallory.token(), null),
                    v.h.call("GET", b + "/" + id, mallory.token(), null),
                    v.h.call("GET", b + "/" + id + "?decrypt=true", mallory.token(), null),
                    v.h.call("DELETE", b + "/" + id, mallory.token(), null),
                    v.h.call("PUT", b, mallory.token(), v.entry("u1", "x", "y")),
                    v.h.call("POST", b, mallory.token(), v.entry("u2", "x", "y")),
                    v.h.call("GET", b + "/totp?domain=" + q(DOMAIN) + "&permissioned_user_id=u1", mallory.token(), null),
                    v.h.call("GET", "/api/v1/projects/" + v.project + "/credential-key", mallory.token(), null),
                    // an entry id of one project is not reachable through another
                    v.h.call("GET", "/api/v1/projects/" + other + "/credentials/" + id, mallory.token(), null));
            for (ApiHarness.Reply r : replies) {
                assertThat(r.status()).as("%s", r).isEqualTo(404);
                assertThat(r.body()).doesNotContain(id.substring(0, 8)).doesNotContain("portal.example.com");
            }
            assertThat(v.h.expect(200, "GET", v.base(), v.alice.token(), null).json().get("credentials")).hasSize(1);
        }
    }

    @Test
    void theTotpEndpointAnswersTheCurrentCodeFromACiphertextOrAVaultSecret() {
        try (Vault v = new Vault(Database.Dialect.H2)) {
            String secret = "JBSWY3DPEHPK3PXP";
            Map<String, Object> body = v.entry("t1", "a", "b");
            body.put("tfa_secret", v.enc("t1", "tfa_secret", "otpauth://totp/Portal:a?secret=" + secret.toLowerCase() + "&digits=8"));
            v.send("POST", v.base(), v.alice, body);
            JsonNode code = v.h.expect(200, "GET", v.base() + "/totp?domain=" + q(DOMAIN) + "&permissioned_user_id=t1",
                    v.admin.token(), null).json();
            assertThat(code.get("code").asText()).isEqualTo(TotpSecret.parse("otpauth://totp/x?secret=" + secret + "&digits=8")
                    .code(v.h.clock().instant()));
            assertThat(code.get("digits").asInt()).isEqualTo(8);
            assertThat(code.get("period").asInt()).isEqualTo(30);
            assertThat(code.get("valid_for_seconds").asInt()).isBetween(1, 30);
            assertThat(code.toString()).doesNotContain(secret).doesNotContain(secret.toLowerCase());
            assertThat(v.h.call("GET", v.base() + "/totp?domain=" + q(DOMAIN) + "&permissioned_user_id=t1", v.alice.token(), null).status())
                    .isEqualTo(403);
            assertThat(v.h.call("GET", v.base() + "/totp?domain=" + q(DOMAIN) + "&permissioned_user_id=absent", v.admin.token(), null).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aProviderBackedEntryIsReadFromVaultWithTheCallersIdentity() {
        try (Vault v = new Vault(Database.Dialect.H2)) {
            String config = ApiHarness.random("vault");
            v.h.expect(201, "POST", "/api/v1/vault-configs", v.admin.token(), Map.of(
                    "name", config, "url", v.h.vaultAddress(), "scope", List.of(v.project), "auth_method", "user_token"));
            String prefix = ApiHarness.random("portal");
            String token = v.h.vaultToken(Duration.ofHours(1), v.h.kvPolicy(prefix + "/", "read"));
            v.h.expect(200, "PUT", "/api/v1/vault-configs/" + config + "/token", v.alice.token(), Map.of("token", token));
            v.h.vaultSecret(prefix + "/alice", Map.of("username", "alice-from-vault", "password", "vault-held-pw", "totp", "JBSWY3DPEHPK3PXP"));
            v.h.expect(200, "PUT", "/api/v1/projects/" + v.project + "/members/" + v.alice.username(), v.admin.token(),
                    Map.of("can_decrypt_credentials", true));
            Map<String, Object> body = Map.of("domain", DOMAIN, "permissioned_user_id", "vault-user",
                    "vault", Map.of("config", config, "path", "secret/" + prefix + "/alice",
                            "keys", Map.of("user_name", "username", "password", "password", "tfa_secret", "totp")));
            JsonNode created = v.send("POST", v.base(), v.alice, body).json();
            assertThat(created.get("password").isNull()).isTrue();
            assertThat(created.at("/vault/path").asText()).isEqualTo("secret/" + prefix + "/alice");
            assertThat(created.get("tfa_method").asText()).isEqualTo("AUTHENTICATOR");
            JsonNode plain = v.h.expect(200, "GET", v.base() + "/" + created.get("id").asText() + "?decrypt=true", v.alice.token(), null).json();
            assertThat(plain.get("user_name").asText()).isEqualTo("alice-from-vault");
            assertThat(plain.get("password").asText()).isEqualTo("vault-held-pw");
            JsonNode code = v.h.expect(200, "GET", v.base() + "/totp?domain=" + q(DOMAIN) + "&permissioned_user_id=vault-user",
                    v.alice.token(), null).json();
            assertThat(code.get("code").asText()).isEqualTo(TotpSecret.parse("JBSWY3DPEHPK3PXP").code(v.h.clock().instant()));

            // the admin has no Vault token of their own for this USER_TOKEN configuration: Vault is read as the caller, so it fails
            ApiHarness.Reply asAdmin = v.h.call("GET", v.base() + "/" + created.get("id").asText() + "?decrypt=true", v.admin.token(), null);
            assertThat(asAdmin.status()).isEqualTo(401);
            assertThat(asAdmin.body()).doesNotContain("vault-held-pw");
            assertThat(v.dump()).doesNotContain("vault-held-pw", "alice-from-vault");

            Map<String, Object> both = new LinkedHashMap<>(body);
            both.put("permissioned_user_id", "both");
            both.put("password", v.enc("both", "password", "x"));
            expectBad(v, "POST", v.base(), both, 400, "'vault' replaces", null);
            Map<String, Object> badPath = Map.of("domain", DOMAIN, "permissioned_user_id", "bad-path",
                    "vault", Map.of("path", "secret/../sys", "extra", 1));
            expectBad(v, "POST", v.base(), badPath, 400, "unknown field 'vault.extra'", null);
        }
    }
}
