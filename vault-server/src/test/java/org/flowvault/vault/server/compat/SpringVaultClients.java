package org.flowvault.vault.server.compat;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.RestClientBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.RestClient;

/**
 * Spring Vault wired the way an application wires it, against one of our servers: the HTTP client
 * chosen by {@link ClientHttpRequestFactoryFactory} (the JDK client when no other is on the
 * classpath), a {@link VaultTemplate} per token, and a bare {@link RestClient} for the
 * authentication classes.
 */
final class SpringVaultClients {
    private static final ClientHttpRequestFactory HTTP = ClientHttpRequestFactoryFactory.create(
            new ClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(30)), SslConfiguration.unconfigured());

    private SpringVaultClients() {
    }

    static ClientHttpRequestFactory http() {
        return HTTP;
    }

    static VaultEndpoint endpoint(String address) {
        return VaultEndpoint.from(URI.create(address));
    }

    /** A template that sends {@code token} on every session call. */
    static VaultTemplate template(String address, String token) {
        return new VaultTemplate(endpoint(address), HTTP, new SimpleSessionManager(new TokenAuthentication(token)));
    }

    /** The unauthenticated client that login and session classes post through. */
    static RestClient restClient(String address) {
        return RestClientBuilder.builder().endpoint(endpoint(address)).requestFactory(HTTP).build();
    }

    /** {@code auth/token/lookup} of {@code token} as the caller of {@code template}. */
    static Map<String, Object> lookup(VaultTemplate template, String token) {
        VaultResponse r = template.write("auth/token/lookup", Map.of("token", token));
        if (r == null || r.getData() == null) {
            throw new AssertionError("auth/token/lookup returned no data for the token");
        }
        return r.getData();
    }

    /** A token's {@code expire_time} as an epoch-millisecond instant. */
    static long expireTimeMillis(VaultTemplate root, String token) {
        Object t = lookup(root, token).get("expire_time");
        if (!(t instanceof String s) || s.isEmpty()) {
            throw new AssertionError("token has no expire_time: " + t);
        }
        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    }
}
