package org.flowvault.vault.server.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jwt auth method over real HTTP: keys from PEM or a JWKS endpoint served by the test, logins and refusals. */
class JwtAuthTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static String enable(String prefix, String type) {
        String path = "jwt-" + UUID.randomUUID().toString().substring(0, 8);
        TestVault.Reply r = root("POST", prefix + "sys/auth/" + path, Map.of("type", type));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return prefix + path;
    }

    private static TestVault.Reply root(String method, String path, Object body) {
        return vault.call(method, path, vault.rootToken(), body);
    }

    private static TestVault.Reply login(String mount, String role, String jwt) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (role != null) {
            body.put("role", role);
        }
        body.put("jwt", jwt);
        return vault.call("POST", "auth/" + mount + "/login", null, body);
    }

    private static Map<String, Object> claims(Object... kv) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> m = new LinkedHashMap<>(Map.of("iss", "https://issuer.test", "sub", "build-42",
                "aud", "flowvault", "iat", now, "exp", now + 300));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static void role(String mount, String name, Map<String, Object> body) {
        TestVault.Reply r = root("POST", "auth/" + mount + "/role/" + name, body);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    private static String error(TestVault.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        return r.json().at("/errors/0").asText();
    }

    private static String pemMount(TestIssuer.Key key) {
        String mount = enable("", "jwt");
        TestVault.Reply c = root("POST", "auth/" + mount + "/config", Map.of(
                "jwt_validation_pubkeys", List.of(TestIssuer.pem(key.pair().getPublic())),
                "bound_issuer", "https://issuer.test"));
        assertThat(c.status()).as(c.body()).isEqualTo(204);
        return mount;
    }

    @Test
    void aJwtSignedByAConfiguredKeyLogsInWithTheRolesPoliciesAndClaimMetadata() {
        TestIssuer.Key key = TestIssuer.rsa(null);
        String mount = pemMount(key);
        role(mount, "ci", Map.of("role_type", "jwt", "bound_audiences", List.of("flowvault"), "user_claim", "sub",
                "claim_mappings", Map.of("repo", "repository"), "token_policies", "ci,deploy", "token_ttl", "20m",
                "token_max_ttl", "1h"));

        TestVault.Reply r = login(mount, "ci", TestIssuer.sign(key, claims("repo", "flowvault/app")));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode auth = r.json().get("auth");
        assertThat(auth.get("policies").toString()).isEqualTo("[\"ci\",\"default\",\"deploy\"]");
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(1200);
        assertThat(auth.get("renewable").asBoolean()).isTrue();
        assertThat(auth.at("/metadata/repository").asText()).isEqualTo("flowvault/app");
        assertThat(auth.at("/metadata/role").asText()).isEqualTo("ci");
        assertThat(auth.get("metadata")).hasSize(2);
        JsonNode self = vault.call("GET", "auth/token/lookup-self", auth.get("client_token").asText(), null).json().get("data");
        assertThat(self.get("display_name").asText()).isEqualTo(mount + "-build-42");
        assertThat(self.get("path").asText()).isEqualTo("auth/" + mount + "/login");
    }

    @Test
    void theRoleReadShowsVaultsDefaultsAndTheListNamesIt() {
        String mount = pemMount(TestIssuer.rsa(null));
        role(mount, "ci", Map.of("role_type", "jwt", "bound_subject", "build-42", "user_claim", "sub"));

        JsonNode data = root("GET", "auth/" + mount + "/role/ci", null).json().get("data");
        JsonNode keys = root("LIST", "auth/" + mount + "/role", null).json().at("/data/keys");

        assertThat(data.get("role_type").asText()).isEqualTo("jwt");
        assertThat(data.get("bound_claims_type").asText()).isEqualTo("string");
        assertThat(data.get("clock_skew_leeway").asLong()).isEqualTo(60);
        assertThat(data.get("expiration_leeway").asLong()).isEqualTo(150);
        assertThat(data.get("not_before_leeway").asLong()).isEqualTo(150);
        assertThat(data.get("token_policies").toString()).isEqualTo("[]");
        assertThat(keys.toString()).isEqualTo("[\"ci\"]");
        JsonNode config = root("GET", "auth/" + mount + "/config", null).json().get("data");
        assertThat(config.get("bound_issuer").asText()).isEqualTo("https://issuer.test");
        assertThat(config.get("jwt_validation_pubkeys")).hasSize(1);
    }

    @Test
    void keysComeFromTheJwksUrlAndAnUnknownKeyIdTriggersARefetch() {
        try (TestIssuer issuer = new TestIssuer().serve(TestIssuer.ec("ec-1"))) {
            String mount = enable("", "jwt");
            assertThat(root("POST", "auth/" + mount + "/config", Map.of("jwks_url", issuer.jwksUrl(),
                    "jwt_supported_algs", List.of("ES256", "EdDSA", "RS256"))).status()).isEqualTo(204);
            role(mount, "ci", Map.of("role_type", "jwt", "bound_audiences", "flowvault", "user_claim", "sub"));

            TestVault.Reply first = login(mount, "ci", TestIssuer.sign(issuer.published(0), claims()));
            int fetchesAfterFirst = issuer.fetches();
            TestVault.Reply again = login(mount, "ci", TestIssuer.sign(issuer.published(0), claims()));
            TestIssuer.Key rotated = TestIssuer.ed25519("ed-2");
            issuer.publish(rotated);
            TestVault.Reply afterRotation = login(mount, "ci", TestIssuer.sign(rotated, claims()));

            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(issuer.fetches()).as("the second login used the cached keys, the rotated kid refetched")
                    .isEqualTo(fetchesAfterFirst + 1);
            assertThat(afterRotation.status()).as(afterRotation.body()).isEqualTo(200);
        }
    }

    @Test
    void aJwksEndpointThatIsDownIsAClear400WithoutTheToken() {
        TestIssuer issuer = new TestIssuer().serve(TestIssuer.rsa("k1"));
        String mount = enable("", "jwt");
        assertThat(root("POST", "auth/" + mount + "/config", Map.of("jwks_url", issuer.jwksUrl())).status()).isEqualTo(204);
        role(mount, "ci", Map.of("role_type", "jwt", "bound_audiences", "flowvault", "user_claim", "sub"));
        issuer.close();
        String jwt = TestIssuer.sign(TestIssuer.rsa("k2"), claims());

        TestVault.Reply r = login(mount, "ci", jwt);

        assertThat(error(r)).startsWith("error validating token: error fetching keys from 'jwks_url': ");
        assertThat(r.body()).doesNotContain(jwt).doesNotContain(jwt.split("\\.")[1]);
    }

    @Test
    void aConfigWithAnUnreachableJwksUrlIsRefused() {
        TestIssuer issuer = new TestIssuer().serve(TestIssuer.rsa("k1"));
        String url = issuer.jwksUrl();
        issuer.close();

        TestVault.Reply r = root("POST", "auth/" + enable("", "jwt") + "/config", Map.of("jwks_url", url));

        assertThat(error(r)).startsWith("error checking jwks URL: ");
    }

    @Test
    void expiredWrongAudienceAndForeignSignaturesAreRefusedWithVaultsText() {
        TestIssuer.Key key = TestIssuer.rsa(null);
        String mount = pemMount(key);
        role(mount, "ci", Map.of("role_type", "jwt", "bound_audiences", "flowvault", "user_claim", "sub"));
        long now = Instant.now().getEpochSecond();

        String expired = error(login(mount, "ci", TestIssuer.sign(key, claims("exp", now - 3600, "iat", now - 7200))));
        String audience = error(login(mount, "ci", TestIssuer.sign(key, claims("aud", "someone-else"))));
        String foreign = error(login(mount, "ci", TestIssuer.sign(TestIssuer.rsa(null), claims())));
        String issuer = error(login(mount, "ci", TestIssuer.sign(key, claims("iss", "https://evil.test"))));

        assertThat(expired).isEqualTo("error validating claims: invalid expiration time (exp) claim: token is expired");
        assertThat(audience).isEqualTo("error validating claims: invalid audience (aud) claim: audience claim does not match any expected audience");
        assertThat(foreign).isEqualTo("error validating token: failed to verify signature");
        assertThat(issuer).isEqualTo("error validating claims: invalid issuer (iss) claim");
    }

    @Test
    void aTokenExpiredWithinTheLeewayIsStillAccepted() {
        TestIssuer.Key key = TestIssuer.rsa(null);
        String mount = pemMount(key);
        role(mount, "ci", Map.of("role_type", "jwt", "bound_audiences", "flowvault", "user_claim", "sub"));
        long now = Instant.now().getEpochSecond();

        TestVault.Reply r = login(mount, "ci", TestIssuer.sign(key, claims("exp", now - 100, "iat", now - 400)));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void boundClaimsMatchExactlyOrAsGlobs() {
        TestIssuer.Key key = TestIssuer.rsa(null);
        String mount = pemMount(key);
        role(mount, "exact", Map.of("role_type", "jwt", "user_claim", "sub", "bound_audiences", "flowvault",
                "bound_claims", Map.of("env", List.of("prod", "staging"))));
        role(mount, "glob", Map.of("role_type", "jwt", "user_claim", "sub", "bound_audiences", "flowvault",
                "bound_claims_type", "glob", "bound_claims", Map.of("/ctx/ref", "refs/heads/release-*")));

        assertThat(login(mount, "exact", TestIssuer.sign(key, claims("env", "staging"))).status()).isEqualTo(200);
        assertThat(error(login(mount, "exact", TestIssuer.sign(key, claims("env", "dev")))))
                .isEqualTo("claim \"env\" does not match any associated bound claim values");
        assertThat(error(login(mount, "exact", TestIssuer.sign(key, claims()))))
                .isEqualTo("claim \"env\" is missing");
        assertThat(login(mount, "glob", TestIssuer.sign(key, claims("ctx", Map.of("ref", "refs/heads/release-7")))).status())
                .isEqualTo(200);
        assertThat(error(login(mount, "glob", TestIssuer.sign(key, claims("ctx", Map.of("ref", "refs/heads/main"))))))
                .isEqualTo("claim \"/ctx/ref\" does not match any associated bound claim values");
    }

    @Test
    void aMalformedJwtAnUnknownRoleAndAMissingUserClaimAre400s() {
        TestIssuer.Key key = TestIssuer.rsa(null);
        String mount = pemMount(key);
        role(mount, "ci", Map.of("role_type", "jwt", "bound_audiences", "flowvault", "user_claim", "email"));
        String secretLooking = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2ln";

        TestVault.Reply malformed = login(mount, "ci", secretLooking);
        TestVault.Reply unknown = login(mount, "nope", TestIssuer.sign(key, claims()));
        TestVault.Reply noUser = login(mount, "ci", TestIssuer.sign(key, claims()));
        TestVault.Reply noRole = login(mount, null, TestIssuer.sign(key, claims()));

        assertThat(error(malformed)).isEqualTo("error validating token: token payload is not a base64url-encoded JSON object");
        assertThat(malformed.body()).doesNotContain("c2VjcmV0LXBheWxvYWQ");
        assertThat(error(unknown)).isEqualTo("role \"nope\" could not be found");
        assertThat(error(noUser)).isEqualTo("claim \"email\" not found in token");
        assertThat(error(noRole)).isEqualTo("missing role");
    }

    @Test
    void aRoleThatBindsNothingOrNamesNoUserClaimIsRefused() {
        String mount = pemMount(TestIssuer.rsa(null));

        TestVault.Reply unbound = root("POST", "auth/" + mount + "/role/open", Map.of("role_type", "jwt", "user_claim", "sub"));
        TestVault.Reply noUser = root("POST", "auth/" + mount + "/role/x", Map.of("role_type", "jwt", "bound_subject", "s"));
        TestVault.Reply oidc = root("POST", "auth/" + mount + "/role/y", Map.of("user_claim", "sub", "bound_subject", "s"));

        assertThat(error(unbound)).isEqualTo("must have at least one bound constraint when creating/updating a role");
        assertThat(error(noUser)).isEqualTo("a user claim must be defined on the role");
        assertThat(error(oidc)).isEqualTo("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.");
        assertThat(root("GET", "auth/" + mount + "/role/open", null).status()).isEqualTo(404);
    }

    @Test
    void aMalformedPublicKeyOrNoKeySourceIsRefusedWithoutEchoingTheKey() {
        String mount = enable("", "jwt");
        String badPem = "-----BEGIN PUBLIC KEY-----\nTUFMRk9STUVELUtFWS1NQVRFUklBTA==\n-----END PUBLIC KEY-----\n";

        TestVault.Reply bad = root("POST", "auth/" + mount + "/config", Map.of("jwt_validation_pubkeys", List.of(badPem)));
        TestVault.Reply none = root("POST", "auth/" + mount + "/config", Map.of("bound_issuer", "x"));
        TestVault.Reply oidc = root("POST", "auth/" + mount + "/config", Map.of("oidc_discovery_url", "https://accounts.test"));

        assertThat(error(bad)).startsWith("error parsing public key: ");
        assertThat(bad.body()).doesNotContain("TUFMRk9STUVELUtFWS1NQVRFUklBTA");
        assertThat(error(none)).isEqualTo("exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set");
        assertThat(error(oidc)).contains("not supported");
    }

    @Test
    void anOidcTypeMountInANamespaceLogsInWithJwt() {
        String ns = "ns" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(root("POST", "sys/namespaces/" + ns, Map.of()).status()).isEqualTo(200);
        String mount = enable(ns + "/", "oidc").substring(ns.length() + 1);
        TestIssuer.Key key = TestIssuer.ed25519(null);
        assertThat(root("POST", ns + "/auth/" + mount + "/config", Map.of("jwt_validation_pubkeys",
                TestIssuer.pem(key.pair().getPublic()), "jwt_supported_algs", "EdDSA", "default_role", "svc")).status())
                .isEqualTo(204);
        assertThat(root("POST", ns + "/auth/" + mount + "/role/svc", Map.of("role_type", "jwt", "bound_subject", "build-42",
                "user_claim", "sub", "token_policies", "svc")).status()).isEqualTo(204);

        TestVault.Reply r = vault.callWithHeader("POST", "auth/" + mount + "/login",
                "X-Vault-Namespace", ns, Map.of("jwt", TestIssuer.sign(key, claims("aud", null))));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(root("POST", "auth/" + mount + "/login", Map.of("jwt", "x")).status())
                .as("the mount exists only in its namespace").isEqualTo(404);
        String token = r.json().at("/auth/client_token").asText();
        JsonNode self = vault.callWithHeaders("GET", "auth/token/lookup-self", null,
                Map.of("X-Vault-Token", token, "X-Vault-Namespace", ns)).json().get("data");
        assertThat(self.at("/namespace_path").asText()).isEqualTo(ns + "/");
        assertThat(self.at("/meta/role").asText()).isEqualTo("svc");
    }
}
