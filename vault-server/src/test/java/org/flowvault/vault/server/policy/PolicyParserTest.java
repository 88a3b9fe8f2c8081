package org.flowvault.vault.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {

    @Test
    void parsesHclPathBlocksInOrderWithTheirCapabilities() {
        Policy p = PolicyParser.parse("app", """
                # a comment
                path "secret/data/*" {
                  capabilities = ["read", "list"]
                }
                // another comment
                path "sys/mounts" { capabilities = ["read"] } /* trailing */
                """);

        assertThat(p.name()).isEqualTo("app");
        assertThat(p.rules()).extracting(PathRule::path).containsExactly("secret/data/*", "sys/mounts");
        assertThat(p.rules().get(0).capabilities()).containsExactly("read", "list");
        assertThat(p.rules().get(1).capabilities()).containsExactly("read");
    }

    @Test
    void keepsTheRawTextVerbatim() {
        String text = "path \"a\" {\n  capabilities = [\"read\"]\n}\n\n\n";

        assertThat(PolicyParser.parse("p", text).raw()).isEqualTo(text);
    }

    @Test
    void parsesJsonIntoTheSameRulesAsTheEquivalentHcl() {
        Policy json = PolicyParser.parse("p", """
                {"path": {"secret/*": {"capabilities": ["read", "update"]},
                          "auth/token/lookup-self": {"capabilities": ["read"]}}}
                """);
        Policy hcl = PolicyParser.parse("p", """
                path "secret/*" { capabilities = ["read", "update"] }
                path "auth/token/lookup-self" { capabilities = ["read"] }
                """);

        assertThat(json.rules()).isEqualTo(hcl.rules());
    }

    @Test
    void acceptsJsonWithAListOfPathObjects() {
        Policy p = PolicyParser.parse("p", "{\"path\": [{\"a\": {\"capabilities\": [\"read\"]}}, {\"b\": {\"policy\": \"deny\"}}]}");

        assertThat(p.rules()).containsExactly(PathRule.of("a", List.of("read")), PathRule.of("b", List.of("deny")));
    }

    @Test
    void acceptsTheOpeningBraceOnTheLineAfterThePath() {
        Policy p = PolicyParser.parse("p", "path \"auth/*\"\n{\n  capabilities = [\"read\", \"list\",]\n}\n");

        assertThat(p.rules()).containsExactly(PathRule.of("auth/*", List.of("read", "list")));
    }

    @Test
    void keepsRepeatedBlocksForTheSamePathAsSeparateRules() {
        Policy p = PolicyParser.parse("p", """
                path "a" { capabilities = ["read"] }
                path "b" { capabilities = ["list"] }
                path "a" { capabilities = ["update"] }
                """);

        assertThat(p.rules()).extracting(PathRule::path).containsExactly("a", "b", "a");
    }

    @ParameterizedTest
    @CsvSource({
        "read,  read list",
        "write, create read update delete list",
        "sudo,  create read update delete list sudo",
        "deny,  deny",
    })
    void expandsLegacyPolicyValuesLikeVault(String legacy, String expected) {
        Policy p = PolicyParser.parse("p", "path \"a\" { policy = \"" + legacy + "\" }");

        assertThat(p.rules().getFirst().capabilities()).containsExactly(expected.split(" "));
    }

    @Test
    void combinesLegacyPolicyWithCapabilities() {
        Policy p = PolicyParser.parse("p", "path \"a\" {\n policy = \"read\"\n capabilities = [\"create\", \"sudo\"]\n}");

        assertThat(p.rules().getFirst().capabilities()).containsExactly("create", "read", "list", "sudo");
    }

    @Test
    void rejectsAnUnknownCapabilityNamingItAndThePath() {
        assertThatThrownBy(() -> PolicyParser.parse("p", "path \"secret/*\" { capabilities = [\"reed\"] }"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("failed to parse policy: path \"secret/*\": invalid capability \"reed\"");
    }

    @Test
    void rejectsAnUnknownLegacyPolicy() {
        assertThatThrownBy(() -> PolicyParser.parse("p", "path \"a\" { policy = \"admin\" }"))
                .hasMessage("failed to parse policy: path \"a\": invalid policy \"admin\"");
    }

    @Test
    void denyKeepsOnlyDenyAndDropsEverythingElseInTheBlock() {
        Policy p = PolicyParser.parse("p", """
                path "a" {
                  capabilities = ["read", "deny", "update"]
                  allowed_parameters = { "x" = [] }
                }
                """);

        assertThat(p.rules().getFirst()).isEqualTo(PathRule.of("a", List.of("deny")));
        assertThat(p.rules().getFirst().denies()).isTrue();
    }

    @Test
    void acceptsSubscribeAndPatchCapabilities() {
        Policy p = PolicyParser.parse("p", "path \"sys/events/*\" { capabilities = [\"subscribe\", \"patch\", \"read\"] }");

        assertThat(p.rules().getFirst().capabilities()).containsExactly("read", "patch", "subscribe");
    }

    @Test
    void rejectsAnUnknownKeyInAPathBlockWithItsLine() {
        assertThatThrownBy(() -> PolicyParser.parse("p", "path \"a\" {\n  capabilites = [\"read\"]\n}"))
                .hasMessage("failed to parse policy: path \"a\": invalid key \"capabilites\" on line 2");
    }

    @Test
    void rejectsAnUnknownTopLevelKeyWithItsLine() {
        assertThatThrownBy(() -> PolicyParser.parse("p", "\n\npaths \"a\" { capabilities = [\"read\"] }"))
                .hasMessage("failed to parse policy: invalid key \"paths\" on line 3");
    }

    @Test
    void rejectsPlusFollowedByGlob() {
        assertThatThrownBy(() -> PolicyParser.parse("p", "path \"/secret/+*\" { capabilities = [\"read\"] }"))
                .hasMessage("failed to parse policy: path \"secret/+*\": invalid use of wildcards ('+*' is forbidden)");
    }

    @Test
    void stripsOneLeadingSlashFromThePath() {
        Policy p = PolicyParser.parse("p", "path \"/sys/mounts\" { capabilities = [\"read\"] }");

        assertThat(p.rules().getFirst().path()).isEqualTo("sys/mounts");
    }

    @Test
    void parsesParameterConstraintsWithLowercasedKeys() {
        Policy p = PolicyParser.parse("p", """
                path "secret/foo" {
                  capabilities = ["create"]
                  allowed_parameters = {
                    "Bar" = ["zip", "zap*"]
                    "*"   = []
                  }
                  denied_parameters {
                    "salary" = []
                  }
                  required_parameters = ["bar"]
                  min_wrapping_ttl = "1s"
                  max_wrapping_ttl = 90
                }
                """);

        PathRule rule = p.rules().getFirst();
        assertThat(rule.allowedParameters()).isEqualTo(Map.of("bar", List.of("zip", "zap*"), "*", List.of()));
        assertThat(rule.deniedParameters()).isEqualTo(Map.of("salary", List.of()));
        assertThat(rule.requiredParameters()).containsExactly("bar");
        assertThat(rule.minWrappingTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(rule.maxWrappingTtl()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsMaxWrappingTtlBelowMin() {
        assertThatThrownBy(() -> PolicyParser.parse("p",
                "path \"a\" {\n capabilities = [\"read\"]\n min_wrapping_ttl = \"1h\"\n max_wrapping_ttl = \"1m\"\n}"))
                .hasMessage("failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl");
    }

    @Test
    void rejectsAnUnparseableWrappingTtl() {
        assertThatThrownBy(() -> PolicyParser.parse("p", "path \"a\" {\n min_wrapping_ttl = \"soon\"\n}"))
                .hasMessageStartingWith("failed to parse policy: error parsing min_wrapping_ttl:")
                .hasMessageContaining("soon");
    }

    @Test
    void acceptsCommentsHeredocsAndEnterpriseKeysWithoutEnforcingThem() {
        Policy p = PolicyParser.parse("p", """
                path "a" {
                  comment = <<EOT
                  free text
                  EOT
                  capabilities = ["read"]
                  mfa_methods = ["duo"]
                  control_group = { ttl = "4h" }
                }
                """);

        assertThat(p.rules()).containsExactly(PathRule.of("a", List.of("read")));
    }

    @Test
    void acceptsAnEmptyPolicy() {
        assertThat(PolicyParser.parse("p", "# nothing yet\n").rules()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "path \"a\" {\\n capabilities = [\"read\"\\n}  | At 3:1: unexpected '}' in list, expected ',' or ']'",
        "path \"a\" {\\n capabilities = [\"read\"]\\n | At 3:1: unexpected end of input, expected '}' closing the object opened at line 1",
        "path \"a {\\n capabilities = [\"read\"]\\n}   | At 1:6: string not terminated",
        "path \"a\" {\\n capabilities = [read]\\n}    | At 2:18: unexpected identifier read, strings must be quoted",
        "path \"a\" {\\n capabilities == [\"read\"]\\n} | At 2:16: unexpected '=', expected a value",
        "foo bar baz                                  | At 1:12: unexpected end of input after key \"baz\", expected '=' or '{'",
        "path \"a\" { capabilities = [\"read\"] }}     | At 1:37: unexpected '}', expected a key",
        "path \"a\" { capabilities = [\"read\"]; }     | At 1:35: illegal character ';'",
        "path \"a\" /* never closed                   | At 1:10: comment not terminated",
    })
    void reportsSyntaxErrorsWithLineAndColumn(String text, String expected) {
        assertThatThrownBy(() -> PolicyParser.parse("p", text.replace("\\n", "\n")))
                .isInstanceOf(PolicyException.class)
                .hasMessage("failed to parse policy: " + expected);
    }

    @Test
    void reportsJsonSyntaxErrorsWithTheirLine() {
        assertThatThrownBy(() -> PolicyParser.parse("p", "{\n  \"path\": {\n    \"a\": {\"capabilities\": [\"read\"]}\n"))
                .hasMessageStartingWith("failed to parse policy: At 4:1: unexpected end of input");
    }

    @Test
    void decodesStringEscapes() {
        Policy p = PolicyParser.parse("p", "path \"a/\\u0062/\\\"c\\\"\" { capabilities = [\"read\"] }");

        assertThat(p.rules().getFirst().path()).isEqualTo("a/b/\"c\"");
    }

    @Test
    void aHandBuiltRuleIsNormalisedAndRejectsUnknownCapabilities() {
        assertThat(PathRule.of("a", List.of("list", "read", "read")).capabilities()).containsExactly("read", "list");
        assertThat(PathRule.of("a", List.of("read", "deny")).capabilities()).containsExactly("deny");
        assertThatThrownBy(() -> PathRule.of("a", List.of("root")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid capability \"root\" in path \"a\"");
    }

    @Test
    void ruleCollectionsCannotBeModified() {
        PathRule rule = PolicyParser.parse("p", "path \"a\" { capabilities = [\"read\"] }").rules().getFirst();

        assertThatThrownBy(() -> rule.capabilities().add("sudo")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Arrays.asList(rule.capabilities().toArray())).containsExactly("read");
    }
}
