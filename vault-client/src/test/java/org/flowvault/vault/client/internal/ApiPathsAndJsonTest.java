package org.flowvault.vault.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiPathsAndJsonTest {

    @Test
    void encodeShouldLeaveSafePathsAloneAndPercentEncodeTheRest() {
        String safe = "secret/data/app-1/db_2.x~y";
        assertThat(ApiPaths.encode(safe)).isSameAs(safe);
        assertThat(ApiPaths.encode("a b/ü+%#")).isEqualTo("a%20b/%C3%BC%2B%25%23");
    }

    @Test
    void mountsAndPathsShouldBeStrippedAndChecked() {
        assertThat(ApiPaths.mount("/team/secrets/")).isEqualTo("team/secrets");
        assertThat(ApiPaths.relative("")).isEmpty();
        assertThat(ApiPaths.join("m", "")).isEqualTo("m");
        assertThat(ApiPaths.join("m", "p")).isEqualTo("m/p");
        assertThatThrownBy(() -> ApiPaths.mount(null)).hasMessageContaining("\"secret\"");
        assertThatThrownBy(() -> ApiPaths.mount("a//b")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ApiPaths.path("./x")).hasMessageContaining("\".\"");
        assertThatThrownBy(() -> ApiPaths.relative(null)).hasMessageContaining("mount root");
    }

    @Test
    void goDurationsAndTimestampsShouldParseAsVaultWritesThem() throws Exception {
        JsonNode n = ClientJson.MAPPER.readTree("{\"a\":\"768h\",\"b\":\"1h30m15s\",\"c\":90,\"d\":\"0s\",\"e\":\"1.5h\",\"f\":\"bogus\","
                + "\"g\":\"250ms\",\"t\":\"2024-01-02T03:04:05.123456789Z\",\"z\":\"0001-01-01T00:00:00Z\",\"o\":\"2024-01-02T03:04:05+02:00\"}");

        assertThat(ClientJson.duration(n, "a")).isEqualTo(Duration.ofHours(768));
        assertThat(ClientJson.duration(n, "b")).isEqualTo(Duration.ofSeconds(5415));
        assertThat(ClientJson.duration(n, "c")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ClientJson.duration(n, "d")).isZero();
        assertThat(ClientJson.duration(n, "e")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ClientJson.duration(n, "f")).isZero();
        assertThat(ClientJson.duration(n, "g")).isEqualTo(Duration.ofMillis(250));
        assertThat(ClientJson.duration(n, "missing")).isZero();
        assertThat(ClientJson.instant(n, "t")).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456789Z"));
        assertThat(ClientJson.instant(n, "z")).isNull();
        assertThat(ClientJson.instant(n, "o")).isEqualTo(Instant.parse("2024-01-02T01:04:05Z"));
        assertThat(ClientJson.seconds(Duration.ofMinutes(2))).isEqualTo("120s");
    }

    @Test
    void toJavaShouldKeepJsonTypes() throws Exception {
        JsonNode n = ClientJson.MAPPER.readTree("{\"s\":\"x\",\"i\":1,\"l\":12345678901,\"d\":1.5,\"b\":false,\"n\":null,\"a\":[1,\"two\"],\"o\":{\"k\":\"v\"}}");

        Map<String, Object> m = ClientJson.toMap(n);

        assertThat(m).containsEntry("s", "x").containsEntry("i", 1).containsEntry("l", 12345678901L).containsEntry("d", 1.5)
                .containsEntry("b", false).containsEntry("n", null).containsEntry("a", List.of(1, "two")).containsEntry("o", Map.of("k", "v"));
        assertThat(ClientJson.strings(ClientJson.MAPPER.readTree("\"a, b,,c\""))).containsExactly("a", "b", "c");
        assertThat(ClientJson.toMap(null)).isEmpty();
        assertThatThrownBy(() -> ClientJson.bytes(new Object())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }
}
