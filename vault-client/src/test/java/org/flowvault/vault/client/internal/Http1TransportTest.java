package org.flowvault.vault.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.client.kv.KvSecret;
import org.flowvault.vault.client.kv.KvVersion;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 framing of the transport's own client against {@link RawServer}: connections kept
 * alive and reused, every way a body can be delimited, a kept-alive connection the server closed,
 * redirects, and header values that must not reach the wire.
 */
class Http1TransportTest {
    private static final String TOKEN = "hvs.framing-test-token";

    private static VaultClient client(RawServer server, RetryPolicy retry) {
        return VaultClient.create(VaultClientConfig.builder().address(server.address()).token(VaultToken.of(TOKEN)).retry(retry).build());
    }

    private static String secretJson(String password) {
        return "{\"data\":{\"data\":{\"password\":\"" + password + "\"},\"metadata\":{\"version\":7,"
                + "\"created_time\":\"2026-11-25T01:18:34.092763312Z\",\"deletion_time\":\"\",\"destroyed\":false}}}";
    }

    private static void raw(Socket s, String head, byte[] body) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Writes {@code body} as chunks of {@code size} bytes, with a chunk extension and a trailer. */
    private static void chunked(Socket s, String body, int size) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < b.length; i += size) {
            int n = Math.min(size, b.length - i);
            out.write((Integer.toHexString(n) + (i == 0 ? ";ext=1" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, i, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        out.write("0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void sequentialCallsShouldReuseOneKeptAliveConnection() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> RawServer.json(s, 200, secretJson("pw-" + n)));
             VaultClient client = client(server, RetryPolicy.none())) {
            for (int i = 1; i <= 20; i++) {
                assertThat(client.kv("secret", KvVersion.V2).get("app/db").string("password")).isEqualTo("pw-" + i);
            }
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.requests().get(0).headers()).containsEntry("host", server.address().substring("http://".length()));
        }
    }

    @Test
    void aChunkedBodyShouldBeDecodedWhateverTheChunkSizeAndTheConnectionKept() throws Exception {
        String big = "x".repeat(100_000);
        try (RawServer server = new RawServer((r, n, s) -> chunked(s, secretJson(n == 1 ? "small" : big), n == 1 ? 7 : 4096));
             VaultClient client = client(server, RetryPolicy.none())) {
            KvSecret small = client.kv("secret", KvVersion.V2).get("a");
            KvSecret large = client.kv("secret", KvVersion.V2).get("b");

            assertThat(small.string("password")).isEqualTo("small");
            assertThat(small.version()).isEqualTo(7);
            assertThat(small.metadata().orElseThrow().createdTime()).isEqualTo("2026-11-25T01:18:34.092763312Z");
            assertThat(large.string("password")).isEqualTo(big);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void aBodyLargerThanTheBufferShouldBeReadByContentLength() throws Exception {
        String big = "é".repeat(50_000);
        try (RawServer server = new RawServer((r, n, s) -> RawServer.json(s, 200, secretJson(big)));
             VaultClient client = client(server, RetryPolicy.none())) {
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo(big);
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo(big);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void aBodyWithoutLengthShouldEndWithTheConnectionWhichIsThenNotReused() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 raw(s, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n", secretJson("eof-" + n).getBytes(StandardCharsets.UTF_8));
                 s.close();
             });
             VaultClient client = client(server, RetryPolicy.none())) {
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo("eof-1");
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo("eof-2");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void connectionCloseShouldOpenANewConnectionForTheNextCall() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 byte[] body = secretJson("c-" + n).getBytes(StandardCharsets.UTF_8);
                 raw(s, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n", body);
                 s.close();
             });
             VaultClient client = client(server, RetryPolicy.none())) {
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo("c-1");
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo("c-2");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void aKeptAliveConnectionTheServerClosedShouldBeReplacedForAGetWithoutARetryAttempt() throws Exception {
        // The server answers as if it kept the connection, then closes it: the next GET meets a dead socket.
        try (RawServer server = new RawServer((r, n, s) -> {
                 RawServer.json(s, 200, secretJson("k-" + n));
                 s.close();
             });
             VaultClient client = client(server, RetryPolicy.none())) {
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo("k-1");
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo("k-2");
            assertThat(server.count()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void aWriteOnAConnectionTheServerClosedShouldFailRatherThanBeSentTwice() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 RawServer.json(s, 200, "{\"data\":{\"version\":1}}");
                 s.close();
             });
             VaultClient client = client(server, RetryPolicy.none())) {
            client.kv("secret", KvVersion.V2).put("a", Map.of("k", "v"));

            assertThatThrownBy(() -> client.kv("secret", KvVersion.V2).put("a", Map.of("k", "v")))
                    .isInstanceOf(VaultException.Unavailable.class).hasMessageContaining("connection failed");
            assertThat(server.count()).isEqualTo(1);
        }
    }

    @Test
    void anInformationalAnswerShouldBeSkipped() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 raw(s, "HTTP/1.1 100 Continue\r\n\r\n", new byte[0]);
                 RawServer.json(s, 200, secretJson("after-100"));
             });
             VaultClient client = client(server, RetryPolicy.none())) {
            assertThat(client.kv("secret", KvVersion.V2).get("a").string("password")).isEqualTo("after-100");
        }
    }

    @Test
    void a307ShouldBeFollowedToTheActiveNodeWithTheSameMethodBodyAndToken() throws Exception {
        try (RawServer active = new RawServer((r, n, s) -> RawServer.json(s, 200, "{\"data\":{\"version\":2}}"));
             RawServer standby = new RawServer((r, n, s) -> raw(s, "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + active.address()
                     + r.target() + "\r\nContent-Length: 0\r\n\r\n", new byte[0]));
             VaultClient client = client(standby, RetryPolicy.none())) {
            assertThat(client.kv("secret", KvVersion.V2).put("app/db", Map.of("k", "v"))).isEqualTo(2);

            RawServer.Request arrived = active.requests().get(0);
            assertThat(arrived.method()).isEqualTo("POST");
            assertThat(arrived.target()).isEqualTo("/v1/secret/data/app/db");
            assertThat(arrived.body()).isEqualTo("{\"data\":{\"k\":\"v\"}}");
            assertThat(arrived.headers()).containsEntry("x-vault-token", TOKEN)
                    .containsEntry("host", active.address().substring("http://".length()));
        }
    }

    @Test
    void headerValuesWithLineBreaksShouldBeRefusedWithoutEchoingThem() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> RawServer.json(s, 200, "{}"));
             VaultClient client = client(server, RetryPolicy.none())) {
            String smuggled = "hvs.abc\r\nX-Evil: 1";
            assertThatThrownBy(() -> client.withToken(VaultToken.of(smuggled)).logical().read("sys/x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Vault-Token")
                    .hasMessageNotContaining("hvs.abc");
            assertThatThrownBy(() -> client.logical().read("sys/x?a=b c"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percent-encoded");
            assertThat(server.count()).isZero();
        }
    }

    @Test
    void aStalledBodyShouldTimeOutAtTheReadTimeout() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (RawServer server = new RawServer((r, n, s) -> {
                 raw(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", "{\"data\":".getBytes(StandardCharsets.US_ASCII));
                 release.await(30, java.util.concurrent.TimeUnit.SECONDS); // the rest of the body never comes
             });
             VaultClient client = VaultClient.create(VaultClientConfig.builder().address(server.address()).token(VaultToken.of(TOKEN))
                     .retry(RetryPolicy.none()).readTimeout(Duration.ofMillis(300)).build())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.logical().read("sys/x"))
                    .isInstanceOf(VaultException.Unavailable.class).hasMessageContaining("read timeout of 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
        } finally {
            release.countDown();
        }
    }

    @Test
    void anInterruptedCallerShouldStopWaitingLongBeforeTheReadTimeout() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (RawServer server = new RawServer((r, n, s) -> {
                 arrived.countDown();
                 release.await(30, java.util.concurrent.TimeUnit.SECONDS); // never answers while the test runs
             });
             VaultClient client = VaultClient.create(VaultClientConfig.builder().address(server.address()).token(VaultToken.of(TOKEN))
                     .retry(RetryPolicy.none()).readTimeout(Duration.ofSeconds(30)).build())) {
            java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    client.logical().read("sys/slow");
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            assertThat(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            caller.interrupt();

            assertThat(failure.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(VaultException.Unavailable.class).hasMessageContaining("interrupted");
        } finally {
            release.countDown();
        }
    }

    @Test
    void theIdleProbeShouldReplaceAConnectionTheServerClosedBeforeItIsUsed() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 RawServer.json(s, 200, "{\"n\":" + n + "}");
                 s.close();
             })) {
            Endpoint endpoint = Endpoint.of(java.net.URI.create(server.address()));
            byte[] request = ("GET /v1/x HTTP/1.1\r\nHost: " + endpoint.authority() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            try (ConnectionPool pool = new ConnectionPool(endpoint, null, 1000, 4, 0)) {
                Http1Connection first = pool.lease();
                Http1Response r = new Http1Response();
                first.exchange(request, request.length, false, 5000, r);
                assertThat(new String(r.body, r.bodyOffset, r.bodyLength, StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
                pool.release(first);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !first.isAlive());

                Http1Connection second = pool.lease();
                assertThat(second).isNotSameAs(first);
                second.exchange(request, request.length, false, 5000, r);
                assertThat(new String(r.body, r.bodyOffset, r.bodyLength, StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
                second.close();
            }
        }
    }

    @Test
    void vaultTimestampsShouldParseLikeTheJdkParser() {
        for (String s : new String[] {"2026-11-25T01:18:34.092763312Z", "2026-11-25T01:18:34Z", "2024-02-29T23:59:59.5Z",
                "1970-01-01T00:00:00.000000001Z", "2026-11-25T01:18:34.1234+02:00", "2026-11-25T01:18:34-07:30"}) {
            assertThat(ClientJson.rfc3339(s)).as(s).isEqualTo(java.time.OffsetDateTime.parse(s).toInstant());
        }
        for (String s : new String[] {"2026-02-30T00:00:00Z", "2026-11-25 01:18:34Z", "2026-11-25T24:00:00Z", "2026-11-25T01:18:60Z",
                "2026-11-25T01:18:34.Z", "2026-11-25T01:18:34", "2026-11-25T01:18:34+0200"}) {
            assertThat(ClientJson.rfc3339(s)).as(s).isNull();
        }
    }
}
