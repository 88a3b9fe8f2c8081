package org.flowvault.vault.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.client.kv.KvVersion;
import org.junit.jupiter.api.Test;

/** What goes over the wire, and how faults come back: against {@link RawServer}, no Vault needed. */
class HttpVaultTransportTest {
    private static final String TOKEN = "hvs.wire-test-token";
    private static final String SECRET_BODY = "{\"data\":{\"data\":{\"password\":\"p4ss-w0rd\"},\"metadata\":{\"version\":3}}}";
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private static VaultClient client(RawServer server, RetryPolicy retry, Duration readTimeout) {
        return VaultClient.create(VaultClientConfig.builder().address(server.address()).token(VaultToken.of(TOKEN))
                .retry(retry).readTimeout(readTimeout).namespace("team").build());
    }

    private static VaultClient client(RawServer server, RetryPolicy retry) {
        return client(server, retry, Duration.ofSeconds(10));
    }

    @Test
    void requestsShouldCarryTokenNamespaceAndJsonAndListShouldBeAGetWithListTrue() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> RawServer.json(s, 200, "{\"data\":{\"keys\":[\"a\"],\"version\":1}}"));
             VaultClient client = client(server, RetryPolicy.none())) {
            client.kv("secret", KvVersion.V2).put("app/db", Map.of("k", "v"));
            client.kv("secret", KvVersion.V2).list("app");
            client.withNamespace("").logical().read("sys/whatever");

            RawServer.Request put = server.requests().get(0);
            assertThat(put.method()).isEqualTo("POST");
            assertThat(put.target()).isEqualTo("/v1/secret/data/app/db");
            assertThat(put.headers()).containsEntry("x-vault-token", TOKEN).containsEntry("x-vault-namespace", "team")
                    .containsEntry("x-vault-request", "true").containsEntry("content-type", "application/json");
            assertThat(put.body()).isEqualTo("{\"data\":{\"k\":\"v\"}}");
            RawServer.Request list = server.requests().get(1);
            assertThat(list.method()).isEqualTo("GET");
            assertThat(list.target()).isEqualTo("/v1/secret/metadata/app/?list=true");
            assertThat(list.headers()).doesNotContainKey("content-type");
            assertThat(server.requests().get(2).headers()).doesNotContainKey("x-vault-namespace");
        }
    }

    @Test
    void aConnectionClosedMidBodyShouldBeRetriedForAGetAndThenRaiseUnavailable() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> RawServer.cutMidBody(s, SECRET_BODY));
             VaultClient client = client(server, FAST_RETRIES)) {
            assertThatThrownBy(() -> client.kv("secret", KvVersion.V2).get("app/db"))
                    .isInstanceOfSatisfying(VaultException.Unavailable.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.path()).isEqualTo("secret/data/app/db");
                        assertThat(e).hasMessageStartingWith("GET secret/data/app/db: connection failed")
                                .hasMessageNotContaining("p4ss").hasMessageNotContaining(TOKEN);
                    });
            assertThat(server.count()).isEqualTo(3);
        }
    }

    @Test
    void aConnectionClosedMidBodyShouldSucceedOnRetry() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 if (n == 1) {
                     RawServer.cutMidBody(s, SECRET_BODY);
                 } else {
                     RawServer.json(s, 200, SECRET_BODY);
                 }
             });
             VaultClient client = client(server, FAST_RETRIES)) {
            assertThat(client.kv("secret", KvVersion.V2).get("app/db").string("password")).isEqualTo("p4ss-w0rd");
            assertThat(server.count()).isEqualTo(2);
        }
    }

    @Test
    void aSlowAnswerShouldRaiseUnavailableAfterTheReadTimeout() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (RawServer server = new RawServer((r, n, s) -> {
                 release.await(30, java.util.concurrent.TimeUnit.SECONDS); // answers only after the client gave up
                 RawServer.json(s, 200, SECRET_BODY);
             });
             VaultClient client = client(server, RetryPolicy.none(), Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.kv("secret", KvVersion.V2).get("app/db"))
                    .isInstanceOf(VaultException.Unavailable.class).hasMessageContaining("read timeout of 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTimedOutWriteShouldNotBeRepeated() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (RawServer server = new RawServer((r, n, s) -> release.await(30, java.util.concurrent.TimeUnit.SECONDS));
             VaultClient client = client(server, FAST_RETRIES, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> client.kv("secret", KvVersion.V2).put("app/db", Map.of("a", "b")))
                    .isInstanceOf(VaultException.Unavailable.class);
            assertThat(server.count()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void a503ShouldBeRetriedForAGetUntilItSucceeds() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 if (n == 1) {
                     RawServer.json(s, 503, "{\"errors\":[\"node is busy\"]}");
                 } else {
                     RawServer.json(s, 200, SECRET_BODY);
                 }
             });
             VaultClient client = client(server, FAST_RETRIES)) {
            assertThat(client.kv("secret", KvVersion.V2).get("app/db").version()).isEqualTo(3);
            assertThat(server.count()).isEqualTo(2);
        }
    }

    @Test
    void a5xxShouldRaiseUnavailableAfterTheLastAttemptAndAWriteShouldNotBeRetried() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> RawServer.json(s, 502, "{\"errors\":[\"bad gateway\"]}"));
             VaultClient client = client(server, FAST_RETRIES)) {
            assertThatThrownBy(() -> client.logical().read("secret/data/x"))
                    .isInstanceOfSatisfying(VaultException.Unavailable.class, e -> {
                        assertThat(e.status()).isEqualTo(502);
                        assertThat(e.errors()).containsExactly("bad gateway");
                        assertThat(e).hasMessage("GET secret/data/x answered 502: bad gateway");
                    });
            assertThat(server.count()).isEqualTo(3);

            assertThatThrownBy(() -> client.logical().write("secret/data/x", Map.of("data", Map.of())))
                    .isInstanceOf(VaultException.Unavailable.class);
            assertThat(server.count()).isEqualTo(4);
        }
    }

    @Test
    void a429ShouldBeRetried() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> RawServer.json(s, n < 3 ? 429 : 200, n < 3 ? "{\"errors\":[]}" : "{\"data\":{}}"));
             VaultClient client = client(server, FAST_RETRIES)) {
            assertThat(client.logical().read("sys/x").data()).isEmpty();
            assertThat(server.count()).isEqualTo(3);
        }
    }

    @Test
    void aSealedServerShouldRaiseSealedWithoutRetrying() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> RawServer.json(s, 503, "{\"errors\":[\"Vault is sealed\"]}"));
             VaultClient client = client(server, FAST_RETRIES)) {
            assertThatThrownBy(() -> client.kv("secret", KvVersion.V2).get("app/db"))
                    .isInstanceOfSatisfying(VaultException.Sealed.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e).hasMessage("GET secret/data/app/db answered 503: Vault is sealed");
                    });
            assertThat(server.count()).isEqualTo(1);
        }
    }

    @Test
    void errorStatusesShouldMapToTheExceptionTreeWithoutLeakingTheToken() throws Exception {
        Map<String, String> answers = Map.of(
                "/v1/p403", "403|{\"errors\":[\"permission denied\"]}",
                "/v1/p404", "404|{\"errors\":[]}",
                "/v1/p400", "400|{\"errors\":[\"missing field\"]}",
                "/v1/p409", "409|{\"errors\":[\"conflict\"]}",
                "/v1/pcas", "400|{\"errors\":[\"check-and-set parameter did not match the current version\"]}",
                "/v1/p500", "500|not json at all",
                "/v1/pbad", "200|{\"data\": \"p4ss-w0rd");
        try (RawServer server = new RawServer((r, n, s) -> {
                 String[] a = answers.get(r.target()).split("\\|", 2);
                 RawServer.json(s, Integer.parseInt(a[0]), a[1]);
             });
             VaultClient client = client(server, RetryPolicy.none())) {
            var logical = client.logical();
            assertThatThrownBy(() -> logical.write("p403", Map.of("token", TOKEN)))
                    .isExactlyInstanceOf(VaultException.PermissionDenied.class)
                    .hasMessage("POST p403 answered 403: permission denied").hasMessageNotContaining(TOKEN);
            assertThatThrownBy(() -> logical.read("p404")).isExactlyInstanceOf(VaultException.NotFound.class).hasMessage("GET p404 answered 404");
            assertThatThrownBy(() -> logical.delete("p400")).isExactlyInstanceOf(VaultException.InvalidRequest.class)
                    .hasMessage("DELETE p400 answered 400: missing field");
            assertThatThrownBy(() -> logical.write("p409", null)).isExactlyInstanceOf(VaultException.InvalidRequest.class);
            assertThatThrownBy(() -> logical.write("pcas", null)).isExactlyInstanceOf(VaultException.CasMismatch.class);
            assertThatThrownBy(() -> logical.write("p500", null)).isExactlyInstanceOf(VaultException.Unavailable.class)
                    .hasMessage("POST p500 answered 500");
            assertThatThrownBy(() -> logical.read("pbad")).isExactlyInstanceOf(VaultException.Unavailable.class)
                    .hasMessageContaining("not valid JSON").hasMessageNotContaining("p4ss");
        }
    }

    @Test
    void aRefusedConnectionShouldRaiseUnavailableForAnyMethod() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (VaultClient client = VaultClient.create(VaultClientConfig.builder().address("http://127.0.0.1:" + port)
                .token(VaultToken.of(TOKEN)).retry(FAST_RETRIES).build())) {
            assertThatThrownBy(() -> client.logical().write("secret/data/x", Map.of()))
                    .isInstanceOfSatisfying(VaultException.Unavailable.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e).hasMessageContaining("POST secret/data/x: cannot connect to http://127.0.0.1:" + port);
                    });
        }
    }

    @Test
    void patchShouldSendAMergePatchAndFallBackToReadAndCasWriteOn405() throws Exception {
        try (RawServer server = new RawServer((r, n, s) -> {
                 switch (r.method()) {
                     case "PATCH" -> RawServer.json(s, 405, "{\"errors\":[\"unsupported operation\"]}");
                     case "GET" -> RawServer.json(s, 200, "{\"data\":{\"data\":{\"a\":\"1\",\"b\":\"2\"},\"metadata\":{\"version\":3}}}");
                     default -> RawServer.json(s, 200, "{\"data\":{\"version\":4}}");
                 }
             });
             VaultClient client = client(server, RetryPolicy.none())) {
            assertThat(((org.flowvault.vault.client.kv.KvV2Operations) client.kv("secret", KvVersion.V2)).patch("app/db", Map.of("b", "x"))).isEqualTo(4);

            RawServer.Request patch = server.requests().get(0);
            assertThat(patch.method()).isEqualTo("PATCH");
            assertThat(patch.headers()).containsEntry("content-type", "application/merge-patch+json");
            assertThat(patch.body()).isEqualTo("{\"data\":{\"b\":\"x\"}}");
            assertThat(server.requests().get(1).method()).isEqualTo("GET");
            RawServer.Request write = server.requests().get(2);
            assertThat(write.method()).isEqualTo("POST");
            JsonNode body = ClientJson.MAPPER.readTree(write.body());
            assertThat(body.path("options").path("cas").asLong()).isEqualTo(3);
            assertThat(ClientJson.toMap(body.get("data"))).isEqualTo(Map.of("a", "1", "b", "x"));
        }
    }
}
