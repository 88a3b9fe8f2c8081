package org.flowvault.vault.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowvault.vault.server.internal.Durations;

/** Turns the parsed file into a {@link ServerConfig}: storage, listener, lease TTLs, warnings. */
final class ConfigReader {
    /** Vault's system default for both TTLs: 32 days. */
    static final Duration DEFAULT_TTL = Duration.ofHours(768);
    private static final String STORAGE_EXAMPLES =
            "storage \"file\" { path = \"/path/to/data\" } or storage \"inmem\" {} (data is lost on restart)";

    private ConfigReader() {
    }

    static ServerConfig read(Map<String, Object> root, ParseContext context) {
        List<Block> storages = new ArrayList<>();
        List<Block> listeners = new ArrayList<>();
        for (Map.Entry<String, Object> entry : root.entrySet()) {
            String key = entry.getKey();
            switch (key) {
                case "storage", "backend" -> storages.addAll(Block.all(key, entry.getValue(), context));
                case "listener" -> listeners.addAll(Block.all(key, entry.getValue(), context));
                case "default_lease_ttl", "max_lease_ttl" -> {
                    // read below, once both are known
                }
                default -> context.warn(KnownKeys.ignoredWarning(
                        "config", key, KnownKeys.TOP_LEVEL_IGNORED, KnownKeys.TOP_LEVEL_USED));
            }
        }
        ServerConfig.Storage storage = storage(storages, context);
        ServerConfig.Listener listener = ListenerReader.read(listeners, context);
        Duration defaultTtl = ttl("default_lease_ttl", root.get("default_lease_ttl"), context);
        Duration maxTtl = ttl("max_lease_ttl", root.get("max_lease_ttl"), context);
        if (defaultTtl.compareTo(maxTtl) > 0) {
            throw context.error("default_lease_ttl", describeTtl(defaultTtl, root.get("default_lease_ttl"))
                    + " is longer than max_lease_ttl " + describeTtl(maxTtl, root.get("max_lease_ttl"))
                    + "; lower default_lease_ttl or raise max_lease_ttl");
        }
        return new ServerConfig(storage, listener, defaultTtl, maxTtl, context.warnings());
    }

    private static ServerConfig.Storage storage(List<Block> storages, ParseContext context) {
        if (storages.isEmpty()) {
            throw context.error("storage", "no storage block; add " + STORAGE_EXAMPLES);
        }
        if (storages.size() > 1) {
            String found = storages.stream().map(Block::describe).collect(Collectors.joining(", "));
            throw context.error("storage", storages.size() + " storage blocks found (" + found
                    + "); keep exactly one, " + STORAGE_EXAMPLES);
        }
        Block block = storages.getFirst();
        String scope = block.describe();
        return switch (block.label()) {
            case "file" -> {
                warnIgnored(block, Set.of("path"), context);
                if (block.body().get("path") == null) {
                    throw context.error(scope + " path", "is missing; add path = \"/path/to/data\" to the block");
                }
                Path path = context.path(scope + " path", block.body().get("path"), "\"/path/to/data\"");
                yield new ServerConfig.Storage("file", path);
            }
            case "inmem" -> {
                warnIgnored(block, Set.of(), context);
                yield new ServerConfig.Storage("inmem", null);
            }
            default -> throw context.error(scope, "is not supported by the Flowvault embedded server; the supported"
                    + " storage types are \"file\" and \"inmem\", e.g. " + STORAGE_EXAMPLES);
        };
    }

    private static void warnIgnored(Block block, Set<String> used, ParseContext context) {
        for (String key : block.body().keySet()) {
            if (!used.contains(key)) {
                context.warn(KnownKeys.ignoredWarning(block.describe(), key, Set.of(), used));
            }
        }
    }

    /** A lease TTL; absent or zero means Vault's default, as in Vault. */
    private static Duration ttl(String key, Object value, ParseContext context) {
        if (value == null) {
            return DEFAULT_TTL;
        }
        String fix = "; use a duration such as \"768h\" or \"30m\", or a number of seconds";
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw context.error(key, ParseContext.describe(value) + " is not a duration" + fix);
        }
        Duration ttl;
        try {
            ttl = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw context.error(key, ParseContext.describe(value) + " is not a duration" + fix);
        }
        if (ttl.isNegative()) {
            throw context.error(key, ParseContext.describe(value) + " is negative" + fix);
        }
        return ttl.isZero() ? DEFAULT_TTL : ttl;
    }

    /** "(768h0m0s, the default)" or "(1h0m0s)"; only called after {@link #ttl} accepted the value. */
    private static String describeTtl(Duration ttl, Object raw) {
        boolean fallback = raw == null || Durations.parse(raw).isZero();
        return "(" + Durations.format(ttl) + (fallback ? ", the default)" : ")");
    }
}
