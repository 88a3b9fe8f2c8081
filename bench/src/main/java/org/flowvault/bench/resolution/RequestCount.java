package org.flowvault.bench.resolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeMap;
import org.flowvault.platform.connection.Connection;

/**
 * Counts, at the server (its audit log), the Vault requests that 10,000 resolutions of a
 * connection with 4 attached paths make within the cache TTL. Prints one line per kind of
 * request and a total; the target is one read per distinct path.
 */
public final class RequestCount {
    private RequestCount() {
    }

    public static void main(String[] args) throws Exception {
        int resolutions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path audit = Files.createTempFile("flowvault-bench-audit", ".log");
        try (BenchEnvironment env = new BenchEnvironment(Duration.ofHours(1), audit)) {
            long before = Files.readAllLines(audit).size();
            Connection c = env.connection(4);
            for (int i = 0; i < resolutions; i++) {
                env.resolver.resolve(c, env.runAs, null);
            }
            ObjectMapper json = new ObjectMapper();
            TreeMap<String, Integer> byPath = new TreeMap<>();
            long n = 0;
            for (String line : Files.readAllLines(audit).subList((int) before, Files.readAllLines(audit).size())) {
                JsonNode e = json.readTree(line);
                if (e.path("type").asText().equals("request")) {
                    byPath.merge(e.path("request").path("path").asText(), 1, Integer::sum);
                    n++;
                }
            }
            long secretReads = byPath.entrySet().stream().filter(e -> e.getKey().startsWith("secret/data/")).mapToLong(e -> e.getValue()).sum();
            System.out.printf("vault requests for %,d resolutions (4 attached paths, TTL 1h): %d secret reads, %d in all%n", resolutions, secretReads, n);
            byPath.forEach((p, k) -> System.out.printf("  %-45s %d%n", p, k));
        } finally {
            Files.deleteIfExists(audit);
        }
    }
}
