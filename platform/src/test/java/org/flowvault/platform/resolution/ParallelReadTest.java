package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.junit.jupiter.api.Test;

/**
 * Proves the reads of distinct paths overlap: a relay in front of the real server holds each
 * secret read until all of them have arrived. Sequential reads would never get past the first
 * (the relay then answers 503 and the resolution fails).
 */
class ParallelReadTest {
    private static final int PATHS = 4;

    @Test
    void distinctPathsAreReadConcurrently() throws IOException {
        try (Harness h = new Harness(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch allArrived = new CountDownLatch(PATHS);
            HttpClient upstream = HttpClient.newHttpClient();
            HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            relay.setExecutor(pool);
            relay.createContext("/", exchange -> relay(exchange, h.vault.vault.address(), upstream, allArrived));
            relay.start();
            try (VaultClient viaRelay = VaultClient.create(VaultClientConfig.builder()
                    .address("http://127.0.0.1:" + relay.getAddress().getPort()).retry(RetryPolicy.none()).build())) {
                VaultConfiguration config = VaultFixture.config(VaultFixture.random("relay"), h.vault.url(), AuthMethod.SHARED_TOKEN,
                        Duration.ofHours(1), false);
                h.access.add(config, viaRelay, h.vault.vault.rootToken());
                String[] paths = new String[PATHS];
                for (int i = 0; i < PATHS; i++) {
                    h.vault.root.kv("secret").put("par" + i, Map.of("k" + i, "v" + i));
                    paths[i] = config.name() + ":secret/data/par" + i;
                }
                Connection c = h.connection("", paths);

                Resolution r = h.resolver.resolve(c, h.alice, null);

                assertThat(r.inputs()).containsEntry("k0", "v0").containsEntry("k3", "v3");
                assertThat(allArrived.getCount()).isZero();
            } finally {
                relay.stop(0);
            }
        }
    }

    private static void relay(HttpExchange exchange, String target, HttpClient upstream, CountDownLatch allArrived) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().toString();
            if (path.startsWith("/v1/secret/data/par")) {
                allArrived.countDown();
                if (!allArrived.await(10, TimeUnit.SECONDS)) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            if (token != null) {
                b.header("X-Vault-Token", token);
            }
            HttpResponse<byte[]> answer = upstream.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
