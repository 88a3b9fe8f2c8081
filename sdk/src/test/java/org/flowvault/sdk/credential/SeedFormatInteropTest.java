package org.flowvault.sdk.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Format v1 against an independent implementation of the seed product's format: Debian's
 * python3-cryptography, driven by {@code seed_v1_format.py} (which encrypts {@code json.dumps}
 * of each value, as the seed product's Python SDK does: non-ASCII escaped as {@code \\uXXXX}).
 * Both directions, with values that stress the JSON text: quotes, backslashes, non-ASCII,
 * a character outside the BMP, an empty string, 16 KiB, and a proxy object.
 * Needs {@code /usr/bin/python3} with {@code python3-cryptography} ({@code scripts/test-prereqs}).
 */
class SeedFormatInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final FieldId FIELD = new FieldId("acme", "https://portal.example.com", "user-123", "password");

    private static List<JsonNode> values() {
        List<JsonNode> values = new ArrayList<>();
        for (String s : List.of("alice@example.com", "p\"a'ss\\w/o{r}d\n\t", "Jürgen Müller — 東京 😀", "", "x".repeat(16 * 1024))) {
            values.add(JSON.getNodeFactory().textNode(s));
        }
        values.add(JSON.valueToTree(Map.of("enable", true, "target_ip", "203.0.113.7")));
        values.add(JSON.getNodeFactory().textNode("http://user:pa%40ss@proxy.example.com:3128"));
        return values;
    }

    @Test
    void ciphertextsWrittenByTheSeedFormatInPythonDecryptInJava() throws Exception {
        CredentialKey key = CredentialKey.generate();
        List<JsonNode> values = values();

        JsonNode answer = python(key, values, List.of());

        JsonNode encrypted = answer.path("encrypted");
        assertThat(encrypted.size()).isEqualTo(values.size());
        for (int i = 0; i < values.size(); i++) {
            String stored = encrypted.get(i).asText();
            assertThat(stored).as("python wrote lowercase hex").matches("[0-9a-f]+");
            assertThat(FieldCipher.isV2(stored)).isFalse();
            String jsonText = FieldCipher.decrypt(key, FIELD, stored);
            assertThat(JSON.readTree(jsonText)).as("value %d", i).isEqualTo(values.get(i));
            assertThat(FieldCipher.decrypt(Map.of(1, CredentialKey.generate(), 2, key), FIELD, stored)).isEqualTo(jsonText);
        }
    }

    @Test
    void ciphertextsWrittenInV1ByJavaDecryptInPython() throws Exception {
        CredentialKey key = CredentialKey.generate();
        List<JsonNode> values = values();
        List<String> stored = new ArrayList<>();
        for (JsonNode v : values) {
            stored.add(FieldCipher.encryptV1(key, JSON.writeValueAsString(v)));
        }

        JsonNode decrypted = python(key, List.of(), stored).path("decrypted");

        assertThat(decrypted.size()).isEqualTo(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(decrypted.get(i).path("error").isMissingNode()).as("python failed on value %d: %s", i, decrypted.get(i)).isTrue();
            assertThat(decrypted.get(i).path("value")).as("value %d", i).isEqualTo(values.get(i));
        }
    }

    @Test
    void neitherSideAcceptsTheOthersCiphertextUnderAnotherKeyOrAV2CiphertextAsV1() throws Exception {
        CredentialKey key = CredentialKey.generate();
        CredentialKey other = CredentialKey.generate();
        String v2 = FieldCipher.encrypt(key, 1, FIELD, "\"secret\"");
        String v1 = FieldCipher.encryptV1(other, "\"secret\"");

        JsonNode answer = python(key, List.of(JSON.getNodeFactory().textNode("secret")), List.of(v2.substring("v2:1:".length()), v1));

        for (JsonNode d : answer.path("decrypted")) {
            assertThat(d.path("error").asText()).isEqualTo("InvalidTag");
        }
        String fromPython = answer.path("encrypted").get(0).asText();
        try {
            FieldCipher.decrypt(other, FIELD, fromPython);
            throw new AssertionError("a ciphertext under another key decrypted");
        } catch (CredentialDecryptionException e) {
            assertThat(e.getMessage()).contains("field password", "user-123").doesNotContain(fromPython).doesNotContain("secret\"");
        }
    }

    /** Runs the Python side once: encrypts {@code encrypt}, decrypts {@code decrypt}, all under {@code key}. */
    private static JsonNode python(CredentialKey key, List<JsonNode> encrypt, List<String> decrypt) throws Exception {
        assertThat(Files.isExecutable(PYTHON)).as("the v1 interoperability test needs /usr/bin/python3 with Debian's "
                + "python3-cryptography (scripts/test-prereqs installs it)").isTrue();
        Path script = Path.of(SeedFormatInteropTest.class.getResource("seed_v1_format.py").toURI());
        ObjectNode request = JSON.createObjectNode().put("key", key.toHex());
        ArrayNode e = request.putArray("encrypt");
        encrypt.forEach(e::add);
        ArrayNode d = request.putArray("decrypt");
        decrypt.forEach(d::add);
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString());
        // the system interpreter sees only Debian's packages, not a virtualenv's
        pb.environment().keySet().removeAll(List.of("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"));
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(request));
        }
        byte[] out;
        byte[] err;
        try (var o = p.getInputStream(); var r = p.getErrorStream()) {
            out = o.readAllBytes();
            err = r.readAllBytes();
        } catch (IOException ex) {
            p.destroyForcibly();
            throw ex;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python ended").isTrue();
        assertThat(p.exitValue()).as("python failed: %s", new String(err, StandardCharsets.UTF_8)).isZero();
        JsonNode answer = JSON.readTree(out);
        assertThat(answer.path("cryptography").asText()).as("python3-cryptography is present").isNotEmpty();
        return answer;
    }
}
