package org.flowvault.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

    @Test
    void anIncidentIsDescribedByItsExceptionClassesAndSqlStateWithoutAnyMessage() {
        SQLException sql = new SQLException("Unique index violation: VALUES ('hunter2-secret')", "23505", 23505);
        IllegalStateException e = new IllegalStateException("could not store 'hunter2-secret'", sql);

        String described = ErrorMapping.describe(e);

        assertThat(described)
                .startsWith("java.lang.IllegalStateException <- java.sql.SQLException [SQLState 23505, code 23505]")
                .contains("(in org.flowvault.server.http.ErrorMappingTest.")
                .doesNotContain("hunter2");
    }

    @Test
    void aCauseLoopEndsTheDescription() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(ErrorMapping.describe(b).split(" <- ")).hasSize(8);
    }
}
