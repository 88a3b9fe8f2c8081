package org.flowvault.vault.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.policy.Operation.CREATE;
import static org.flowvault.vault.server.policy.Operation.DELETE;
import static org.flowvault.vault.server.policy.Operation.UPDATE;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** allowed_parameters, denied_parameters, required_parameters and wrapping TTLs, as acl.go enforces them. */
class AclParametersTest {

    private static Acl acl(String... policyTexts) {
        return AclTest.acl(policyTexts);
    }

    private static boolean update(Acl acl, Map<String, ?> data) {
        return acl.allowed("secret/foo", UPDATE, data, null);
    }

    @Test
    void allowedParametersAdmitOnlyListedKeysAndValues() {
        Acl acl = acl("""
                path "secret/foo" {
                  capabilities = ["update"]
                  allowed_parameters = {
                    "bar" = ["zip", "zap"]
                    "any" = []
                  }
                }
                """);

        assertThat(update(acl, Map.of("bar", "zip"))).isTrue();
        assertThat(update(acl, Map.of("any", 42, "bar", "zap"))).isTrue();
        assertThat(update(acl, Map.of("bar", "zop"))).isFalse();
        assertThat(update(acl, Map.of("other", "x"))).isFalse();
        assertThat(update(acl, Map.of("BAR", "zip"))).as("keys compare case-insensitively").isTrue();
        assertThat(update(acl, Map.of())).as("no parameters at all").isTrue();
    }

    @Test
    void allowedValuesMayBeGlobbedAndListsOrCommaStringsMustBeFullyAllowed() {
        Acl acl = acl("""
                path "secret/foo" {
                  capabilities = ["update"]
                  allowed_parameters = { "role" = ["dev-*", "*-ro", "ops"] }
                }
                """);

        assertThat(update(acl, Map.of("role", "dev-team"))).isTrue();
        assertThat(update(acl, Map.of("role", "db-ro"))).isTrue();
        assertThat(update(acl, Map.of("role", List.of("ops", "dev-1")))).isTrue();
        assertThat(update(acl, Map.of("role", List.of("ops", "admin")))).isFalse();
        assertThat(update(acl, Map.of("role", "ops, dev-2"))).isTrue();
        assertThat(update(acl, Map.of("role", "ops,admin"))).isFalse();
    }

    @Test
    void wildcardAllowedKeyAdmitsAnyOtherParameterButListedKeysStayConstrained() {
        Acl acl = acl("""
                path "secret/foo" {
                  capabilities = ["update"]
                  allowed_parameters = {
                    "*" = []
                    "ttl" = ["1h"]
                  }
                }
                """);

        assertThat(update(acl, Map.of("anything", "x", "ttl", "1h"))).isTrue();
        assertThat(update(acl, Map.of("ttl", "24h"))).isFalse();
    }

    @Test
    void deniedParametersRejectListedValuesAndAnyValueOfAnEmptyList() {
        Acl acl = acl("""
                path "secret/foo" {
                  capabilities = ["update"]
                  denied_parameters = {
                    "salary" = []
                    "role"   = ["admin*"]
                  }
                }
                """);

        assertThat(update(acl, Map.of("name", "x"))).isTrue();
        assertThat(update(acl, Map.of("salary", 1))).isFalse();
        assertThat(update(acl, Map.of("role", "administrator"))).isFalse();
        assertThat(update(acl, Map.of("role", List.of("dev", "admin")))).isFalse();
        assertThat(update(acl, Map.of("role", "dev,admin"))).isFalse();
        assertThat(update(acl, Map.of("role", "dev"))).isTrue();
    }

    @Test
    void deniedWildcardRejectsEveryNonEmptyRequest() {
        Acl acl = acl("""
                path "secret/foo" {
                  capabilities = ["update"]
                  denied_parameters = { "*" = [] }
                }
                """);

        assertThat(update(acl, Map.of("a", 1))).isFalse();
        assertThat(update(acl, Map.of())).isTrue();
    }

    @Test
    void requiredParametersMustBePresentEvenWhenNoDataIsSent() {
        Acl acl = acl("""
                path "secret/foo" {
                  capabilities = ["create", "update", "delete"]
                  required_parameters = ["bar", "baz"]
                }
                """);

        assertThat(acl.allowed("secret/foo", CREATE, Map.of("bar", 1, "baz", 2), null)).isTrue();
        assertThat(acl.allowed("secret/foo", CREATE, Map.of("bar", 1), null)).isFalse();
        assertThat(acl.allowed("secret/foo", UPDATE)).isFalse();
        assertThat(acl.allowed("secret/foo", DELETE)).as("delete carries no parameters").isTrue();
    }

    @Test
    void numericAllowedValuesMatchWhateverNumberTypeCarriesThem() {
        Acl acl = acl("path \"secret/foo\" {\n capabilities = [\"update\"]\n allowed_parameters = { \"n\" = [1, true] }\n}");

        assertThat(update(acl, Map.of("n", 1L))).isTrue();
        assertThat(update(acl, Map.of("n", 1.0d))).isTrue();
        assertThat(update(acl, Map.of("n", true))).isTrue();
        assertThat(update(acl, Map.of("n", 2))).isFalse();
    }

    @Test
    void mergingAnEmptyAllowedListWithAValueListAllowsAnyValueInEitherOrder() {
        String values = "path \"secret/foo\" {\n capabilities = [\"update\"]\n allowed_parameters = { \"k\" = [\"a\"] }\n}";
        String any = "path \"secret/foo\" {\n capabilities = [\"update\"]\n allowed_parameters = { \"k\" = [] }\n}";

        assertThat(update(acl(values, any), Map.of("k", "zzz"))).isTrue();
        assertThat(update(acl(any, values), Map.of("k", "zzz"))).isTrue();
    }

    @Test
    void mergingTwoValueListsAllowsValuesFromEither() {
        Acl acl = acl(
                "path \"secret/foo\" {\n capabilities = [\"update\"]\n allowed_parameters = { \"k\" = [\"a\"] }\n}",
                "path \"secret/foo\" {\n capabilities = [\"update\"]\n allowed_parameters = { \"k\" = [\"b\"] }\n}");

        assertThat(update(acl, Map.of("k", "a"))).isTrue();
        assertThat(update(acl, Map.of("k", "b"))).isTrue();
        assertThat(update(acl, Map.of("k", "c"))).isFalse();
    }

    @Test
    void wrappingTtlBoundsRequireAWrappedRequestWithinThem() {
        Acl acl = acl("""
                path "secret/foo" {
                  capabilities = ["update"]
                  min_wrapping_ttl = "1m"
                  max_wrapping_ttl = "1h"
                }
                """);

        assertThat(acl.allowed("secret/foo", UPDATE, Map.of(), Duration.ofMinutes(10))).isTrue();
        assertThat(acl.allowed("secret/foo", UPDATE, Map.of(), null)).as("not wrapped").isFalse();
        assertThat(acl.allowed("secret/foo", UPDATE, Map.of(), Duration.ofSeconds(30))).isFalse();
        assertThat(acl.allowed("secret/foo", UPDATE, Map.of(), Duration.ofHours(2))).isFalse();
    }

    @Test
    void mergedWrappingBoundsKeepTheSmallerOfEach() {
        Acl acl = acl(
                "path \"secret/foo\" {\n capabilities = [\"update\"]\n max_wrapping_ttl = \"1h\"\n}",
                "path \"secret/foo\" {\n capabilities = [\"update\"]\n max_wrapping_ttl = \"10m\"\n}");

        assertThat(acl.allowed("secret/foo", UPDATE, Map.of(), Duration.ofMinutes(5))).isTrue();
        assertThat(acl.allowed("secret/foo", UPDATE, Map.of(), Duration.ofMinutes(30))).isFalse();
    }

    @Test
    void globMatchSupportsOnlyLeadingAndTrailingStars() {
        assertThat(Permissions.globMatch("*", "anything")).isFalse();
        assertThat(Permissions.globMatch("*", "*")).isTrue();
        assertThat(Permissions.globMatch("*mid*", "a-mid-b")).isTrue();
        assertThat(Permissions.globMatch("a*c", "abc")).isFalse();
        assertThat(Permissions.globMatch("a*c", "a*c")).isTrue();
    }
}
