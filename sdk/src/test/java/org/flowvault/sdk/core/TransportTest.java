package org.flowvault.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.flowvault.sdk.ConflictException;
import org.flowvault.sdk.FlowvaultException;
import org.flowvault.sdk.ForbiddenException;
import org.flowvault.sdk.InvalidRequestException;
import org.flowvault.sdk.NotFoundException;
import org.flowvault.sdk.ServerException;
import org.flowvault.sdk.UnauthenticatedException;
import org.flowvault.sdk.UnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error answers become the exception of their status with the server's message; no answer is UnreachableException. */
class TransportTest {
    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", ex -> {
            try (ex) {
                if (ex.getRequestURI().getPath().endsWith("/slow")) {
                    release.await(30, TimeUnit.SECONDS);
                }
                byte[] b = answer.get().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status.get(), b.length == 0 ? -1 : b.length);
                ex.getResponseBody().write(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private Flowvault client() {
        return Flowvault.builder().address("http://127.0.0.1:" + server.getAddress().getPort()).apiKey("k").project("p").build();
    }

    private void answer(int code, String body) {
        status.set(code);
        answer.set(body);
    }

    private static String error(String reason, String message) {
        return "{\"error\":{\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"}}";
    }

    @Test
    void eachErrorStatusIsItsOwnExceptionWithTheServersReasonAndMessage() {
        Object[][] cases = {
            {400, "INVALID", InvalidRequestException.class},
            {401, "UNAUTHENTICATED", UnauthenticatedException.class},
            {403, "FORBIDDEN", ForbiddenException.class},
            {404, "NOT_FOUND", NotFoundException.class},
            {409, "CONFLICT", ConflictException.class},
            {500, "INTERNAL", ServerException.class},
            {502, "UNAVAILABLE", ServerException.class},
            {418, "TEAPOT", FlowvaultException.class},
        };
        for (Object[] c : cases) {
            answer((int) c[0], error((String) c[1], "message " + c[1]));

            assertThatThrownBy(() -> client().connections().get("x")).isExactlyInstanceOf((Class<?>) c[2])
                    .hasMessage("message " + c[1])
                    .satisfies(e -> assertThat(((FlowvaultException) e).status()).isEqualTo(c[0]))
                    .satisfies(e -> assertThat(((FlowvaultException) e).reason()).isEqualTo(c[1]));
        }
    }

    @Test
    void anErrorAnswerThatIsNotJsonNamesTheCallButNotItsQueryOrBody() {
        answer(502, "<html>proxy error: user-secret-query</html>");

        assertThatThrownBy(() -> client().credentials().keys().versions()).isInstanceOf(ServerException.class)
                .hasMessage("HTTP 502 from GET /api/v1/projects/p/credential-key");
    }

    @Test
    void aSuccessfulAnswerThatIsNotJsonIsAServerError() {
        answer(200, "<html>not the API</html>");

        assertThatThrownBy(() -> client().connections().list()).isInstanceOf(ServerException.class).hasMessageContaining("is not JSON");
    }

    @Test
    void aServerThatIsDownIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Flowvault down = Flowvault.builder().address("http://127.0.0.1:" + port).apiKey("k").project("p").build();

        assertThatThrownBy(() -> down.connections().list()).isInstanceOfSatisfying(UnreachableException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("cannot reach Flowvault at http://127.0.0.1:" + port);
        });
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsUnreachable() {
        answer(200, "{}");
        Flowvault impatient = Flowvault.builder().address("http://127.0.0.1:" + server.getAddress().getPort()).apiKey("k").project("p")
                .timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> impatient.connections().get("slow")).isInstanceOf(UnreachableException.class)
                .hasMessageContaining("no answer from Flowvault");
    }
}
