package org.flowvault.cli.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.flowvault.platform.masking.Masker;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.connection.Resolution;

/** How the CLI prints API answers for people. */
public final class Output {
    /** The one masking glyph: what the platform's masker puts in logs and outputs, and what the API shows. */
    public static final String MASK = Masker.REPLACEMENT;

    /**
     * The SDK's records as indented JSON in the API's own field names (snake case), instants as
     * ISO text, and every {@link Secret} as {@link #MASK}: a command that must show a secret
     * (a key shown once) prints it on purpose, never through this.
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new SimpleModule()
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(URI.class, ToStringSerializer.instance)
                    .addSerializer(Secret.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Secret s, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(MASK);
                        }
                    }));

    private Output() {
    }

    /** Prints an SDK record (or map, list) as indented JSON (scriptable with jq), secrets masked. */
    public static void printJson(PrintStream out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliError("cannot print the answer as JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * A record (or map) for people: one {@code field: value} line per field in the API's names,
     * nested values as JSON, nulls left out, secrets masked as in {@link #printJson}.
     */
    public static void printFields(PrintStream out, Object value) {
        Map<String, Object> fields = JSON.convertValue(value, new TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        fields.values().removeIf(java.util.Objects::isNull);
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        fields.forEach((k, v) -> out.printf("%-" + width + "s %s%n", k + ":", text(v)));
    }

    /** Prints an SDK record as one line of JSON (JSON lines, for export pipelines), secrets masked. */
    public static void printJsonLine(PrintStream out, Object value) {
        try {
            out.println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliError("cannot print the answer as JSON: " + e.getOriginalMessage());
        }
    }

    /** A resolved connection: one line per input with its source; Vault values arrive masked from the server. */
    public static void printResolution(PrintStream out, Resolution r) {
        out.println("    connection " + r.connection() + " (" + r.type() + ")"
                + (r.stale() ? "  [STALE: Vault unreachable, cached secrets served]" : ""));
        int width = 4;
        for (String k : r.inputs().keySet()) {
            width = Math.max(width, k.length());
        }
        for (Map.Entry<String, Object> e : r.inputs().entrySet()) {
            Resolution.Source src = r.sources().get(e.getKey());
            StringBuilder from = new StringBuilder(src == null ? "" : String.valueOf(src.kind()));
            if (src != null) {
                for (Resolution.Origin o : src.origins()) {
                    from.append(' ').append(o.config()).append(':').append(o.path());
                }
            }
            out.printf("    %-" + width + "s = %-40s  <- %s%n", e.getKey(), text(e.getValue()), from);
        }
    }

    /** A value for a line of text: a string as is, anything else as JSON. */
    public static String text(Object v) {
        if (v == null || v instanceof String) {
            return String.valueOf(v);
        }
        try {
            return new ObjectMapper().writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }
}
