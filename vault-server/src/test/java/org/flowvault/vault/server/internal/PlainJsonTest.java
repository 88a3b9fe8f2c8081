package org.flowvault.vault.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain bodies read exactly as Jackson reads them; every other body is left to Jackson. */
class PlainJsonTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> jackson(String body) throws IOException {
        return ServerJson.MAPPER.readValue(utf8(body), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** Same entries, same order, same classes all the way down. */
    private static void assertSameAs(Object expected, Object actual) {
        assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass());
        assertEquals(expected, actual);
        if (expected instanceof Map<?, ?> e) {
            Map<?, ?> a = (Map<?, ?>) actual;
            assertEquals(List.copyOf(e.keySet()), List.copyOf(a.keySet()));
            for (Object k : e.keySet()) {
                assertSameAs(e.get(k), a.get(k));
            }
        }
    }

    @Test
    void plainBodiesReadAsJacksonReadsThem() throws IOException {
        for (String body : List.of(
                "{}",
                " \t\r\n{ } \n",
                "{\"data\":{\"username\":\"bench\",\"password\":\"s3cr3t-0123456789abcdef\"}}",
                "{\"options\":{\"cas\":null},\"data\":{\"b\":\"2\",\"a\":\"1\",\"t\":true,\"f\":false,\"n\":null}}",
                "{ \"a\" : { } , \"b\" : \"\" }",
                "{\"a\":{\"b\":{\"c\":{\"d\":\"deep\"}}}}")) {
            Map<String, Object> plain = PlainJson.object(utf8(body));
            assertNotNull(plain, body);
            assertSameAs(jackson(body), plain);
            assertSameAs(jackson(body), ServerJson.readRequest(utf8(body)));
        }
    }

    @Test
    void anythingElseIsLeftToJackson() {
        for (String body : List.of(
                "", "null", "[]", "\"s\"", "{", "{}}", "{} x", "{}{}", "{\"a\":1}", "{\"a\":[]}", "{\"a\":\"\\n\"}",
                "{\"a\":\"é\"}", "{\"a\":\"tab\there\"}", "{\"a\":truex}", "{\"a\":tru}", "{\"a\":\"1\",\"a\":\"2\"}",
                "{a:\"1\"}", "{\"a\":\"1\",}", "{\"a\" \"1\"}", "\uFEFF{}", "{\"a\":\"" + "x".repeat(5000) + "\"}",
                "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}")) {
            assertNull(PlainJson.object(utf8(body)), body);
        }
    }

    @Test
    void badBodiesStillFailAsJacksonFails() {
        for (String body : List.of("", "[]", "{", "{}}", "{} x", "{\"a\":truex}", "{\"a\":\"1\",}")) {
            assertThrows(IOException.class, () -> ServerJson.readRequest(utf8(body)), body);
        }
    }
}
