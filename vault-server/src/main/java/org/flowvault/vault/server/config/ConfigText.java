package org.flowvault.vault.server.config;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * Turns config file text into nested maps, lists and scalars, as JSON or as HCL.
 *
 * <p>Vault reads both with HCL 1, for which JSON is a subset. Here JSON goes to Jackson (better
 * messages, exact numbers) when the file name ends in {@code .json} or the text starts with
 * <code>{</code>, and everything else to hcl4j.
 */
final class ConfigText {
    /**
     * hcl4j evaluates HCL 2 interpolations, turning {@code "${foo}"} into {@code "foo"}; Vault's HCL 1
     * keeps the text. So {@code ${} is hidden from hcl4j behind this marker and put back afterwards.
     */
    private static final String DOLLAR_BRACE = "__flowvault_dollar_brace__";
    private static final ObjectReader JSON = ServerJson.MAPPER.readerFor(Object.class)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigText() {
    }

    static Map<String, Object> read(String text, String fileName) {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (content.isBlank()) {
            return Map.of();
        }
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return readJson(content, fileName, "fix the JSON syntax");
        }
        if (content.stripLeading().startsWith("{")) {
            return readJson(content, fileName, "fix the JSON syntax (text starting with '{' is read as JSON)");
        }
        return readHcl(content, fileName);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(String content, String fileName, String fix) {
        Object root;
        try {
            root = JSON.readValue(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(fileName + ": not valid JSON: " + where + oneLine(e.getOriginalMessage())
                    + "; " + fix, e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(fileName + ": the top level must be a JSON object such as "
                    + "{\"storage\": {\"file\": {\"path\": \"/path/to/data\"}}, \"listener\": {\"tcp\": {}}}");
        }
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> readHcl(String content, String fileName) {
        HclBraces.check(content, fileName);
        boolean hide = content.contains("${") && !content.contains(DOLLAR_BRACE);
        Map<String, Object> parsed;
        try {
            parsed = new HCLParser().parse(hide ? content.replace("${", DOLLAR_BRACE + "{") : content);
        } catch (HCLParserException | IOException | RuntimeException e) {
            // hcl4j wraps its own exception in RuntimeException, and fails with others on odd input
            throw new ConfigException(fileName + ": not valid HCL: " + hclMessage(e)
                    + "; fix the syntax, or write the file as JSON", e);
        } catch (StackOverflowError e) {
            // hcl4j evaluates unquoted words as references and recurses forever on "x = x"
            throw new ConfigException(fileName + ": not valid HCL: a value refers to itself (such as ui = ui);"
                    + " quote string values, e.g. address = \"127.0.0.1:8200\"", e);
        }
        if (parsed == null) {
            return Map.of();
        }
        return hide ? restoreMap(parsed) : parsed;
    }

    private static String hclMessage(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HCLParserException && t.getMessage() != null) {
                return oneLine(t.getMessage());
            }
        }
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static Object restore(Object value) {
        if (value instanceof String s) {
            return s.replace(DOLLAR_BRACE + "{", "${");
        }
        if (value instanceof Map<?, ?> map) {
            return restoreMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(restore(element)));
            return copy;
        }
        return value;
    }

    private static Map<String, Object> restoreMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put((String) restore(String.valueOf(key)), restore(value)));
        return copy;
    }
}
