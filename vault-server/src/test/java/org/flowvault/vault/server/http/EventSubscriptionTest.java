package org.flowvault.vault.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code sys/events/subscribe} over a real WebSocket (the JDK's client) against the embedded server. */
class EventSubscriptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    /** Messages and the close code of one subscription. */
    static final class Subscriber implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final AtomicInteger closeCode = new AtomicInteger(-1);
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.set(statusCode);
            return null;
        }

        JsonNode next() throws Exception {
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("an event within 10 s").isNotNull();
            return JSON.readTree(m);
        }
    }

    private static Subscriber subscribe(String type, String token) {
        return subscribe(type, token, null);
    }

    private static Subscriber subscribe(String type, String token, String namespace) {
        Subscriber s = new Subscriber();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        if (namespace != null) {
            b.header("X-Vault-Namespace", namespace);
        }
        s.socket = b.buildAsync(URI.create(vault.address().replace("http://", "ws://") + "/v1/sys/events/subscribe/" + type + "?json=true"), s).join();
        return s;
    }

    private static int refusedStatus(String type, String token) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> subscribe(type, token));
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) t.getCause()).getResponse().statusCode();
    }

    private static String tokenWithPolicy(String name, String policy) {
        assertThat(vault.call("PUT", "sys/policies/acl/" + name, vault.rootToken(), Map.of("policy", policy)).status()).isEqualTo(204);
        return vault.call("POST", "auth/token/create", vault.rootToken(), Map.of("policies", List.of(name)))
                .json().at("/auth/client_token").asText();
    }

    private static void write(String path, Map<String, Object> data) {
        assertThat(vault.call("POST", "secret/data/" + path, vault.rootToken(), Map.of("data", data)).status()).isEqualTo(200);
    }

    @Test
    void aWriteRightAfterTheHandshakeReachesTheSubscriber() throws Exception {
        // the subscription starts before the upgrade is answered, so no event falls between the two
        for (int i = 0; i < 20; i++) {
            Subscriber s = subscribe("kv*", vault.rootToken());
            write("events/handshake-" + i, Map.of("n", i));
            assertThat(s.next().at("/data/event/metadata/path").asText()).isEqualTo("secret/data/events/handshake-" + i);
            s.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void deliversAKvV2WriteInVaultsCloudEventShapeWithoutTheValue() throws Exception {
        Subscriber s = subscribe("kv*", vault.rootToken());
        write("events/shape", Map.of("password", "first-secret-value"));
        write("events/shape", Map.of("password", "second-secret-value"));
        JsonNode first = s.next();
        String raw = JSON.writeValueAsString(s.next());
        JsonNode e = JSON.readTree(raw);
        assertThat(first.at("/data/event/metadata/current_version").asText()).isEqualTo("1");
        assertThat(e.get("specversion").asText()).isEqualTo("1.0");
        assertThat(e.get("type").asText()).isEqualTo("kv-v2/data-write");
        assertThat(e.get("datacontenttype").asText()).isEqualTo("application/cloudevents");
        assertThat(e.get("id").asText()).isNotBlank().isEqualTo(e.at("/data/event/id").asText());
        assertThat(e.get("source").asText()).startsWith("vault://");
        assertThat(e.get("time").asText()).isNotBlank();
        assertThat(e.at("/data/event_type").asText()).isEqualTo("kv-v2/data-write");
        JsonNode meta = e.at("/data/event/metadata");
        assertThat(meta.get("path").asText()).isEqualTo("secret/data/events/shape");
        assertThat(meta.get("data_path").asText()).isEqualTo("secret/data/events/shape");
        assertThat(meta.get("operation").asText()).isEqualTo("data-write");
        assertThat(meta.get("current_version").asText()).isEqualTo("2");
        assertThat(e.at("/data/plugin_info/mount_path").asText()).isEqualTo("secret/");
        assertThat(e.at("/data/plugin_info/plugin").asText()).isEqualTo("kv");
        assertThat(raw).doesNotContain("secret-value");
        s.socket.abort();
    }

    @Test
    void anExactTypeReceivesOnlyThatType() throws Exception {
        Subscriber s = subscribe("kv-v2/destroy", vault.rootToken());
        write("events/exact", Map.of("k", "v"));
        assertThat(vault.call("POST", "secret/destroy/events/exact", vault.rootToken(), Map.of("versions", List.of(1))).status()).isEqualTo(204);
        JsonNode e = s.next();
        assertThat(e.get("type").asText()).isEqualTo("kv-v2/destroy");
        assertThat(e.at("/data/event/metadata/path").asText()).isEqualTo("secret/destroy/events/exact");
        assertThat(e.at("/data/event/metadata/data_path").asText()).isEqualTo("secret/data/events/exact");
        s.socket.abort();
    }

    @Test
    void aTokenThatCannotReadAPathReceivesNoEventForIt() throws Exception {
        String token = tokenWithPolicy("events-visible", """
                path "sys/events/subscribe/*" { capabilities = ["read"] }
                path "secret/data/visible/*" { capabilities = ["read"] }
                """);
        Subscriber s = subscribe("kv*", token);
        write("hidden/one", Map.of("k", "v"));
        write("visible/one", Map.of("k", "v"));
        // Delivery keeps publishing order: had the hidden event been sent, it would come first.
        assertThat(s.next().at("/data/event/metadata/path").asText()).isEqualTo("secret/data/visible/one");
        assertThat(s.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
        s.socket.abort();
    }

    @Test
    void acceptsTheSubscribeCapabilityInsteadOfRead() throws Exception {
        String token = tokenWithPolicy("events-subscribe-cap", """
                path "sys/events/subscribe/kv*" { capabilities = ["subscribe"] }
                path "secret/data/cap/*" { capabilities = ["list"] }
                """);
        Subscriber s = subscribe("kv*", token);
        write("cap/one", Map.of("k", "v"));
        assertThat(s.next().at("/data/event/metadata/path").asText()).isEqualTo("secret/data/cap/one");
        s.socket.abort();
    }

    @Test
    void refusesATokenWithoutSubscribeOrReadOnSysEventsWith403() {
        String token = tokenWithPolicy("events-none", """
                path "secret/*" { capabilities = ["read", "list"] }
                """);
        assertThat(refusedStatus("kv*", token)).isEqualTo(403);
        assertThat(refusedStatus("kv*", null)).isEqualTo(403);
        assertThat(refusedStatus("kv*", "hvs.not-a-token")).isEqualTo(403);
    }

    @Test
    void refusesAMalformedTypePatternWith400() {
        assertThat(refusedStatus("kv%20x", vault.rootToken())).isEqualTo(400);
    }

    @Test
    void endsTheSubscriptionWhenItsTokenIsRevoked() throws Exception {
        String token = tokenWithPolicy("events-revoked", """
                path "sys/events/subscribe/*" { capabilities = ["read"] }
                path "secret/*" { capabilities = ["read"] }
                """);
        Subscriber s = subscribe("kv*", token);
        assertThat(vault.call("POST", "auth/token/revoke", vault.rootToken(), Map.of("token", token)).status()).isEqualTo(204);
        write("revoked/one", Map.of("k", "v"));
        await().atMost(Duration.ofSeconds(10)).until(() -> s.closeCode.get() == 1008);
        assertThat(s.messages).isEmpty();
    }

    @Test
    void deliversOnlyTheEventsOfTheSubscribedNamespace() throws Exception {
        assertThat(vault.call("POST", "sys/namespaces/evns", vault.rootToken(), Map.of()).status()).isEqualTo(200);
        Map<String, String> inNs = Map.of("X-Vault-Token", vault.rootToken(), "X-Vault-Namespace", "evns");
        assertThat(vault.callWithHeaders("POST", "sys/mounts/secret", Map.of("type", "kv", "options", Map.of("version", "2")), inNs).status())
                .isEqualTo(204);
        Subscriber rootNs = subscribe("kv*", vault.rootToken());
        Subscriber childNs = subscribe("kv*", vault.rootToken(), "evns");
        assertThat(vault.callWithHeaders("POST", "secret/data/ns-only", Map.of("data", Map.of("k", "v")), inNs).status()).isEqualTo(200);
        write("root-marker", Map.of("k", "v"));

        assertThat(childNs.next().at("/data/event/metadata/path").asText()).isEqualTo("secret/data/ns-only");
        assertThat(rootNs.next().at("/data/event/metadata/path").asText()).as("the child namespace's event never reaches the root")
                .isEqualTo("secret/data/root-marker");
        assertThat(childNs.messages.poll(300, TimeUnit.MILLISECONDS)).as("nor the root's the child").isNull();
        rootNs.socket.abort();
        childNs.socket.abort();
    }

    @Test
    void deliversKvV1WritesAndDeletes() throws Exception {
        assertThat(vault.call("POST", "sys/mounts/kv1events", vault.rootToken(), Map.of("type", "kv")).status()).isEqualTo(204);
        Subscriber s = subscribe("kv-v1/*", vault.rootToken());
        assertThat(vault.call("POST", "kv1events/app", vault.rootToken(), Map.of("k", "v")).status()).isEqualTo(204);
        assertThat(vault.call("DELETE", "kv1events/app", vault.rootToken(), null).status()).isEqualTo(204);
        JsonNode w = s.next();
        JsonNode d = s.next();
        assertThat(w.get("type").asText()).isEqualTo("kv-v1/write");
        assertThat(w.at("/data/event/metadata/path").asText()).isEqualTo("kv1events/app");
        assertThat(d.get("type").asText()).isEqualTo("kv-v1/delete");
        s.socket.abort();
    }
}
