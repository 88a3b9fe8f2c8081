package org.flowvault.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;

/** How the CLI prints API answers for people. */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** Prints an API answer as indented JSON (scriptable with jq). */
    public static void printJson(PrintStream out, JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            out.println(node.toString());
        }
    }

    /** A resolved connection: one line per input with its source; Vault values arrive masked from the server. */
    public static void printResolution(PrintStream out, JsonNode r) {
        out.println("    connection " + r.path("connection").asText() + " (" + r.path("type").asText() + ")"
                + (r.path("stale").asBoolean() ? "  [STALE: Vault unreachable, cached secrets served]" : ""));
        int width = 4;
        for (Iterator<String> it = r.path("inputs").fieldNames(); it.hasNext(); ) {
            width = Math.max(width, it.next().length());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("inputs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode src = r.path("sources").path(e.getKey());
            StringBuilder from = new StringBuilder(src.path("kind").asText());
            for (JsonNode o : src.path("origins")) {
                from.append(' ').append(o.path("config").asText()).append(':').append(o.path("path").asText());
            }
            String value = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
            out.printf("    %-" + width + "s = %-40s  <- %s%n", e.getKey(), value, from);
        }
    }
}
