package org.flowvault.vault.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The transport's tree builder must build exactly the tree Jackson's {@code readTree} builds. */
class ClientJsonParseTest {

    private static void sameAsReadTree(String json) throws IOException {
        byte[] padded = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        assertThat(ClientJson.parse(padded, 2, length)).as(json).isEqualTo(ClientJson.MAPPER.readTree(json));
    }

    @Test
    void answersShouldParseToTheSameTreeAsReadTree() throws IOException {
        sameAsReadTree("{\"request_id\":\"2439595d\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,"
                + "\"data\":{\"data\":{\"password\":\"s3cr3t\",\"n\":[1,2.5,-3,12345678901,123456789012345678901234567890,true,null,{}]},"
                + "\"metadata\":{\"created_time\":\"2026-11-25T01:18:34.092763312Z\",\"custom_metadata\":null,\"version\":1}},"
                + "\"wrap_info\":null,\"warnings\":[],\"auth\":null}");
        sameAsReadTree("[]");
        sameAsReadTree("[[[\"\\u00e9\\n\\\"\"]]]");
        sameAsReadTree("\"just a string\"");
        sameAsReadTree("42");
        sameAsReadTree("{\"dup\":1,\"dup\":2}");
        sameAsReadTree("{\"ünïcødé\":\"値\",\"e\":1e3,\"f\":-0.0}");
    }

    @Test
    void brokenJsonShouldFailAndEmptyInputShouldBeNull() throws IOException {
        for (String bad : new String[] {"{\"data\": \"p4ss", "{\"a\":}", "[1,2", "{\"a\" 1}", "nope"}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> ClientJson.parse(b, 0, b.length)).as(bad).isInstanceOf(IOException.class);
        }
        assertThat(ClientJson.parse(new byte[8], 3, 0)).isNull();
    }
}
