package org.flowvault.platform.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict reader refuses what a lenient one would silently guess at, naming the line and column. */
class YamlTreeTest {
    private static final int LIMIT = 64 * 1024;

    private static YamlTree.SyntaxError refused(String yaml) {
        return catchThrowableOfType(YamlTree.SyntaxError.class, () -> YamlTree.parse(yaml, LIMIT));
    }

    @Test
    void aKeyGivenTwiceIsRefusedAtItsSecondPlaceNamingTheFirst() {
        YamlTree.SyntaxError e = refused("host: a\nport: 1\nhost: b\n");
        assertThat(e.getMessage()).isEqualTo("key 'host' appears twice in the same map (first at line 1, column 1)");
        assertThat(List.of(e.line(), e.column())).containsExactly(3, 1);
        assertThat(catchThrowableOfType(YamlTree.SyntaxError.class, () -> YamlTree.parseJson("{\"a\": 1,\n \"a\": 2}", LIMIT)))
                .hasMessageContaining("key 'a' appears twice");
    }

    @Test
    void aliasesAreRefusedDefinedOrNotRatherThanReadAsTheirName() {
        // a lenient streaming read gives b = "x" (the anchor's name), not 1
        YamlTree.SyntaxError defined = refused("a: &x 1\nb: *x\n");
        assertThat(defined.getMessage()).contains("aliases (*name) are not supported");
        assertThat(List.of(defined.line(), defined.column())).containsExactly(2, 4);
        assertThat(refused("a: *nowhere\n").getMessage()).contains("aliases");
        assertThat(refused("*x : 1\n").getMessage()).doesNotContain("org.yaml", "Event").contains("an alias (*name)");
    }

    @Test
    void anAliasBombIsRefusedAtItsFirstAlias() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(",*").append(prev).append(",*").append(prev)
                    .append(",*").append(prev).append(",*").append(prev).append(",*").append(prev).append(",*").append(prev)
                    .append(",*").append(prev).append(",*").append(prev).append("]\n");
        }
        YamlTree.SyntaxError e = refused(bomb.toString());
        assertThat(e.getMessage()).contains("aliases");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void moreThanOneDocumentIsRefusedAtTheSecond() {
        YamlTree.SyntaxError e = refused("name: a\n---\nname: b\n");
        assertThat(e.getMessage()).contains("more than one YAML document");
        assertThat(e.line()).isEqualTo(3);
        assertThat(catchThrowableOfType(YamlTree.SyntaxError.class, () -> YamlTree.parseJson("{} {}", LIMIT)))
                .hasMessageContaining("more than one JSON document");
    }

    @Test
    void deepNestingAndOversizedDocumentsAreRefusedBeforeTheyAreRead() {
        assertThat(refused("a: " + "[".repeat(10_000)).getMessage()).contains("nests deeper than 40 levels");
        assertThat(catchThrowableOfType(YamlTree.SyntaxError.class, () -> YamlTree.parseJson("{\"a\":".repeat(10_000), LIMIT)))
                .hasMessageContaining("nests deeper than 40 levels");
        assertThat(catchThrowableOfType(YamlTree.SyntaxError.class, () -> YamlTree.parse("a: " + "x".repeat(100), 50)))
                .hasMessage("the document has 103 characters; the limit is 50");
    }

    @Test
    void syntaxErrorsCarryTheParsersPositionAndFirstLineOnly() {
        YamlTree.SyntaxError tab = refused("a:\n\t- 1\n");
        assertThat(tab.fromParser()).isTrue();
        assertThat(List.of(tab.line(), tab.column())).containsExactly(2, 1);
        assertThat(tab.getMessage()).doesNotContain("\n", "reader");
        YamlTree.SyntaxError mapping = refused("host: db-7h3x\npassword: hunter2\nport: 5432: 1\n");
        assertThat(List.of(mapping.line(), mapping.column())).containsExactly(3, 11);
        assertThat(mapping.getMessage()).doesNotContain("hunter2", "db-7h3x");
    }

    @Test
    void aKeyThatIsNotPlainIsDescribedRatherThanQuoted() {
        assertThat(refused("\"p\u202Eevil\": 1\n\"p\u202Eevil\": 2\n").getMessage())
                .startsWith("key a key of 6 characters appears twice").doesNotContain("\u202E");
    }

    @Test
    void aValidDocumentKeepsItsValuesAndPositions() {
        YamlTree.Node root = YamlTree.parse("host: db\nport: 5432\nopts: {ssl: true, ratio: 0.5}\nlist: [a, null]\n", LIMIT);
        assertThat(YamlTree.plain(root)).isEqualTo(Map.of("host", "db", "port", 5432L, "opts", Map.of("ssl", true, "ratio", 0.5),
                "list", java.util.Arrays.asList("a", null)));
        assertThat(((YamlTree.MapNode) root).keys().get("opts")).isEqualTo(new YamlTree.Pos(3, 1));
        assertThat(YamlTree.parse("# only a comment\n", LIMIT)).isNull();
    }
}
