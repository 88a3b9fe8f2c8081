package org.flowvault.vault.server.auth.kubernetes;

import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.jwt.Jwt;

/**
 * The service account a JWT claims to be, read from its claims before the TokenReview: the legacy
 * secret-based claims ({@code kubernetes.io/serviceaccount/...}) or the projected-token object
 * ({@code kubernetes.io: {namespace, serviceaccount: {name, uid}}}).
 *
 * @param secretName the token secret's name, "" for projected tokens
 */
record ServiceAccount(String name, String namespace, String uid, String secretName, List<String> audiences) {

    /** The account {@code jwt} claims; a JWT that names none is an {@link IllegalArgumentException}. */
    static ServiceAccount of(Jwt jwt) {
        Map<String, Object> c = jwt.claims();
        String name = text(c.get("kubernetes.io/serviceaccount/service-account.name"));
        String namespace = text(c.get("kubernetes.io/serviceaccount/namespace"));
        String uid = text(c.get("kubernetes.io/serviceaccount/service-account.uid"));
        String secret = text(c.get("kubernetes.io/serviceaccount/secret.name"));
        if (c.get("kubernetes.io") instanceof Map<?, ?> k8s) {
            namespace = text(k8s.get("namespace"));
            if (k8s.get("serviceaccount") instanceof Map<?, ?> sa) {
                name = text(sa.get("name"));
                uid = text(sa.get("uid"));
            }
            secret = "";
        }
        if (name.isEmpty() || namespace.isEmpty()) {
            throw new IllegalArgumentException("the JWT does not name a service account and namespace");
        }
        List<String> aud = c.get("aud") instanceof String s ? List.of(s)
                : c.get("aud") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new ServiceAccount(name, namespace, uid, secret, aud);
    }

    private static String text(Object v) {
        return v instanceof String s ? s : "";
    }
}
