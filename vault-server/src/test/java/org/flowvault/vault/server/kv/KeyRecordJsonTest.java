package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowvault.vault.server.internal.JsonBuffer;
import org.flowvault.vault.server.internal.ServerJson;
import org.junit.jupiter.api.Test;

/** The hand-written record JSON must read back as Jackson's did: records persist across versions. */
class KeyRecordJsonTest {

    private static Map<String, Object> awkwardData() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", new ArrayList<>(List.of(1, "two", false)));
        nested.put("empty", new LinkedHashMap<>());
        nested.put("none", null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ascii", "hunter2");
        data.put("quotes \"and\" \\slashes/", "tab\tnew\nline\rcr\bbs\fff\u0001\u001f\u007f");
        data.put("unicode", "été 密码 😀 \u2028");
        data.put("int", 42);
        data.put("long", 9_007_199_254_740_993L);
        data.put("negative", Long.MIN_VALUE);
        data.put("decimal", new BigDecimal("3.14159265358979323846264338327950288"));
        data.put("exp", new BigDecimal("1E+400"));
        data.put("big", new BigInteger("123456789012345678901234567890"));
        data.put("double", 0.1d);
        data.put("true", true);
        data.put("null", null);
        data.put("nested", nested);
        data.put("", "");
        return data;
    }

    @Test
    void valuesAreByteForByteWhatTheMapperWrites() {
        JsonBuffer out = JsonBuffer.take();
        try {
            out.value((Object) awkwardData());
            assertThat(new String(Arrays.copyOf(out.bytes(), out.length()), StandardCharsets.UTF_8))
                    .isEqualTo(new String(ServerJson.write(awkwardData()), StandardCharsets.UTF_8));
        } finally {
            out.release();
        }
    }

    @Test
    void recordReadsBackEqualWithEveryField() {
        TreeMap<Long, VersionMetadata> versions = new TreeMap<>();
        versions.put(4L, new VersionMetadata("2024-05-01T10:00:00.12Z", "", true));
        versions.put(5L, new VersionMetadata("2024-05-01T10:00:01Z", "2024-05-02T10:00:01Z", false));
        versions.put(6L, new VersionMetadata("2024-05-01T10:00:02.000000001Z", "", false));
        KeyRecord record = new KeyRecord(6, 4, "2024-05-01T09:00:00Z", "2024-05-01T10:00:02.000000001Z", 3, true,
                3600, Map.of("owner", "ops \"team\"", "ticket", "😀"), versions, awkwardData());
        KeyRecord empty = KeyRecord.created("2024-05-01T09:00:00Z");
        for (KeyRecord r : List.of(record, empty, record.withoutCurrentData())) {
            JsonBuffer out = JsonBuffer.take();
            try {
                r.writeJson(out);
                KeyRecord back = ServerJson.read(Arrays.copyOf(out.bytes(), out.length()), KeyRecord.class);
                assertThat(back).isEqualTo(ServerJson.read(ServerJson.write(r), KeyRecord.class));
                assertThat(back.versions()).isEqualTo(r.versions());
                assertThat(back.customMetadata()).isEqualTo(r.customMetadata());
                assertThat(back.currentVersion()).isEqualTo(r.currentVersion());
                assertThat(back.deleteVersionAfter()).isEqualTo(r.deleteVersionAfter());
            } finally {
                out.release();
            }
        }
    }

    @Test
    void aLoneSurrogateFailsAsTheMapperDoes() {
        Map<String, Object> data = Map.of("k", "broken \ud800 half");
        JsonBuffer out = JsonBuffer.take();
        Throwable ours = null;
        Throwable mapper = null;
        try {
            out.value((Object) data);
        } catch (RuntimeException e) {
            ours = e;
        } finally {
            out.release();
        }
        try {
            ServerJson.write(data);
        } catch (RuntimeException e) {
            mapper = e;
        }
        assertThat(ours == null).isEqualTo(mapper == null);
    }
}
