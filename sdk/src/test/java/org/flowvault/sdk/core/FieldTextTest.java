package org.flowvault.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flowvault.sdk.credential.CredentialDecryptionException;
import org.flowvault.sdk.credential.FieldId;
import org.junit.jupiter.api.Test;

class FieldTextTest {
    private static final FieldId ID = new FieldId("p", "https://portal.example.com", "user-1", "password");

    @Test
    void writesEveryStringExactlyAsJacksonDoesAndReadsItBack() throws Exception {
        List<String> values = new ArrayList<>(List.of("", "x", "correct horse", "é ü 中文 😀", "quote \" inside", "back\\slash",
                "tab\there", "new\nline", "\u0000\u001f\u007f", "\u2028\u2029", "lone \ud800 surrogate", "\"", "\\", "x".repeat(16 * 1024)));
        Random random = new Random(7);
        String alphabet = "ab\"\\\n\t\u0001é\u00ff\u0100\ud83d\ude00 /<>&'";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(20); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(b.toString());
        }
        for (String v : values) {
            String text = FieldText.of(v);

            assertThat(text).isEqualTo(ResponseJson.MAPPER.writeValueAsString(v));
            assertThat(FieldText.parse(ID, text).textValue()).isEqualTo(ResponseJson.MAPPER.readTree(text).textValue());
        }
    }

    @Test
    void otherValuesGoThroughJackson() {
        assertThat(FieldText.of(Map.of("enable", true))).isEqualTo("{\"enable\":true}");
        JsonNode proxy = FieldText.parse(ID, "{\"enable\":true,\"target_ip\":\"10.0.0.1\"}");
        assertThat(proxy.path("target_ip").asText()).isEqualTo("10.0.0.1");
        assertThat(FieldText.parse(ID, "42").intValue()).isEqualTo(42);
        assertThat(FieldText.parse(ID, "\"a\\\"b\"").textValue()).isEqualTo("a\"b");
    }

    @Test
    void textThatIsNotOneJsonValueIsADecryptionErrorNamingTheField() {
        for (String bad : List.of("\"unterminated", "\"raw\ncontrol\"", "\"a\" \"b\"", "\"a\"b\"", "", "not json")) {
            assertThatThrownBy(() -> FieldText.parse(ID, bad)).as(bad).isInstanceOf(CredentialDecryptionException.class)
                    .hasMessageContaining("field password");
        }
    }
}
