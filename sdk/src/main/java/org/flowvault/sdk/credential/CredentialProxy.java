package org.flowvault.sdk.credential;

import java.util.Objects;

/**
 * The proxy runs use for an entry: a target IP ({@code {"enable":true,"target_ip":"..."}} on the
 * wire, as in the seed product), a custom proxy URL (which may carry the proxy's own password), or
 * none. It is encrypted like a secret field, and {@link #toString()} hides it.
 *
 * @param enabled  whether runs use a proxy
 * @param targetIp the target IP, or null
 * @param url      a custom proxy URL, or null
 */
public record CredentialProxy(boolean enabled, String targetIp, String url) {
    public CredentialProxy {
        if (targetIp != null && url != null) {
            throw new IllegalArgumentException("a proxy has a target IP or a URL, not both");
        }
        if (targetIp != null && targetIp.isBlank() || url != null && url.isBlank()) {
            throw new IllegalArgumentException("a proxy's target IP or URL must not be blank");
        }
        if (url != null && !enabled) {
            throw new IllegalArgumentException("a proxy URL is always enabled; use CredentialProxy.disabled() for none");
        }
    }

    /** Runs go through {@code targetIp}. */
    public static CredentialProxy target(String targetIp) {
        return new CredentialProxy(true, Objects.requireNonNull(targetIp, "targetIp"), null);
    }

    /** Runs go through the proxy at {@code url} (e.g. {@code http://user:password@proxy.example.com:3128}). */
    public static CredentialProxy url(String url) {
        return new CredentialProxy(true, null, Objects.requireNonNull(url, "url"));
    }

    /** No proxy. */
    public static CredentialProxy disabled() {
        return new CredentialProxy(false, null, null);
    }

    @Override
    public String toString() {
        return "CredentialProxy[" + (enabled ? (url != null ? "url" : "target") + " hidden" : "disabled") + "]";
    }
}
