package org.flowvault.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceTemplateTest {

    @Test
    void attachedKeyReferenceIsParsed() {
        assertThat(ReferenceTemplate.parse("vault.secret(password)").whole()).isEqualTo(new Reference.AttachedKey("password"));
    }

    @Test
    void cloudomationStyleReferenceNamesConfigurationPathAndKey() {
        assertThat(ReferenceTemplate.parse("vault.secret(prod:secret/data/oracle.password)").whole())
                .isEqualTo(new Reference.PathKey("prod", "secret/data/oracle", "password", false));
        assertThat(ReferenceTemplate.parse("vault.secret(:secret/oracle.password)").whole())
                .isEqualTo(new Reference.PathKey(null, "secret/oracle", "password", false));
    }

    @Test
    void fullPathFormIsRecognisedOnlyAtTheStartOfTheValue() {
        assertThat(ReferenceTemplate.parse("vault://secret/data/mysec/api_key").whole())
                .isEqualTo(new Reference.PathKey(null, "secret/data/mysec", "api_key", true));
        assertThat(ReferenceTemplate.parse("vault://prod:secret/data/mysec/api_key").whole())
                .isEqualTo(new Reference.PathKey("prod", "secret/data/mysec", "api_key", true));
        assertThat(ReferenceTemplate.parse("see vault://secret/data/mysec/api_key").isLiteral()).isTrue();
        assertThat(ReferenceTemplate.parse("vault:8200").isLiteral()).isTrue();
        assertThat(ReferenceTemplate.parse("https://vault.example.com:8200/v1/secret/data/x").isLiteral()).isTrue();
    }

    @Test
    void escapesMakeDotsSlashesColonsAndParensPartOfNames() {
        assertThat(ReferenceTemplate.parse("vault.secret(db\\.password)").whole()).isEqualTo(new Reference.AttachedKey("db.password"));
        assertThat(ReferenceTemplate.parse("vault.secret(c1:a/b.k\\(1\\)\\/x)").whole())
                .isEqualTo(new Reference.PathKey("c1", "a/b", "k(1)/x", false));
        assertThatThrownBy(() -> ReferenceTemplate.parse("vault.secret(c\\:1:a/b.k)")).isInstanceOf(ReferenceSyntaxException.class)
                .hasMessageContaining("vault configuration name must be").hasMessageNotContaining("c:1");
    }

    @Test
    void embeddedReferencesAreStringifiedAndWholeOnesKeepTheirType() {
        Map<String, Object> secret = Map.of("port", 5432, "opts", Map.of("ssl", true));
        assertThat(ReferenceTemplate.parse("vault.secret(port)").render(r -> secret.get(r.key()))).isEqualTo(5432);
        assertThat(ReferenceTemplate.parse("db:vault.secret(port)/x").render(r -> secret.get(r.key()))).isEqualTo("db:5432/x");
        assertThat(ReferenceTemplate.parse("o=vault.secret(opts)").render(r -> secret.get(r.key()))).isEqualTo("o={\"ssl\":true}");
    }

    @Test
    void backslashBeforeAMarkerMakesItLiteral() {
        assertThat(ReferenceTemplate.parse("\\vault.secret(x)").render(r -> "SECRET")).isEqualTo("vault.secret(x)");
        assertThat(ReferenceTemplate.parse("\\\\vault.secret(x)").render(r -> "S")).isEqualTo("\\S");
        assertThat(ReferenceTemplate.parse("\\vault://x/y").render(r -> "S")).isEqualTo("vault://x/y");
        assertThat(ReferenceTemplate.parse("C:\\temp\\file").render(r -> "S")).isEqualTo("C:\\temp\\file");
    }

    @Test
    void malformedReferencesAreRefusedWithTheColumnAndNeverTheText() {
        assertThatThrownBy(() -> ReferenceTemplate.parse("hunter2 vault.secret(user"))
                .isInstanceOf(ReferenceSyntaxException.class)
                .hasMessageContaining("column 9").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ReferenceTemplate.parse("vault.secret(a.b)")).hasMessageContaining("CONFIG:PATH.KEY");
        assertThatThrownBy(() -> ReferenceTemplate.parse("vault.secret(c:a.b.c)")).hasMessageContaining("unexpected \".\"");
        assertThatThrownBy(() -> ReferenceTemplate.parse("vault.secret(x\\y)")).hasMessageContaining("backslash escapes");
        assertThatThrownBy(() -> ReferenceTemplate.parse("vault://onlyonesegment")).hasMessageContaining("MOUNT/data/PATH/KEY");
        assertThatThrownBy(() -> ReferenceTemplate.parse("vault.secret()")).hasMessageContaining("empty reference");
    }

    @Test
    void fullPathCannotBeEmbedded() {
        assertThatThrownBy(() -> ReferenceTemplate.of(List.of("x", new Reference.PathKey(null, "a/b", "k", true))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
