package org.flowvault.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import org.flowvault.vault.server.VaultServer;

/**
 * Starts the embedded server in dev mode for {@code run-kv-bench.sh}: KV v2 at {@code secret/},
 * the no-op ceiling endpoint {@code GET /bench/noop}, and the secret the read benchmark fetches,
 * {@code secret/data/bench/key}. Prints {@code READY <address> <root token>} on one line once the
 * secret is written, then serves until the process is killed.
 *
 * <p>Usage: {@code KvBenchServer [port]} (default 8200; 0 picks a free port).
 */
public final class KvBenchServer {
    private KvBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8200;
        VaultServer vault = VaultServer.builder().dev().listen("127.0.0.1", port).benchmarkNoopEndpoint().start();
        Runtime.getRuntime().addShutdownHook(new Thread(vault::close, "kv-bench-shutdown"));
        writeBenchSecret(vault.address(), vault.rootToken());
        System.out.println("READY " + vault.address() + " " + vault.rootToken());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Writes through the HTTP API, so the stored secret is exactly what a client would store. */
    private static void writeBenchSecret(String address, String token) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest put = HttpRequest.newBuilder(URI.create(address + "/v1/secret/data/bench/key"))
                    .header("X-Vault-Token", token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"data\":{\"username\":\"bench\",\"password\":\"s3cr3t-0123456789abcdef\"}}"))
                    .build();
            HttpResponse<String> res = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("writing secret/data/bench/key failed: HTTP "
                        + res.statusCode() + " " + res.body());
            }
        }
    }
}
