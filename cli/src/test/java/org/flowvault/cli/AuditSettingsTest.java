package org.flowvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit settings of {@code flowvault server}: journal fsync policy from the file or the environment. */
class AuditSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJournalIsNotForcedToDiskUnlessAppendIsAsked() throws Exception {
        assertThat(ServerCommand.auditOptions(Map.<String, String>of()::get, JSON.readTree("{}")).syncEachAppend()).isFalse();
        assertThat(ServerCommand.auditOptions(Map.<String, String>of()::get, JSON.readTree("{\"fsync\":\"append\"}")).syncEachAppend()).isTrue();
        assertThat(ServerCommand.auditOptions(Map.of("FLOWVAULT_AUDIT_FSYNC", "none")::get, JSON.readTree("{\"fsync\":\"append\"}"))
                .syncEachAppend()).isFalse();
    }

    @Test
    void anUnknownFsyncPolicyIsRefusedNamingTheChoicesNotTheValue() throws Exception {
        assertThatThrownBy(() -> ServerCommand.auditOptions(Map.<String, String>of()::get, JSON.readTree("{\"fsync\":\"sometimes-x9\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none").hasMessageContaining("append").hasMessageNotContaining("sometimes-x9");
    }
}
