package org.flowvault.vault.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/sys/metrics} over real HTTP, as Vault documents it: its JSON summary by default
 * (Timestamp, Gauges, Points, Counters, Samples), the Prometheus text format with
 * {@code ?format=prometheus}; a token is needed, and neither format shows a path, token or value.
 */
class SysMetricsTest {

    @Test
    void jsonByDefaultCountsRequestsAndTheirStatuses() {
        try (TestVault v = TestVault.dev()) {
            String secret = "metric-secret-value-" + System.nanoTime();
            v.call("POST", "secret/data/metrics/probe", v.rootToken(), Map.of("data", Map.of("password", secret)));
            v.call("GET", "secret/data/metrics/probe", v.rootToken(), null);
            v.call("GET", "secret/data/metrics/absent", v.rootToken(), null);

            TestVault.Reply r = v.call("GET", "sys/metrics", v.rootToken(), null);

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("application/json");
            JsonNode m = r.json();
            assertThat(m.path("Timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC");
            assertThat(m.path("Points").isArray()).isTrue();
            assertThat(gauge(m, "vault.core.unsealed")).isEqualTo(1);
            assertThat(gauge(m, "vault.runtime.alloc_bytes")).isPositive();
            JsonNode handle = find(m.path("Samples"), "vault.core.handle_request", null);
            assertThat(handle.path("Count").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(handle.path("Max").asDouble()).isGreaterThanOrEqualTo(handle.path("Mean").asDouble())
                    .isGreaterThanOrEqualTo(handle.path("Min").asDouble()).isPositive();
            assertThat(find(m.path("Counters"), "vault.core.response_status_code", "404").path("Count").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(find(m.path("Counters"), "vault.core.response_status_code", "200").path("Labels").path("type").asText())
                    .isEqualTo("success");
            assertThat(r.body()).doesNotContain(secret, "metrics/probe", v.rootToken());
        }
    }

    @Test
    void prometheusFormatOnRequestAndAnUnknownFormatIsRefusedWithoutEchoingIt() {
        try (TestVault v = TestVault.dev()) {
            v.call("GET", "sys/mounts", v.rootToken(), null);

            TestVault.Reply p = v.call("GET", "sys/metrics?format=prometheus", v.rootToken(), null);

            assertThat(p.status()).isEqualTo(200);
            assertThat(p.contentType()).startsWith("text/plain");
            assertThat(p.body()).contains("# TYPE vault_core_unsealed gauge\nvault_core_unsealed 1\n",
                    "# TYPE vault_core_handle_request summary\n", "vault_core_handle_request_count ",
                    "vault_core_response_status_code{code=\"200\",type=\"success\"} ");
            for (String line : p.body().split("\n")) {
                assertThat(line).as("a Prometheus text line").matches("(# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*})? [-0-9.eE]+|NaN)");
            }
            TestVault.Reply bad = v.call("GET", "sys/metrics?format=xml-please", v.rootToken(), null);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("format=prometheus").doesNotContain("xml-please");
        }
    }

    @Test
    void metricsNeedAToken() {
        try (TestVault v = TestVault.dev()) {
            assertThat(v.call("GET", "sys/metrics", null, null).status()).isEqualTo(403);
            assertThat(v.call("GET", "sys/metrics?format=prometheus", "not-a-token", null).status()).isEqualTo(403);
        }
    }

    private static double gauge(JsonNode m, String name) {
        return find(m.path("Gauges"), name, null).path("Value").asDouble();
    }

    private static JsonNode find(JsonNode list, String name, String code) {
        for (JsonNode n : list) {
            if (n.path("Name").asText().equals(name) && (code == null || n.path("Labels").path("code").asText().equals(code))) {
                return n;
            }
        }
        throw new AssertionError(name + (code == null ? "" : " code " + code) + " not in " + List.of(list.toString()));
    }
}
