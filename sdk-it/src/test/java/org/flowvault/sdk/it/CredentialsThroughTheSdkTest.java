package org.flowvault.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.ConflictException;
import org.flowvault.sdk.FlowvaultException;
import org.flowvault.sdk.NotFoundException;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.credential.Credential;
import org.flowvault.sdk.credential.CredentialDecryptionException;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.CredentialFilter;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.CredentialOperations;
import org.flowvault.sdk.credential.CredentialProxy;
import org.flowvault.sdk.credential.FieldFormat;
import org.flowvault.sdk.credential.NewCredentialKey;
import org.flowvault.sdk.credential.TfaMethod;
import org.flowvault.sdk.credential.TotpCode;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SDK's credential vault against the real server (H2): the key generated through the SDK,
 * the whole entry lifecycle with encryption and decryption in the SDK, TOTP, key rotation and
 * re-encryption, and what other users see. Skipped, saying so, on a server without the credential
 * routes (the SDK's ContractServer tests cover the contract meanwhile).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsThroughTheSdkTest {
    private static final String DOMAIN = "https://portal.example.com";

    private ApiHarness h;
    private ApiHarness.Session adminSession;
    private ApiHarness.Session aliceSession;
    private String project;
    private Flowvault admin;
    private CredentialKey key;

    @BeforeAll
    void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        adminSession = h.bootstrapAdmin();
        aliceSession = h.member(adminSession, "alice");
        project = h.project(adminSession, "portal");
        h.addMember(adminSession, project, aliceSession);
        Flowvault keyless = Flowvault.builder().address(h.api().address()).apiKey(adminSession.token()).project(project).build();
        key = keyless.credentials().keys().generate().key();
        admin = client(adminSession, key);
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private Flowvault client(ApiHarness.Session who, CredentialKey k) {
        return Flowvault.builder().address(h.api().address()).apiKey(who.token()).project(project).credentialKey(k).build();
    }

    @Test
    void anEntryLivesItsWholeLifeThroughTheSdk() {
        CredentialOperations credentials = admin.credentials();
        String password = "pw-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();

        Credential created = credentials.create(CredentialEntry.builder(DOMAIN, user).userName("alice@example.com").password(password)
                .tfaSecret("JBSWY3DPEHPK3PXP").tfaMethod(TfaMethod.AUTHENTICATOR).proxy(CredentialProxy.target("203.0.113.7"))
                .userAlias("Alice").persistCookies(true).allowMultipleSessions(true).maxConcurrency(3).build());

        assertThat(created.password().reveal()).isEqualTo(password);
        assertThat(created.ciphertexts().values()).allMatch(c -> c.startsWith("v2:"));
        Credential found = credentials.find(DOMAIN, user).orElseThrow();
        assertThat(found.userName().reveal()).isEqualTo("alice@example.com");
        assertThat(found.proxy()).isEqualTo(CredentialProxy.target("203.0.113.7"));
        assertThat(found.maxConcurrency()).isEqualTo(3);
        assertThat(credentials.getById(found.id(), true).tfaSecret().reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> credentials.create(found.toEntry().build())).isInstanceOf(ConflictException.class);

        credentials.update(found.toEntry().password("new-" + password).build());
        assertThat(credentials.find(DOMAIN, user).orElseThrow().password().reveal()).isEqualTo("new-" + password);

        TotpCode code = credentials.totp(DOMAIN, user);
        assertThat(code.code().reveal()).matches("\\d{6}");
        assertThat(code.validForSeconds()).isBetween(1, 30);

        credentials.delete(DOMAIN, user);
        assertThat(credentials.find(DOMAIN, user)).isEmpty();
    }

    @Test
    void anotherKeyOrAnotherProjectSeesNothingUsable() {
        String user = "user-" + UUID.randomUUID();
        admin.credentials().create(CredentialEntry.builder(DOMAIN, user).userName("u").password("p").build());

        CredentialOperations wrongKey = Flowvault.builder().address(h.api().address()).apiKey(adminSession.token()).project(project)
                .credentialKey(CredentialKey.generate()).credentialKeyVersion(1).build().credentials();
        assertThatThrownBy(() -> wrongKey.find(DOMAIN, user)).isInstanceOf(CredentialDecryptionException.class);

        ApiHarness.Session eve = h.member(adminSession, "eve");
        assertThatThrownBy(() -> client(eve, key).credentials().get(CredentialFilter.all().withDecryptCredentials(false)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void totpNeedsTheDecryptPermissionWhichAdminsGrant() {
        String user = "user-" + UUID.randomUUID();
        admin.credentials().create(CredentialEntry.builder(DOMAIN, user).userName("u").password("p").tfaSecret("JBSWY3DPEHPK3PXP").build());
        Flowvault alice = client(aliceSession, key);

        assertThat(alice.credentials().find(DOMAIN, user).orElseThrow().password().reveal()).isEqualTo("p");
        assertThatThrownBy(() -> alice.credentials().totp(DOMAIN, user)).isInstanceOfSatisfying(FlowvaultException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        admin.projects().allowCredentialDecryption(project, aliceSession.username(), true);
        assertThat(alice.credentials().totp(DOMAIN, user).code().reveal()).matches("\\d{6}");
    }

    @Test
    void aRotatedKeyAndAReencryptionKeepEveryEntryReadable() {
        String user = "user-" + UUID.randomUUID();
        admin.credentials().create(CredentialEntry.builder(DOMAIN, user).userName("u").password("before rotation").build());
        Flowvault.builder().address(h.api().address()).apiKey(adminSession.token()).project(project).credentialKey(key)
                .credentialFormat(FieldFormat.V1).build().credentials()
                .create(CredentialEntry.builder(DOMAIN, user + "-seed").userName("u").password("seed format").build());

        NewCredentialKey rotated = admin.credentials().keys().rotate();
        Flowvault next = client(adminSession, rotated.key());
        next.credentials().create(CredentialEntry.builder(DOMAIN, user + "-new").userName("u").password("after rotation").build());
        var result = next.credentials().keys().reencrypt();

        assertThat(result.reencrypted()).isPositive();
        assertThat(result.retiredVersions()).isNotEmpty();
        List<Credential> all = next.credentials().get();
        assertThat(all).filteredOn(c -> c.permissionedUserId().startsWith(user)).extracting(c -> c.password().reveal())
                .containsExactlyInAnyOrder("before rotation", "seed format", "after rotation");
        assertThat(all).allSatisfy(c -> assertThat(c.ciphertexts().values()).allMatch(s -> s.startsWith("v2:" + rotated.version() + ":")));
        key = rotated.key();
        admin = next;
    }
}
