package org.flowvault.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.flowvault.server.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} is open by default; with an operator's metrics token it answers 401 to no token,
 * a wrong one (even a prefix of the right one) and a platform API key, and 200 to the token.
 */
class MetricsTokenTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ApiHarness h;

    @BeforeAll
    static void start() {
        h = ApiHarness.open(Database.Dialect.H2);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static HttpResponse<String> scrape(ApiServer api, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.address() + "/metrics")).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreReadableWithoutLoginByDefault() throws Exception {
        HttpResponse<String> r = scrape(h.api(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("# TYPE flowvault_resolutions_total counter", "jvm_threads_live_threads");
    }

    @Test
    void aMetricsTokenLetsOnlyItsBearerRead() throws Exception {
        String token = "mt-" + UUID.randomUUID();
        String apiKey = h.expect(201, "POST", "/api/v1/api-keys", h.bootstrapAdmin().token(), Map.of("name", "scraper")).json()
                .get("key").asText();
        try (ApiServer guarded = ApiServer.start(h.platform(), "127.0.0.1", 0, new ApiServer.Options(token))) {
            for (String wrong : new String[] {null, "", token.substring(0, token.length() - 1), token + "x", apiKey}) {
                HttpResponse<String> r = scrape(guarded, wrong);
                assertThat(r.statusCode()).as("bearer %s", wrong == null ? "none" : wrong.length() + " chars").isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(r.body()).contains("metrics token").doesNotContain(token).doesNotContain("flowvault_");
            }
            HttpResponse<String> ok = scrape(guarded, token);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("flowvault_resolutions_total").doesNotContain(token);
        }
    }

    @Test
    void aShortMetricsTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new ApiServer.Options("short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining("short-secret");
    }
}
