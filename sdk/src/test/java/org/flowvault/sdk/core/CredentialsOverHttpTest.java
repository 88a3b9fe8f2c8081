package org.flowvault.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.sdk.ConflictException;
import org.flowvault.sdk.FlowvaultException;
import org.flowvault.sdk.NotFoundException;
import org.flowvault.sdk.ServerException;
import org.flowvault.sdk.UnauthenticatedException;
import org.flowvault.sdk.credential.Credential;
import org.flowvault.sdk.credential.CredentialDecryptionException;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.CredentialFilter;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.CredentialOperations;
import org.flowvault.sdk.credential.CredentialProxy;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldFormat;
import org.flowvault.sdk.credential.FieldId;
import org.flowvault.sdk.credential.NewCredentialKey;
import org.flowvault.sdk.credential.TfaMethod;
import org.flowvault.sdk.credential.TotpCode;
import org.flowvault.sdk.credential.VaultReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's credential calls over real HTTP against {@link ContractServer} (the contract's
 * endpoints; the real server's arrive separately): the whole lifecycle, what the server
 * receives (no plaintext, fields bound to their entry), and every way a stored field can be
 * wrong, each an error naming the entry and field rather than a ciphertext posing as a value.
 */
class CredentialsOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "https://portal.example.com";

    private ContractServer server;
    private String project;
    private CredentialKey key;
    private CredentialOperations credentials;

    @BeforeEach
    void start() throws Exception {
        server = new ContractServer();
        project = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        key = CredentialKey.generate();
        server.addKeyVersion(project, key);
        credentials = client(key).credentials();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Flowvault.Builder builder() {
        return Flowvault.builder().address(server.address()).apiKey(ContractServer.TOKEN).project(project);
    }

    private Flowvault client(CredentialKey k) {
        return builder().credentialKey(k).build();
    }

    private static CredentialEntry alice(String password) {
        return CredentialEntry.builder(DOMAIN, "user-alice").userName("alice@example.com").password(password)
                .tfaSecret("JBSWY3DPEHPK3PXP").tfaMethod(TfaMethod.AUTHENTICATOR).userAlias("Alice's account")
                .proxy(CredentialProxy.target("203.0.113.7")).persistCookies(true).allowMultipleSessions(true).maxConcurrency(2)
                .expireAfterLastUseDays(30).build();
    }

    @Test
    void anEntryIsCreatedReadUpdatedUsedForTotpAndDeleted() {
        Credential created = credentials.create(alice("first password"));

        assertThat(created.id()).isNotBlank();
        assertThat(created.decrypted()).isTrue();
        assertThat(created.password().reveal()).isEqualTo("first password");
        Credential found = credentials.find(DOMAIN, "user-alice").orElseThrow();
        assertThat(found.userName().reveal()).isEqualTo("alice@example.com");
        assertThat(found.tfaSecret().reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(found.proxy()).isEqualTo(CredentialProxy.target("203.0.113.7"));
        assertThat(found.userAlias()).isEqualTo("Alice's account");
        assertThat(found.tfaMethod()).isEqualTo(TfaMethod.AUTHENTICATOR);
        assertThat(found.persistCookies()).isTrue();
        assertThat(found.maxConcurrency()).isEqualTo(2);
        assertThat(found.expireAfterLastUseDays()).isEqualTo(30);
        assertThat(credentials.get()).extracting(Credential::id).containsExactly(created.id());
        assertThat(credentials.getById(created.id(), true).password().reveal()).isEqualTo("first password");

        Credential updated = credentials.update(found.toEntry().password("second password").build());

        assertThat(updated.password().reveal()).isEqualTo("second password");
        assertThat(credentials.find(DOMAIN, "user-alice").orElseThrow().password().reveal()).isEqualTo("second password");
        assertThat(credentials.find(DOMAIN, "user-alice").orElseThrow().userName().reveal()).isEqualTo("alice@example.com");

        TotpCode code = credentials.totp(DOMAIN, "user-alice");
        assertThat(code.code().reveal()).hasSize(6);
        assertThat(code.validForSeconds()).isEqualTo(17);
        assertThat(code.toString()).doesNotContain(code.code().reveal());

        credentials.delete(DOMAIN, "user-alice");

        assertThat(credentials.find(DOMAIN, "user-alice")).isEmpty();
        assertThatThrownBy(() -> credentials.delete(DOMAIN, "user-alice")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("user-alice");
    }

    @Test
    void theServerReceivesOnlyCiphertextsBoundToTheirEntryAndField() throws Exception {
        String password = "pw-" + UUID.randomUUID() + " ü\"\\";
        String newPassword = "pw2-" + UUID.randomUUID();
        String userName = "alice-" + UUID.randomUUID() + "@example.com";
        String totpSecret = "JBSWY3DPEHPK3PXP" + UUID.randomUUID().toString().replace("-", "").toUpperCase().substring(0, 8);
        String proxyUrl = "http://proxyuser:proxy-pw-" + UUID.randomUUID() + "@proxy.example.com:3128";
        CredentialEntry entry = CredentialEntry.builder(DOMAIN, "user-alice").userName(userName).password(password)
                .tfaSecret(totpSecret).proxy(CredentialProxy.url(proxyUrl)).build();

        credentials.create(entry);
        credentials.update(entry.toBuilder().password(newPassword).build());

        List<ContractServer.Request> writes = server.requests().stream().filter(r -> r.path().endsWith("/credentials")
                && (r.method().equals("POST") || r.method().equals("PUT"))).toList();
        assertThat(writes).hasSize(2);
        for (ContractServer.Request r : server.requests()) {
            for (String plain : List.of(password, newPassword, userName, totpSecret, proxyUrl, "proxy-pw-")) {
                for (String form : List.of(plain, JSON.writeValueAsString(plain), URLEncoder.encode(plain, StandardCharsets.UTF_8),
                        Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)))) {
                    assertThat(r.body() + " " + r.query()).as("%s %s", r.method(), r.path()).doesNotContain(form);
                }
            }
        }
        JsonNode sent = JSON.readTree(writes.get(0).body());
        for (String field : List.of("user_name", "password", "tfa_secret", "proxy")) {
            String stored = sent.get(field).asText();
            assertThat(stored).startsWith("v2:1:");
            // bound to this project, entry and field: it opens only with its own identity
            FieldId id = new FieldId(project, DOMAIN, "user-alice", field);
            assertThat(FieldCipher.decrypt(key, id, stored)).startsWith("\"");
            assertThatThrownBy(() -> FieldCipher.decrypt(key, id.field(field.equals("password") ? "user_name" : "password"), stored))
                    .isInstanceOf(CredentialDecryptionException.class);
        }
        assertThat(JSON.readTree(FieldCipher.decrypt(key, new FieldId(project, DOMAIN, "user-alice", "password"), sent.get("password").asText())).asText())
                .isEqualTo(password);
    }

    @Test
    void readingWithoutDecryptionGivesTheCiphertextsAndNeedsNoKey() {
        credentials.create(alice("pw"));
        CredentialOperations keyless = builder().build().credentials();

        List<Credential> read = keyless.get(CredentialFilter.of(DOMAIN, "user-alice").withDecryptCredentials(false));

        assertThat(read).hasSize(1);
        Credential c = read.getFirst();
        assertThat(c.decrypted()).isFalse();
        assertThat(c.password()).isNull();
        assertThat(c.userName()).isNull();
        assertThat(c.ciphertexts()).containsOnlyKeys("user_name", "password", "tfa_secret", "proxy");
        assertThat(c.ciphertexts().values()).allMatch(s -> s.startsWith("v2:1:"));
        assertThatThrownBy(c::toEntry).isInstanceOf(IllegalStateException.class).hasMessageContaining("decrypted");
    }

    @Test
    void aClientWithoutAKeyIsToldHowToGiveOneBeforeAnythingIsSent() {
        CredentialOperations keyless = builder().build().credentials();
        int before = server.requests().size();

        assertThatThrownBy(() -> keyless.create(alice("pw"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credentialKey(").hasMessageContaining("FLOWVAULT_CREDENTIAL_KEY");
        assertThatThrownBy(keyless::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("decryptCredentials(false)");
        assertThatThrownBy(() -> keyless.find(DOMAIN, "user-alice")).isInstanceOf(IllegalStateException.class);
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void aTamperedStoredFieldIsAnErrorNamingTheEntryAndFieldNeverAValue() {
        credentials.create(alice("the real password"));
        var stored = server.stored(project, DOMAIN, "user-alice");
        String ct = stored.get("password").asText();
        char last = ct.charAt(ct.length() - 1);
        stored.put("password", ct.substring(0, ct.length() - 1) + (last == '0' ? '1' : '0'));

        assertThatThrownBy(() -> credentials.find(DOMAIN, "user-alice"))
                .isInstanceOf(CredentialDecryptionException.class)
                .isInstanceOf(FlowvaultException.class)
                .hasMessageContaining("field password").hasMessageContaining("user-alice").hasMessageContaining(DOMAIN)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ct.substring(10, 40)).doesNotContain("the real password"))
                .satisfies(e -> assertThat(((CredentialDecryptionException) e).field())
                        .isEqualTo(new FieldId(project, DOMAIN, "user-alice", "password")));
        // the other entries still read; reading without decryption shows what is stored
        assertThat(credentials.get(CredentialFilter.all().withDecryptCredentials(false))).hasSize(1);
    }

    @Test
    void aCiphertextMovedToAnotherEntryOrFieldFails() {
        credentials.create(alice("alice's password"));
        credentials.create(CredentialEntry.builder(DOMAIN, "user-bob").userName("bob").password("bob's password").build());
        var alice = server.stored(project, DOMAIN, "user-alice");
        var bob = server.stored(project, DOMAIN, "user-bob");

        bob.put("password", alice.get("password").asText());
        assertThatThrownBy(() -> credentials.find(DOMAIN, "user-bob")).isInstanceOf(CredentialDecryptionException.class)
                .hasMessageContaining("field password").hasMessageContaining("user-bob");

        alice.put("user_name", alice.get("password").asText());
        assertThatThrownBy(() -> credentials.find(DOMAIN, "user-alice")).isInstanceOf(CredentialDecryptionException.class)
                .hasMessageContaining("field user_name").hasMessageContaining("user-alice");
    }

    @Test
    void anotherKeyCannotReadTheEntries() {
        credentials.create(alice("pw"));
        CredentialOperations other = builder().credentialKey(CredentialKey.generate()).credentialKeyVersion(1).build().credentials();

        assertThatThrownBy(() -> other.find(DOMAIN, "user-alice")).isInstanceOf(CredentialDecryptionException.class)
                .hasMessageContaining("authentication tag does not match");
    }

    @Test
    void aDecryptedValueThatIsNotJsonOrAStoredValueThatIsNotAStringIsAnError() {
        credentials.create(alice("pw"));
        var stored = server.stored(project, DOMAIN, "user-alice");

        stored.put("password", FieldCipher.encrypt(key, 1, new FieldId(project, DOMAIN, "user-alice", "password"), "bare words"));
        assertThatThrownBy(() -> credentials.find(DOMAIN, "user-alice")).isInstanceOf(CredentialDecryptionException.class)
                .hasMessageContaining("not to the JSON text of a value").hasMessageNotContaining("bare words");

        stored.set("password", JSON.createObjectNode().put("value", "plaintext-posing"));
        assertThatThrownBy(() -> credentials.find(DOMAIN, "user-alice")).isInstanceOf(CredentialDecryptionException.class)
                .hasMessageContaining("where the stored ciphertext belongs").hasMessageNotContaining("plaintext-posing");
    }

    @Test
    void valuesTheServerSaysItDecryptedAreRefused() {
        credentials.create(alice("pw"));
        var stored = server.stored(project, DOMAIN, "user-alice");
        stored.put("encrypted", false).put("password", "a value the server chose");

        assertThatThrownBy(() -> credentials.find(DOMAIN, "user-alice")).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.reason()).isEqualTo("NOT_ENCRYPTED");
            assertThat(e.getMessage()).contains("user-alice").doesNotContain("a value the server chose");
        });
    }

    @Test
    void aV1CiphertextCopiedIntoAnotherEntryReadsUnlessTheClientReadsV2Only() {
        credentials.create(alice("alice's password"));
        builder().credentialKey(key).credentialFormat(FieldFormat.V1).build().credentials()
                .create(CredentialEntry.builder(DOMAIN, "user-bob").userName("bob").password("bob's password").build());
        var alice = server.stored(project, DOMAIN, "user-alice");
        alice.put("password", server.stored(project, DOMAIN, "user-bob").get("password").asText());

        // v1 binds a ciphertext to nothing: the copy reads, as it would in the seed product
        assertThat(credentials.find(DOMAIN, "user-alice").orElseThrow().password().reveal()).isEqualTo("bob's password");
        CredentialOperations strict = builder().credentialKey(key).readV1(false).build().credentials();
        assertThatThrownBy(() -> strict.find(DOMAIN, "user-alice")).isInstanceOf(CredentialDecryptionException.class)
                .hasMessageContaining("field password").hasMessageContaining("format v1").hasMessageNotContaining("bob's");
        assertThatThrownBy(() -> builder().readV1(false).credentialFormat(FieldFormat.V1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theV1WriterWritesTheSeedProductsFormatWhichStillReadsBack() throws Exception {
        CredentialOperations v1 = builder().credentialKey(key).credentialFormat(FieldFormat.V1).build().credentials();

        v1.create(alice("seed-compatible"));

        JsonNode sent = JSON.readTree(server.requests().getLast().body());
        assertThat(sent.get("password").asText()).matches("[0-9a-f]+");
        assertThat(FieldCipher.decrypt(key, new FieldId("any", "any", "any", "any"), sent.get("password").asText())).isEqualTo("\"seed-compatible\"");
        assertThat(credentials.find(DOMAIN, "user-alice").orElseThrow().password().reveal()).isEqualTo("seed-compatible");
        assertThat(server.requests()).noneMatch(r -> r.path().endsWith("/credential-key"));
    }

    @Test
    void theKeyVersionIsLearntFromTheServerOrGiven() throws Exception {
        CredentialKey rotated = CredentialKey.generate();
        server.addKeyVersion(project, rotated);

        client(rotated).credentials().create(alice("pw"));
        assertThat(JSON.readTree(server.requests().getLast().body()).get("password").asText()).startsWith("v2:2:");

        Flowvault pinned = builder().credentialKey(key).credentialKeyVersion(1).build();
        int before = server.requests().size();
        pinned.credentials().create(CredentialEntry.builder(DOMAIN, "user-bob").userName("bob").password("pw").build());
        assertThat(server.requests().subList(before, server.requests().size())).extracting(ContractServer.Request::path)
                .containsExactly("/api/v1/projects/" + project + "/credentials");
        assertThat(JSON.readTree(server.requests().getLast().body()).get("password").asText()).startsWith("v2:1:");
        assertThat(client(rotated).credentials().find(DOMAIN, "user-alice").orElseThrow().password().reveal()).isEqualTo("pw");
    }

    @Test
    void aStaleKeyAfterARotationIsRefusedWhenTheServerListsFingerprints() {
        server.listFingerprints = true;
        server.addKeyVersion(project, CredentialKey.generate());

        assertThatThrownBy(() -> credentials.create(alice("pw"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 1 of project").hasMessageContaining("version 2 is current");
        assertThatThrownBy(() -> client(CredentialKey.generate()).credentials().create(alice("pw")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("none of project");
        assertThat(server.requests()).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void aProjectWithoutAKeyVersionSaysHowToMakeOne() {
        assertThatThrownBy(() -> client(key).credentials("other-" + project).create(alice("pw")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no credential key yet")
                .hasMessageContaining("flowvault credential key generate");
    }

    @Test
    void aDuplicateEntryIsAConflictCarryingTheServersMessage() {
        credentials.create(alice("pw"));

        assertThatThrownBy(() -> credentials.create(alice("pw2"))).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.reason()).isEqualTo("CONFLICT");
            assertThat(e.getMessage()).contains("exists in project");
        });
    }

    @Test
    void badRequestsAreRefusedBeforeTheyAreSent() {
        int before = server.requests().size();

        assertThatThrownBy(() -> CredentialFilter.builder().domain(DOMAIN).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("together");
        assertThatThrownBy(() -> new CredentialFilter(null, "user-alice", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credentials.update(CredentialEntry.builder(DOMAIN, "user-alice").userName("a").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userName and password");
        assertThatThrownBy(() -> credentials.find(DOMAIN, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credentials.totp("", "user-alice")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void aProviderBackedEntryIsSentWithoutSecretsAndWithoutAKey() throws Exception {
        CredentialOperations keyless = builder().build().credentials();

        Credential c = keyless.create(CredentialEntry.builder(DOMAIN, "user-carol")
                .vault(new VaultReference("local", "secret/portal/carol", Map.of("user_name", "username", "password", "password"))).build());

        JsonNode sent = JSON.readTree(server.requests().getLast().body());
        assertThat(sent.has("password")).isFalse();
        assertThat(sent.path("vault").path("keys").path("password").asText()).isEqualTo("password");
        assertThat(c.vault().path()).isEqualTo("secret/portal/carol");
        assertThat(c.toEntry().build().vault()).isEqualTo(c.vault());
    }

    @Test
    void keyVersionsAreGeneratedRotatedImportedAndListedWithoutKeys() {
        NewCredentialKey generated = credentials.keys().generate();
        NewCredentialKey rotated = credentials.keys().rotate();
        CredentialKey seedKey = CredentialKey.generate();
        int imported = credentials.keys().importKey(seedKey);

        assertThat(generated.version()).isEqualTo(2);
        assertThat(rotated.version()).isEqualTo(3);
        assertThat(imported).isEqualTo(4);
        assertThat(rotated.key()).isNotEqualTo(generated.key());
        assertThat(credentials.keys().versions()).extracting(v -> v.version() + ":" + v.current()).containsExactly("1:false", "2:false", "3:false", "4:true");
        assertThat(generated.toString()).doesNotContain(generated.key().toHex());
        // a client holding the imported (now current) key writes under its version
        client(seedKey).credentials().create(alice("pw"));
        assertThat(server.requests().getLast().body()).contains("v2:4:");
        assertThat(client(seedKey).credentials().find(DOMAIN, "user-alice").orElseThrow().password().reveal()).isEqualTo("pw");
    }

    @Test
    void aMembersDecryptPermissionIsGrantedAndWithdrawn() {
        Flowvault admin = builder().build();

        admin.projects().allowCredentialDecryption(project, "alice", true);
        assertThat(server.decryptGrants).containsEntry(project + "/alice", true);
        admin.projects().allowCredentialDecryption(project, "alice", false);
        assertThat(server.decryptGrants).containsEntry(project + "/alice", false);
    }

    @Test
    void aWrongApiKeyIsUnauthenticatedWithTheServersMessage() {
        Flowvault stranger = Flowvault.builder().address(server.address()).apiKey("fv_wrong").project(project).credentialKey(key).build();

        assertThatThrownBy(() -> stranger.credentials().get()).isInstanceOfSatisfying(UnauthenticatedException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("Authorization: Bearer");
        });
    }
}
