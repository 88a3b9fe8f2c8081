package org.flowvault.platform.task.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

    @Test
    void namesBecomePlaceholdersInOrderAndRepeatsAreBoundTwice() {
        NamedParameters p = NamedParameters.parse("SELECT * FROM t WHERE a = :a AND b IN (:b, :a)");
        assertThat(p.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
        assertThat(p.names()).containsExactly("a", "b", "a");
    }

    @Test
    void quotesCommentsCastsAndDollarBodiesAreLeftAlone() {
        String sql = "SELECT ':x', \":y\", `:z`, 'it''s :w', v::int, $$ :body $$, $f$ :f $f$ -- :c\n/* :d */ FROM t WHERE id = :id";
        NamedParameters p = NamedParameters.parse(sql);
        assertThat(p.names()).isEqualTo(List.of("id"));
        assertThat(p.sql()).isEqualTo(sql.replace(":id", "?"));
    }
}
