package org.flowvault.vault.server.auth.kubernetes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.PemCertificates;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * A call to the cluster's TokenReview API ({@code POST /apis/authentication.k8s.io/v1/tokenreviews}),
 * authenticated with the reviewer JWT or, without one, the JWT under review, over TLS trusting the
 * configured CA (or the JDK's trust store when none is set).
 */
final class TokenReview {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What the API says about the token: whether it is valid and whose it is. */
    record Result(boolean authenticated, String username, String uid) {
    }

    /** The API could not be asked; the message is safe to return (no token in it). */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private TokenReview() {
    }

    static Result review(KubernetesConfig config, String jwt, String audience) throws Failure {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("token", jwt);
        if (!audience.isEmpty()) {
            spec.put("audiences", List.of(audience));
        }
        Map<String, Object> body = Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "spec", spec);
        String bearer = config.tokenReviewerJwt().isEmpty() ? jwt : config.tokenReviewerJwt();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (!config.caCert().isEmpty()) {
            b.sslContext(PemCertificates.trusting(PemCertificates.parse(config.caCert())));
        }
        String url = config.host().replaceAll("/+$", "") + "/apis/authentication.k8s.io/v1/tokenreviews";
        HttpResponse<byte[]> r;
        try (HttpClient http = b.build()) {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ServerJson.write(body))).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new Failure("the TokenReview API did not answer in time");
        } catch (IOException e) {
            throw new Failure("the TokenReview API at 'kubernetes_host' could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while calling the TokenReview API");
        }
        Map<String, Object> answer;
        try {
            answer = ServerJson.readRequest(r.body());
        } catch (IOException e) {
            throw new Failure("the TokenReview API answered HTTP " + r.statusCode() + " without a JSON object");
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new Failure("the TokenReview API refused the reviewer's credentials (HTTP " + r.statusCode() + ")");
        }
        if (r.statusCode() / 100 != 2) {
            throw new Failure("the TokenReview API answered HTTP " + r.statusCode());
        }
        if (!(answer.get("status") instanceof Map<?, ?> status)) {
            throw new Failure("the TokenReview API's answer has no status");
        }
        boolean authenticated = Boolean.TRUE.equals(status.get("authenticated"));
        String username = "";
        String uid = "";
        if (status.get("user") instanceof Map<?, ?> user) {
            username = user.get("username") instanceof String s ? s : "";
            uid = user.get("uid") instanceof String s ? s : "";
        }
        return new Result(authenticated, username, uid);
    }
}
