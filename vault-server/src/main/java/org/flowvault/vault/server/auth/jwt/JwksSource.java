package org.flowvault.vault.server.auth.jwt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.PemCertificates;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * The keys published at a {@code jwks_url}, fetched on first use and again when a token names a
 * key id the cached set lacks (the issuer rotated its keys). One instance per mount; thread-safe.
 */
final class JwksSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The keys of one fetch: by kid, and all of them for tokens without a kid. */
    record KeySet(Map<String, PublicKey> byId, List<PublicKey> all) {
    }

    /** Why the keys could not be fetched; the message is safe to return to the caller. */
    static final class FetchFailure extends Exception {
        FetchFailure(String message) {
            super(message);
        }
    }

    private final Object lock = new Object();
    private String cachedFor;
    private KeySet cached;

    /** The keys that may have signed {@code jwt}: the one with its kid, or all of them. */
    List<PublicKey> candidates(String url, String caPem, Jwt jwt) throws FetchFailure {
        String source = url + "\n" + caPem;
        KeySet keys;
        synchronized (lock) {
            keys = source.equals(cachedFor) ? cached : null;
        }
        String kid = jwt.keyId();
        if (keys == null || (kid != null && !keys.byId().containsKey(kid))) {
            keys = fetch(url, caPem);
            synchronized (lock) {
                cachedFor = source;
                cached = keys;
            }
        }
        if (kid != null) {
            PublicKey k = keys.byId().get(kid);
            return k == null ? List.of() : List.of(k);
        }
        return keys.all();
    }

    /** Fetches once, for the config write's reachability check. */
    static KeySet fetch(String url, String caPem) throws FetchFailure {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL);
        if (!caPem.isEmpty()) {
            try {
                b.sslContext(PemCertificates.trusting(PemCertificates.parse(caPem)));
            } catch (IllegalArgumentException e) {
                throw new FetchFailure("jwks_ca_pem: " + e.getMessage());
            }
        }
        HttpResponse<byte[]> r;
        try (HttpClient http = b.build()) {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new FetchFailure("the JWKS endpoint did not answer in time");
        } catch (IOException | IllegalArgumentException e) {
            throw new FetchFailure("the JWKS endpoint could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailure("interrupted while fetching the JWKS");
        }
        if (r.statusCode() != 200) {
            throw new FetchFailure("the JWKS endpoint answered HTTP " + r.statusCode());
        }
        Map<String, Object> body;
        try {
            body = ServerJson.readRequest(r.body());
        } catch (IOException e) {
            throw new FetchFailure("the JWKS endpoint did not answer a JSON object");
        }
        if (!(body.get("keys") instanceof List<?> list)) {
            throw new FetchFailure("the JWKS endpoint's answer has no \"keys\" list");
        }
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        List<PublicKey> all = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) m;
            if (jwk.get("use") instanceof String use && !use.equals("sig")) {
                continue;
            }
            PublicKey key;
            try {
                key = PublicKeys.fromJwk(jwk);
            } catch (IllegalArgumentException unsupported) {
                continue; // Vault's JWKS client skips keys it cannot use, too
            }
            all.add(key);
            if (jwk.get("kid") instanceof String kid) {
                byId.put(kid, key);
            }
        }
        return new KeySet(Map.copyOf(byId), List.copyOf(all));
    }
}
