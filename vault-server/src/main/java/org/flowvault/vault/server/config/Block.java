package org.flowvault.vault.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One labeled block such as {@code listener "tcp" { ... }}.
 *
 * <p>HCL and JSON spell the same blocks several ways, and hcl4j adds its own: {@code {"tcp": {...}}},
 * {@code {"tcp": [{...}, {...}]}} when a label repeats, and {@code [{"tcp": {...}}]} in JSON.
 * {@link #all} flattens them all into a list in file order (per label, for hcl4j).
 *
 * @param kind  the key as written ({@code storage}, {@code backend}, {@code listener})
 * @param label the block's type label ({@code file}, {@code tcp})
 * @param body  the block's keys and values
 */
record Block(String kind, String label, Map<String, Object> body) {

    /** {@code listener "tcp"}, for messages. */
    String describe() {
        return kind + " \"" + label + "\"";
    }

    static List<Block> all(String kind, Object value, ParseContext context) {
        List<Block> blocks = new ArrayList<>();
        collect(kind, value, context, blocks);
        return blocks;
    }

    private static void collect(String kind, Object value, ParseContext context, List<Block> blocks) {
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!(element instanceof Map<?, ?>)) {
                    throw notABlock(kind, context);
                }
                collect(kind, element, context, blocks);
            }
            return;
        }
        if (!(value instanceof Map<?, ?> labels)) {
            throw notABlock(kind, context);
        }
        for (Map.Entry<?, ?> entry : labels.entrySet()) {
            String label = String.valueOf(entry.getKey());
            if (entry.getValue() instanceof List<?> bodies) {
                for (Object body : bodies) {
                    blocks.add(new Block(kind, label, body(kind, body, context)));
                }
            } else {
                blocks.add(new Block(kind, label, body(kind, entry.getValue(), context)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(String kind, Object body, ParseContext context) {
        if (body instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw notABlock(kind, context);
    }

    private static ConfigException notABlock(String kind, ParseContext context) {
        String example = kind.equals("listener")
                ? "listener \"tcp\" { address = \"127.0.0.1:8200\" }"
                : kind + " \"file\" { path = \"/path/to/data\" }";
        return context.error(kind, "must be a block with a type label, e.g. " + example);
    }
}
