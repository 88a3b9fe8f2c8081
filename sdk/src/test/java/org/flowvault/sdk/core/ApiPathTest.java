package org.flowvault.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ApiPathTest {
    private static final URI BASE = URI.create("http://127.0.0.1:8080/api/v1/");

    @Test
    void eachNameStaysOneSegmentWhateverItContains() {
        ApiPath p = ApiPath.of("projects", "a/b?c#d e%f+g", "connections", "ü");

        assertThat(p.toString()).isEqualTo("projects/a%2Fb%3Fc%23d%20e%25f%2Bg/connections/%C3%BC");
        assertThat(BASE.resolve(p.toString()).getRawPath()).isEqualTo("/api/v1/projects/a%2Fb%3Fc%23d%20e%25f%2Bg/connections/%C3%BC");
        assertThat(BASE.resolve(p.toString()).getRawQuery()).isNull();
    }

    @Test
    void dotSegmentsAreEscapedSoResolutionCannotClimbToTheParentResource() {
        for (String dots : new String[] {".", ".."}) {
            ApiPath p = ApiPath.of("projects", "demo", "connections").then(dots);

            URI resolved = BASE.resolve(p.toString());

            assertThat(resolved.getRawPath()).as(dots).isEqualTo("/api/v1/projects/demo/connections/" + dots.replace(".", "%2E"));
        }
        // what the old FlowvaultClient.segment produced: the connection ".." resolved to the project itself
        assertThat(BASE.resolve("projects/demo/connections/..").getRawPath()).isEqualTo("/api/v1/projects/demo/");
    }

    @Test
    void queryValuesAreEncodedAndNullsLeftOut() {
        ApiPath p = ApiPath.of("projects", "demo", "credentials").query("domain", "https://x.example.com/?a=b&c", "permissioned_user_id", null,
                "decrypt", false);

        assertThat(p.toString()).isEqualTo("projects/demo/credentials?domain=https%3A%2F%2Fx.example.com%2F%3Fa%3Db%26c&decrypt=false");
        assertThat(ApiPath.of("runs").query("status", null).toString()).isEqualTo("runs");
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThatThrownBy(() -> ApiPath.of("projects", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ApiPath.of("projects", (String) null)).isInstanceOf(IllegalArgumentException.class);
    }
}
