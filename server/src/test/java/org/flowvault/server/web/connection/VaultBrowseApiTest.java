package org.flowvault.server.web.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The picker's browse endpoint lists only what the caller's own Vault identity may list or read, and never a value. */
class VaultBrowseApiTest {
    private static PickerWorld w;

    @BeforeAll
    static void start() {
        w = new PickerWorld();
    }

    @AfterAll
    static void stop() {
        if (w != null) {
            w.close();
        }
    }

    @Test
    void aMemberSeesOnlyTheConfigurationsInTheProjectsScope() {
        JsonNode l = w.h.expect(200, "GET", w.browse(null, null), w.alice.token(), null).json();
        assertThat(l.get("kind").asText()).isEqualTo("configs");
        assertThat(names(l)).containsExactly(w.config);
    }

    @Test
    void browsingWalksMountsAndFoldersLeavingOutWhatTheTokenMayNotList() {
        assertThat(names(w.h.expect(200, "GET", w.browse(w.config, null), w.alice.token(), null).json())).contains("secret/");
        // Vault lists both teams to this token (it may list the mount's top level), the picker only the one it may use
        assertThat(w.h.vaultRoot("LIST", "secret/metadata/", null).toString()).contains(w.teamB);
        JsonNode top = w.h.expect(200, "GET", w.browse(w.config, "secret/"), w.alice.token(), null).json();
        assertThat(names(top)).contains(w.teamA + "/").doesNotContain(w.teamB + "/");
        JsonNode team = w.h.expect(200, "GET", w.browse(w.config, "secret/" + w.teamA + "/"), w.alice.token(), null).json();
        assertThat(names(team)).containsExactly("db", "nested/");
        assertThat(team.get("entries").get(0).get("path").asText()).isEqualTo("secret/" + w.teamA + "/db");
        JsonNode typed = w.h.expect(200, "GET", w.browse(w.config, "secret/" + w.teamA), w.alice.token(), null).json();
        assertThat(typed.get("kind").asText()).isEqualTo("folder");
        assertThat(names(typed)).containsExactly("db", "nested/");
    }

    @Test
    void aSecretShowsKeyNamesWithTheirReferencesAndNeverAValue() {
        ApiHarness.Reply r = w.h.expect(200, "GET", w.browse(w.config, "secret/" + w.teamA + "/db"), w.alice.token(), null);
        JsonNode l = r.json();
        assertThat(l.get("kind").asText()).isEqualTo("secret");
        assertThat(names(l)).containsExactly("password", "username");
        assertThat(l.get("entries").get(0).get("reference").asText())
                .isEqualTo("vault.secret(" + w.config + ":secret/" + w.teamA + "/db.password)");
        assertThat(l.get("attach").asText()).isEqualTo(w.config + ":secret/" + w.teamA + "/db");
        // the API form of the path names the same secret
        assertThat(names(w.h.expect(200, "GET", w.browse(w.config, "secret/data/" + w.teamA + "/db"), w.alice.token(), null).json()))
                .containsExactly("password", "username");
        for (String s : w.secrets) {
            assertThat(r.body()).doesNotContain(s);
        }
    }

    @Test
    void everyBrowseReadFromVaultIsAuditedOnceWithNamesAndNoValue() {
        String folder = "secret/" + w.teamA + "/";
        String secret = "secret/" + w.teamA + "/db";
        long foldersBefore = audited("vault.browse", folder, "ok");
        long keysBefore = audited("vault.browse_keys", secret, "ok");
        long deniedBefore = audited("vault.browse", "secret/" + w.teamB + "/db", "denied");
        w.h.expect(200, "GET", w.browse(w.config, folder), w.alice.token(), null);
        w.h.expect(200, "GET", w.browse(w.config, secret), w.alice.token(), null);
        w.h.call("GET", w.browse(w.config, "secret/" + w.teamB + "/db"), w.alice.token(), null);
        assertThat(audited("vault.browse", folder, "ok")).isEqualTo(foldersBefore + 1);
        assertThat(audited("vault.browse_keys", secret, "ok")).isEqualTo(keysBefore + 1);
        assertThat(audited("vault.browse", "secret/" + w.teamB + "/db", "denied")).isEqualTo(deniedBefore + 1);
        String rows = org.flowvault.platform.audit.StoredBlocks.records(w.h.platform().audit()).stream()
                .filter(r -> r.action().label().startsWith("vault.browse")).toList().toString();
        assertThat(rows).contains(w.config);
        for (String s : w.secrets) {
            assertThat(rows).doesNotContain(s);
        }
        assertThat(rows).doesNotContain(w.teamBPassword);
    }

    /** How many records of {@code action} name {@code path} with {@code outcome}, once the journal reached the database. */
    private static long audited(String action, String path, String outcome) {
        return org.flowvault.platform.audit.StoredBlocks.records(w.h.platform().audit()).stream()
                .filter(r -> r.action().label().equals(action) && path.equals(r.path()) && r.outcome().label().equals(outcome)).count();
    }

    @Test
    void pathsOutsideTheTokensPolicyAreAnsweredLikeMissingOnes() {
        ApiHarness.Reply sibling = w.h.call("GET", w.browse(w.config, "secret/" + w.teamB + "/db"), w.alice.token(), null);
        ApiHarness.Reply folder = w.h.call("GET", w.browse(w.config, "secret/" + w.teamB + "/"), w.alice.token(), null);
        ApiHarness.Reply missing = w.h.call("GET", w.browse(w.config, "secret/" + w.teamA + "/nothing-here"), w.alice.token(), null);
        assertThat(List.of(sibling.status(), folder.status(), missing.status())).containsOnly(404);
        assertThat(sibling.message()).isEqualTo(missing.message());
        assertThat(sibling.body()).doesNotContain(w.teamBPassword).doesNotContain(w.teamB);
    }

    @Test
    void anOutsiderAMemberWithoutATokenAndAnotherProjectsConfigurationAreRefused() {
        assertThat(w.h.call("GET", w.browse(null, null), w.bob.token(), null).status()).isEqualTo(404);
        assertThat(w.h.call("GET", w.browse(w.config, "secret/" + w.teamA + "/db"), w.bob.token(), null).status()).isEqualTo(404);
        ApiHarness.Reply carol = w.h.call("GET", w.browse(w.config, "secret/" + w.teamA + "/db"), w.carol.token(), null);
        assertThat(carol.status()).isEqualTo(401);
        assertThat(carol.message()).contains("register");
        ApiHarness.Reply other = w.h.call("GET", w.browse(w.otherConfig, null), w.alice.token(), null);
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().path("error").path("field").asText()).isEqualTo("config");
        assertThat(w.h.call("GET", w.browse(null, null), null, null).status()).isEqualTo(401);
    }

    @Test
    void aPathThatWouldLeaveItsMountIsRefusedWithoutEchoingIt() {
        ApiHarness.Reply r = w.h.call("GET", w.browse(w.config, "secret/" + w.teamA + "/../" + w.teamB + "/db"), w.alice.token(), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").path("field").asText()).isEqualTo("path");
        assertThat(r.body()).doesNotContain(w.teamB);
    }

    private static List<String> names(JsonNode listing) {
        List<String> out = new ArrayList<>();
        listing.get("entries").forEach(e -> out.add(e.get("name").asText()));
        return out;
    }
}
