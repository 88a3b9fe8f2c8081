package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource({
            "2018-03-22T02:24:06.945319214Z, 2018-03-22T02:24:06.945319214Z",
            "2018-03-22T02:24:06.945300Z,    2018-03-22T02:24:06.9453Z",
            "2018-03-22T02:24:06.100Z,       2018-03-22T02:24:06.1Z",
            "2018-03-22T02:24:06Z,           2018-03-22T02:24:06Z",
            "0999-01-02T03:04:05Z,           0999-01-02T03:04:05Z",
    })
    void formatsLikeGosRfc3339Nano(String instant, String expected) {
        assertThat(Timestamps.format(Instant.parse(instant))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2018-03-22T02:24:06.9453Z", "2018-03-22T02:24:06Z", "2018-03-22T02:24:06.945319214Z"})
    void parsesWhatItFormats(String text) {
        assertThat(Timestamps.format(Timestamps.parse(text))).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void unsetIsTheEmptyString() {
        assertThat(Timestamps.format(null)).isEmpty();
        assertThat(Timestamps.parse("")).isNull();
    }
}
