package org.flowvault.vault.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server's one JSON mapper, and helpers for the map-shaped values Vault passes around. */
public final class ServerJson {
    // Every request runs on a fresh virtual thread, so Jackson's default thread-local buffer
    // recycling would allocate new buffers per request; a shared pool reuses them (bounded:
    // array-backed, so giving buffers back allocates no queue node).
    private static final int RECYCLED = 64;
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED)).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** How deep a request body may nest, as Vault's listener option {@code max_json_depth} (default 300). */
    public static final int MAX_REQUEST_DEPTH = 300;
    /** The longest string in a request body, as Vault's {@code max_json_string_value_length} (default 1 MiB). */
    public static final int MAX_REQUEST_STRING = 1024 * 1024;
    // Request bodies only: entries the server stored (a KV record wraps the data a request gave) are read with MAPPER.
    private static final ObjectMapper REQUEST = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED))
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_REQUEST_DEPTH).maxStringLength(MAX_REQUEST_STRING).build())
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    // Readers bound once: readValue(bytes, typeRef) resolves the type and its deserializer per call.
    private static final ObjectReader MAP_READER = MAPPER.readerFor(MAP);
    private static final ObjectReader REQUEST_READER = REQUEST.readerFor(MAP);

    private ServerJson() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a JSON object; throws {@link IOException} for anything else. */
    public static Map<String, Object> readMap(byte[] bytes) throws IOException {
        return MAP_READER.readValue(bytes);
    }

    /**
     * Reads a request body that must be a JSON object, within {@link #MAX_REQUEST_DEPTH} and
     * {@link #MAX_REQUEST_STRING}; throws {@link IOException} for anything else.
     */
    public static Map<String, Object> readRequest(byte[] bytes) throws IOException {
        Map<String, Object> plain = PlainJson.object(bytes);
        return plain != null ? plain : REQUEST_READER.readValue(bytes);
    }

    /** Reads a stored JSON object that the server wrote itself. */
    public static Map<String, Object> readStored(byte[] bytes) {
        try {
            return readMap(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("stored entry is not valid JSON", e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored entry is not valid JSON", e);
        }
    }
}
