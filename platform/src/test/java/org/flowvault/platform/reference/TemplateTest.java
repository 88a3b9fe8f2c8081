package org.flowvault.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void attachedKeyReferenceIsParsed() {
        assertThat(Template.parse("vault.secret(password)").whole()).isEqualTo(new Reference.AttachedKey("password"));
    }

    @Test
    void cloudomationStyleReferenceNamesConfigurationPathAndKey() {
        assertThat(Template.parse("vault.secret(prod:secret/data/oracle.password)").whole())
                .isEqualTo(new Reference.PathKey("prod", "secret/data/oracle", "password", false));
        assertThat(Template.parse("vault.secret(:secret/oracle.password)").whole())
                .isEqualTo(new Reference.PathKey(null, "secret/oracle", "password", false));
    }

    @Test
    void fullPathFormIsRecognisedOnlyAtTheStartOfTheValue() {
        assertThat(Template.parse("vault://secret/data/mysec/api_key").whole())
                .isEqualTo(new Reference.PathKey(null, "secret/data/mysec", "api_key", true));
        assertThat(Template.parse("vault://prod:secret/data/mysec/api_key").whole())
                .isEqualTo(new Reference.PathKey("prod", "secret/data/mysec", "api_key", true));
        assertThat(Template.parse("see vault://secret/data/mysec/api_key").isLiteral()).isTrue();
        assertThat(Template.parse("vault:8200").isLiteral()).isTrue();
        assertThat(Template.parse("https://vault.example.com:8200/v1/secret/data/x").isLiteral()).isTrue();
    }

    @Test
    void escapesMakeDotsSlashesColonsAndParensPartOfNames() {
        assertThat(Template.parse("vault.secret(db\\.password)").whole()).isEqualTo(new Reference.AttachedKey("db.password"));
        assertThat(Template.parse("vault.secret(c1:a/b.k\\(1\\)\\/x)").whole())
                .isEqualTo(new Reference.PathKey("c1", "a/b", "k(1)/x", false));
        assertThatThrownBy(() -> Template.parse("vault.secret(c\\:1:a/b.k)")).isInstanceOf(ReferenceSyntaxException.class)
                .hasMessageContaining("vault configuration name must be").hasMessageNotContaining("c:1");
    }

    @Test
    void embeddedReferencesAreStringifiedAndWholeOnesKeepTheirType() {
        Map<String, Object> secret = Map.of("port", 5432, "opts", Map.of("ssl", true));
        assertThat(Template.parse("vault.secret(port)").render(r -> secret.get(r.key()))).isEqualTo(5432);
        assertThat(Template.parse("db:vault.secret(port)/x").render(r -> secret.get(r.key()))).isEqualTo("db:5432/x");
        assertThat(Template.parse("o=vault.secret(opts)").render(r -> secret.get(r.key()))).isEqualTo("o={\"ssl\":true}");
    }

    @Test
    void backslashBeforeAMarkerMakesItLiteral() {
        assertThat(Template.parse("\\vault.secret(x)").render(r -> "SECRET")).isEqualTo("vault.secret(x)");
        assertThat(Template.parse("\\\\vault.secret(x)").render(r -> "S")).isEqualTo("\\S");
        assertThat(Template.parse("\\vault://x/y").render(r -> "S")).isEqualTo("vault://x/y");
        assertThat(Template.parse("C:\\temp\\file").render(r -> "S")).isEqualTo("C:\\temp\\file");
    }

    @Test
    void malformedReferencesAreRefusedWithTheColumnAndNeverTheText() {
        assertThatThrownBy(() -> Template.parse("hunter2 vault.secret(user"))
                .isInstanceOf(ReferenceSyntaxException.class)
                .hasMessageContaining("column 9").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Template.parse("vault.secret(a.b)")).hasMessageContaining("CONFIG:PATH.KEY");
        assertThatThrownBy(() -> Template.parse("vault.secret(c:a.b.c)")).hasMessageContaining("unexpected \".\"");
        assertThatThrownBy(() -> Template.parse("vault.secret(x\\y)")).hasMessageContaining("backslash escapes");
        assertThatThrownBy(() -> Template.parse("vault://onlyonesegment")).hasMessageContaining("MOUNT/data/PATH/KEY");
        assertThatThrownBy(() -> Template.parse("vault.secret()")).hasMessageContaining("empty reference");
    }

    @Test
    void fullPathCannotBeEmbedded() {
        assertThatThrownBy(() -> Template.of(List.of("x", new Reference.PathKey(null, "a/b", "k", true))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
