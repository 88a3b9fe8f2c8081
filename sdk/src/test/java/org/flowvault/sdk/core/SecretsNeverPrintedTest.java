package org.flowvault.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.credential.Credential;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.CredentialKey;
import org.flowvault.sdk.credential.CredentialProxy;
import org.flowvault.sdk.credential.NewCredentialKey;
import org.flowvault.sdk.credential.TotpCode;
import org.flowvault.sdk.identity.IssuedApiKey;
import org.flowvault.sdk.identity.NewUser;
import org.flowvault.sdk.identity.Role;
import org.flowvault.sdk.identity.Session;
import org.flowvault.sdk.identity.User;
import org.flowvault.sdk.vaultconfig.VaultConfigRequest;
import org.flowvault.sdk.vaultconfig.VaultCredentials;
import org.junit.jupiter.api.Test;

/** Every type that holds a secret prints without it, and so do the errors about secrets. */
class SecretsNeverPrintedTest {
    private static final String S = "s3cr3t-value-42";
    private static final Secret SECRET = Secret.of(S);

    @Test
    void aSecretPrintsOnlyItsTypeAndRevealsOnRequest() {
        assertThat(SECRET.toString()).isEqualTo("Secret");
        assertThat(String.valueOf(SECRET)).doesNotContain(S);
        assertThat(SECRET.reveal()).isEqualTo(S);
        assertThat(SECRET).isEqualTo(Secret.of(S)).isNotEqualTo(Secret.of(S + "x"));
        assertThat(SECRET.hashCode()).isEqualTo(S.length());
    }

    @Test
    void secretHoldingTypesPrintWithoutTheirValues() {
        User user = new User("u1", "alice", Role.MEMBER, Instant.now());
        CredentialEntry entry = CredentialEntry.builder("https://x.example.com", "user-1").userName(S + "u").password(S + "p")
                .tfaSecret(S + "t").proxy(CredentialProxy.url("http://u:" + S + "@proxy:3128")).userAlias("alias").build();
        Credential credential = new Credential("id", "demo", "https://x.example.com", "user-1", "alias", Secret.of(S + "u"), SECRET,
                Secret.of(S + "t"), CredentialProxy.target("203.0.113." + S), null, false, false, false, false, null, false, null, null,
                true, Map.of("password", "v2:1:" + S), null, null, null);
        CredentialKey key = CredentialKey.generate();
        List<Object> holders = List.of(entry, credential, new TotpCode(Secret.of("123456"), 10, 6, 30),
                CredentialProxy.target(S), CredentialProxy.url(S), new NewCredentialKey(1, key), key,
                new IssuedApiKey("id", "ci", "fv_ab", SECRET), new Session(SECRET, Instant.now(), user), new NewUser(user, SECRET),
                VaultCredentials.appRole("role", SECRET), VaultCredentials.password("svc", SECRET), VaultCredentials.token(SECRET),
                VaultConfigRequest.builder().name("v").url("https://vault.example.com").credentials(VaultCredentials.token(SECRET)).build());

        for (Object o : holders) {
            assertThat(o.toString()).as(o.getClass().getSimpleName()).doesNotContain(S).doesNotContain("123456")
                    .doesNotContain(key.toHex()).doesNotContain(key.toHex().substring(0, 12));
        }
        assertThat(credential.toString()).contains("user-1", "https://x.example.com", "password", "decrypted=true");
    }

    @Test
    void theClientPrintsNeitherItsApiKeyNorItsCredentialKey() {
        CredentialKey key = CredentialKey.generate();
        Flowvault f = Flowvault.builder().address("http://127.0.0.1:1").apiKey("fv_" + S).project("demo").credentialKey(key).build();

        assertThat(f.toString()).contains("127.0.0.1:1", "demo", key.fingerprint()).doesNotContain(S).doesNotContain(key.toHex());
    }

    @Test
    void badKeysAreRefusedWithoutBeingQuoted() {
        assertThatThrownBy(() -> Flowvault.builder().address("http://127.0.0.1:1").apiKey("fv_" + S + "\r\nX-Evil: 1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(S).hasMessageContaining("API key");
        assertThatThrownBy(() -> Flowvault.builder().address("http://127.0.0.1:1").credentialKey(S + "not hex at all, 64 chars long.............."))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(S);
        assertThatThrownBy(() -> Flowvault.builder().address("http://admin:" + S + "@127.0.0.1:1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(S).hasMessageContaining("user:password@");
    }
}
