package org.flowvault.vault.server.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sys/key-status, sys/rotate, sys/rekey/* and sys/generate-root/* over HTTP, on dev servers and on
 * initialized servers with file storage, as an operator of a long-lived server uses them.
 */
class OperatorKeyManagementTest {

    /** An initialized, unsealed non-dev server on file storage: its shares and root token. */
    private record Initialized(TestVault vault, List<String> keys, String root) {
    }

    private static Initialized initialize(Path dir, int shares, int threshold) {
        TestVault vault = TestVault.of(VaultServer.builder().storage(new FileStorage(dir), "file"));
        JsonNode init = vault.call("PUT", "sys/init", null, Map.of("secret_shares", shares, "secret_threshold", threshold)).json();
        List<String> keys = new ArrayList<>();
        init.get("keys").forEach(k -> keys.add(k.asText()));
        unseal(vault, keys.subList(0, threshold));
        return new Initialized(vault, keys, init.get("root_token").asText());
    }

    private static JsonNode unseal(TestVault vault, List<String> keys) {
        JsonNode last = null;
        for (String k : keys) {
            TestVault.Reply r = vault.call("PUT", "sys/unseal", null, Map.of("key", k));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            last = r.json();
        }
        return last;
    }

    private static String decode(String encoded, String otp) {
        byte[] x = Base64.getDecoder().decode(encoded);
        byte[] o = otp.getBytes(StandardCharsets.UTF_8);
        byte[] t = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            t[i] = (byte) (x[i] ^ o[i]);
        }
        return new String(t, StandardCharsets.UTF_8);
    }

    @Test
    void rotatedBarrierKeyStillDecryptsOlderDataAcrossARestart(@TempDir Path dir) {
        Initialized first = initialize(dir, 3, 2);
        String root = first.root();
        try (TestVault vault = first.vault()) {
            assertThat(vault.call("POST", "sys/mounts/kv", root, Map.of("type", "kv")).status()).isEqualTo(204);
            assertThat(vault.call("PUT", "kv/before", root, Map.of("v", "old")).status()).isEqualTo(204);
            JsonNode before = vault.call("GET", "sys/key-status", root, null).json();
            assertThat(before.at("/data/term").asInt()).isEqualTo(1);
            assertThat(before.get("term").asInt()).isEqualTo(1);
            assertThat(before.at("/data/encryptions").asLong()).isPositive();

            assertThat(vault.call("PUT", "sys/rotate", root, null).status()).isEqualTo(204);
            JsonNode after = vault.call("GET", "sys/key-status", root, null).json();
            assertThat(after.at("/data/term").asInt()).isEqualTo(2);
            assertThat(Instant.parse(after.at("/data/install_time").asText()))
                    .isAfterOrEqualTo(Instant.parse(before.at("/data/install_time").asText()));
            assertThat(vault.call("PUT", "kv/after", root, Map.of("v", "new")).status()).isEqualTo(204);
        }
        try (TestVault again = TestVault.of(VaultServer.builder().storage(new FileStorage(dir), "file"))) {
            assertThat(unseal(again, first.keys().subList(1, 3)).get("sealed").asBoolean()).isFalse();
            assertThat(again.call("GET", "kv/before", root, null).json().at("/data/v").asText()).isEqualTo("old");
            assertThat(again.call("GET", "kv/after", root, null).json().at("/data/v").asText()).isEqualTo("new");
            assertThat(again.call("GET", "sys/key-status", root, null).json().at("/data/term").asInt()).isEqualTo(2);
        }
    }

    @Test
    void rotateNeedsSudo() {
        try (TestVault vault = TestVault.dev()) {
            String root = vault.rootToken();
            vault.call("PUT", "sys/policies/acl/rotator", root, Map.of("policy", "path \"sys/rotate\" { capabilities = [\"update\"] }"));
            String token = vault.call("POST", "auth/token/create", root, Map.of("policies", List.of("rotator"))).json().at("/auth/client_token").asText();
            assertThat(vault.call("PUT", "sys/rotate", token, null).status()).isEqualTo(403);
            assertThat(vault.call("GET", "sys/key-status", root, null).json().at("/data/term").asInt()).isEqualTo(1);
        }
    }

    @Test
    void rekeyHandsOutNewSharesAndTheOldOnesStopUnsealing(@TempDir Path dir) {
        Initialized init = initialize(dir, 3, 2);
        try (TestVault vault = init.vault()) {
            JsonNode idle = vault.call("GET", "sys/rekey/init", null, null).json();
            assertThat(idle.get("started").asBoolean()).isFalse();
            assertThat(idle.get("required").asInt()).isEqualTo(2);

            TestVault.Reply started = vault.call("PUT", "sys/rekey/init", null, Map.of("secret_shares", 5, "secret_threshold", 3));
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            String nonce = started.json().get("nonce").asText();
            assertThat(started.json().get("started").asBoolean()).isTrue();
            assertThat(started.json().get("n").asInt()).isEqualTo(5);
            assertThat(started.json().get("t").asInt()).isEqualTo(3);
            assertThat(vault.call("PUT", "sys/rekey/init", null, Map.of("secret_shares", 5, "secret_threshold", 3)).json().at("/errors/0").asText())
                    .isEqualTo("rekey already in progress");

            TestVault.Reply wrongNonce = vault.call("PUT", "sys/rekey/update", null, Map.of("key", init.keys().get(0), "nonce", "nope"));
            assertThat(wrongNonce.status()).isEqualTo(400);
            assertThat(wrongNonce.json().at("/errors/0").asText()).startsWith("incorrect nonce supplied");

            JsonNode one = vault.call("PUT", "sys/rekey/update", null, Map.of("key", init.keys().get(0), "nonce", nonce)).json();
            assertThat(one.get("progress").asInt()).isEqualTo(1);
            assertThat(one.has("complete")).isFalse();
            JsonNode done = vault.call("PUT", "sys/rekey/update", null, Map.of("key", init.keys().get(2), "nonce", nonce)).json();
            assertThat(done.get("complete").asBoolean()).isTrue();
            assertThat(done.get("keys")).hasSize(5);
            assertThat(done.get("keys_base64")).hasSize(5);
            assertThat(done.get("verification_required").asBoolean()).isFalse();
            List<String> newKeys = new ArrayList<>();
            done.get("keys").forEach(k -> newKeys.add(k.asText()));
            assertThat(vault.call("GET", "sys/rekey/init", null, null).json().get("started").asBoolean()).isFalse();

            assertThat(vault.call("PUT", "sys/seal", init.root(), null).status()).isEqualTo(204);
            JsonNode sealed = vault.call("GET", "sys/seal-status", null, null).json();
            assertThat(sealed.get("n").asInt()).isEqualTo(5);
            assertThat(sealed.get("t").asInt()).isEqualTo(3);
            vault.call("PUT", "sys/unseal", null, Map.of("key", init.keys().get(0)));
            vault.call("PUT", "sys/unseal", null, Map.of("key", init.keys().get(1)));
            TestVault.Reply old = vault.call("PUT", "sys/unseal", null, Map.of("key", init.keys().get(2)));
            assertThat(old.status()).isEqualTo(400);
            assertThat(old.body()).doesNotContain(init.keys().get(2));
            assertThat(unseal(vault, newKeys.subList(1, 4)).get("sealed").asBoolean()).isFalse();
            assertThat(vault.call("GET", "sys/key-status", init.root(), null).status()).isEqualTo(200);
        }
    }

    @Test
    void rekeyWithVerificationKeepsTheOldSharesUntilTheNewOnesAreGivenBack(@TempDir Path dir) {
        Initialized init = initialize(dir, 1, 1);
        try (TestVault vault = init.vault()) {
            String nonce = vault.call("PUT", "sys/rekey/init", null,
                    Map.of("secret_shares", 3, "secret_threshold", 2, "require_verification", true)).json().get("nonce").asText();
            JsonNode done = vault.call("PUT", "sys/rekey/update", null, Map.of("key", init.keys().get(0), "nonce", nonce)).json();
            assertThat(done.get("complete").asBoolean()).isTrue();
            assertThat(done.get("verification_required").asBoolean()).isTrue();
            String verifyNonce = done.get("verification_nonce").asText();
            List<String> newKeys = new ArrayList<>();
            done.get("keys_base64").forEach(k -> newKeys.add(k.asText()));

            JsonNode status = vault.call("GET", "sys/rekey/verify", null, null).json();
            assertThat(status.get("nonce").asText()).isEqualTo(verifyNonce);
            assertThat(status.get("t").asInt()).isEqualTo(2);
            // Not yet verified: the old single key still unseals.
            vault.call("PUT", "sys/seal", init.root(), null);
            assertThat(unseal(vault, init.keys()).get("sealed").asBoolean()).isFalse();

            assertThat(vault.call("PUT", "sys/rekey/verify", null, Map.of("key", newKeys.get(2), "nonce", verifyNonce)).json().get("progress").asInt())
                    .isEqualTo(1);
            JsonNode verified = vault.call("PUT", "sys/rekey/verify", null, Map.of("key", newKeys.get(0), "nonce", verifyNonce)).json();
            assertThat(verified.get("complete").asBoolean()).isTrue();

            vault.call("PUT", "sys/seal", init.root(), null);
            assertThat(vault.call("PUT", "sys/unseal", null, Map.of("key", init.keys().get(0))).json().get("progress").asInt()).isEqualTo(1);
            vault.call("PUT", "sys/unseal", null, Map.of("reset", true));
            assertThat(unseal(vault, newKeys.subList(0, 2)).get("sealed").asBoolean()).isFalse();
        }
    }

    @Test
    void generatedRootTokenDecodesWithTheOtpAndWorksAsRoot() {
        try (TestVault vault = TestVault.dev()) {
            JsonNode idle = vault.call("GET", "sys/generate-root/attempt", null, null).json();
            assertThat(idle.get("started").asBoolean()).isFalse();
            int otpLength = idle.get("otp_length").asInt();
            assertThat(otpLength).isEqualTo(28);
            String otp = "A".repeat(otpLength - 3) + "b9Z";
            JsonNode started = vault.call("PUT", "sys/generate-root/attempt", null, Map.of("otp", otp)).json();
            assertThat(started.get("started").asBoolean()).isTrue();
            assertThat(started.get("otp").asText()).isEmpty();
            assertThat(started.get("required").asInt()).isEqualTo(1);

            JsonNode done = vault.call("PUT", "sys/generate-root/update", null,
                    Map.of("key", vault.server().unsealKey(), "nonce", started.get("nonce").asText())).json();
            assertThat(done.get("complete").asBoolean()).isTrue();
            assertThat(done.get("encoded_root_token").asText()).isEqualTo(done.get("encoded_token").asText());
            String token = decode(done.get("encoded_token").asText(), otp);
            assertThat(token).startsWith("hvs.").isNotEqualTo(vault.rootToken());

            JsonNode self = vault.call("GET", "auth/token/lookup-self", token, null).json();
            assertThat(self.at("/data/policies/0").asText()).isEqualTo("root");
            assertThat(vault.call("PUT", "sys/rotate", token, null).status()).isEqualTo(204);
            assertThat(vault.call("GET", "sys/generate-root/attempt", null, null).json().get("started").asBoolean()).isFalse();
        }
    }

    @Test
    void rootGenerationIsAuditedWithTheKeyAndEncodedTokenHashed(@TempDir Path dir) throws Exception {
        try (TestVault vault = TestVault.dev()) {
            Path log = dir.resolve("audit.log");
            vault.call("PUT", "sys/audit/file", vault.rootToken(), Map.of("type", "file", "options", Map.of("file_path", log.toString())));
            String nonce = vault.call("PUT", "sys/generate-root/attempt", null, Map.of()).json().get("nonce").asText();
            String unsealKey = vault.server().unsealKey();
            JsonNode done = vault.call("PUT", "sys/generate-root/update", null, Map.of("key", unsealKey, "nonce", nonce)).json();
            assertThat(done.get("complete").asBoolean()).isTrue();

            String all = java.nio.file.Files.readString(log);
            assertThat(all).contains("sys/generate-root/update").contains("sys/generate-root/attempt");
            assertThat(all).doesNotContain(unsealKey).doesNotContain(done.get("encoded_token").asText());
        }
    }

    @Test
    void attemptWithoutOtpReturnsAGeneratedOneAndCanBeCancelled(@TempDir Path dir) {
        Initialized init = initialize(dir, 3, 2);
        try (TestVault vault = init.vault()) {
            JsonNode started = vault.call("PUT", "sys/generate-root/attempt", null, Map.of()).json();
            String otp = started.get("otp").asText();
            assertThat(otp).hasSize(28);
            assertThat(vault.call("GET", "sys/generate-root/attempt", null, null).json().get("otp").asText()).isEmpty();
            String nonce = started.get("nonce").asText();
            JsonNode one = vault.call("PUT", "sys/generate-root/update", null, Map.of("key", init.keys().get(1), "nonce", nonce)).json();
            assertThat(one.get("progress").asInt()).isEqualTo(1);
            assertThat(one.get("complete").asBoolean()).isFalse();
            TestVault.Reply again = vault.call("PUT", "sys/generate-root/update", null, Map.of("key", init.keys().get(1), "nonce", nonce));
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.json().at("/errors/0").asText()).isEqualTo("given key has already been provided during this generation operation");

            assertThat(vault.call("DELETE", "sys/generate-root/attempt", null, null).status()).isEqualTo(204);
            assertThat(vault.call("GET", "sys/generate-root/attempt", null, null).json().get("progress").asInt()).isZero();

            String nonce2 = vault.call("PUT", "sys/generate-root/attempt", null, null).json().get("nonce").asText();
            vault.call("PUT", "sys/generate-root/update", null, Map.of("key", init.keys().get(0), "nonce", nonce2));
            JsonNode done = vault.call("PUT", "sys/generate-root/update", null, Map.of("key", init.keys().get(2), "nonce", nonce2)).json();
            assertThat(done.get("complete").asBoolean()).isTrue();
        }
    }

    @Test
    void hostileOrUnsupportedInputGetsClearErrorsWithoutEchoingKeys(@TempDir Path dir) {
        Initialized init = initialize(dir, 3, 2);
        try (TestVault vault = init.vault()) {
            TestVault.Reply pgp = vault.call("PUT", "sys/rekey/init", null, Map.of("secret_shares", 1, "secret_threshold", 1, "pgp_keys", List.of("a2V5")));
            assertThat(pgp.status()).isEqualTo(400);
            assertThat(pgp.json().at("/errors/0").asText()).contains("pgp_keys").doesNotContain("a2V5");
            assertThat(vault.call("PUT", "sys/rekey/init", null, Map.of("secret_shares", 1, "secret_threshold", 1, "backup", true)).json()
                    .at("/errors/0").asText()).isEqualTo("cannot request a backup of the new keys without providing PGP keys for encryption");
            assertThat(vault.call("PUT", "sys/rekey/init", null, Map.of("secret_shares", 2, "secret_threshold", 3)).json()
                    .at("/errors/0").asText()).isEqualTo("invalid rekey seal configuration: threshold cannot be larger than shares");
            assertThat(vault.call("PUT", "sys/generate-root/attempt", null, Map.of("pgp_key", "bXlrZXk=")).status()).isEqualTo(400);
            assertThat(vault.call("PUT", "sys/generate-root/attempt", null, Map.of("otp", "short")).json().at("/errors/0").asText())
                    .startsWith("OTP string is wrong length");
            assertThat(vault.call("PUT", "sys/generate-root/update", null, Map.of("key", init.keys().get(0), "nonce", "x")).json()
                    .at("/errors/0").asText()).isEqualTo("no root generation in progress");
            assertThat(vault.call("GET", "sys/rekey/backup", init.root(), null).status()).isEqualTo(404);

            // Shares of another server: the threshold is reached, verification fails, nothing is echoed.
            String nonce = vault.call("PUT", "sys/rekey/init", null, Map.of("secret_shares", 1, "secret_threshold", 1)).json().get("nonce").asText();
            String foreign = "ab".repeat(33);
            vault.call("PUT", "sys/rekey/update", null, Map.of("key", foreign, "nonce", nonce));
            TestVault.Reply failed = vault.call("PUT", "sys/rekey/update", null, Map.of("key", "cd".repeat(33), "nonce", nonce));
            assertThat(failed.status()).isEqualTo(400);
            assertThat(failed.body()).contains("root key verification failed").doesNotContain(foreign);
            TestVault.Reply noKey = vault.call("PUT", "sys/rekey/update", null, Map.of("nonce", nonce));
            assertThat(noKey.json().at("/errors/0").asText()).isEqualTo("'key' must be specified in request body as JSON");
            assertThat(vault.call("DELETE", "sys/rekey/init", null, null).status()).isEqualTo(204);
        }
    }

    @Test
    void operatorKeyEndpointsAnswer503WhileSealedAnd400BeforeInit(@TempDir Path dir) {
        try (TestVault fresh = TestVault.of(VaultServer.builder().storage(new FileStorage(dir.resolve("fresh")), "file"))) {
            TestVault.Reply r = fresh.call("GET", "sys/rekey/init", null, null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().at("/errors/0").asText()).isEqualTo("server is not yet initialized");
        }
        Initialized init = initialize(dir.resolve("init"), 3, 2);
        try (TestVault vault = init.vault()) {
            vault.call("PUT", "sys/seal", init.root(), null);
            for (String path : List.of("sys/rekey/init", "sys/rekey/verify", "sys/generate-root/attempt")) {
                TestVault.Reply sealed = vault.call("GET", path, null, null);
                assertThat(sealed.status()).as(path).isEqualTo(503);
                assertThat(sealed.json().at("/errors/0").asText()).isEqualTo("Vault is sealed");
            }
            assertThat(vault.call("PUT", "sys/generate-root/attempt", null, Map.of()).status()).isEqualTo(503);
            assertThat(vault.call("GET", "sys/key-status", init.root(), null).status()).isEqualTo(503);
            assertThat(vault.call("PUT", "sys/rotate", init.root(), null).status()).isEqualTo(503);
        }
    }
}
