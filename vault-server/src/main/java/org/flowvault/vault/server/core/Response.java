package org.flowvault.vault.server.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend's answer. Usually data (and warnings) wrapped by the HTTP layer in Vault's envelope;
 * {@link #raw} bodies (sys/health, seal-status...) are written as they are. A login returns a
 * {@link LoginAuth} that the core turns into a token; token creation returns the issued token.
 */
public final class Response {
    private final Map<String, Object> data;
    private final List<String> warnings = new ArrayList<>();
    private final Object raw;
    private int status;
    private LoginAuth login;
    private TokenEntry issuedToken;
    private long leaseDuration;
    private boolean renewable;
    private String leaseId = "";
    private LeasedSecret secret;

    private Response(Map<String, Object> data, Object raw, int status) {
        this.data = data;
        this.raw = raw;
        this.status = status;
    }

    /** A 200 with {@code data}. */
    public static Response data(Map<String, ?> data) {
        return new Response(new LinkedHashMap<>(data), null, 200);
    }

    /**
     * A 200 with {@code data} kept as it is, not copied: for a mutable map made for this answer
     * alone (the caller keeps no reference to it).
     */
    public static Response ofOwnData(Map<String, Object> data) {
        return new Response(data, null, 200);
    }

    /** Vault's 204: no body. */
    public static Response empty() {
        return new Response(null, null, 204);
    }

    /** A body written as is, not wrapped in the envelope. */
    public static Response raw(int status, Object body) {
        return new Response(null, body, status);
    }

    public static Response login(LoginAuth auth) {
        Response r = new Response(null, null, 200);
        r.login = auth;
        return r;
    }

    public static Response issued(TokenEntry token) {
        Response r = new Response(null, null, 200);
        r.issuedToken = token;
        return r;
    }

    public Response status(int status) {
        this.status = status;
        return this;
    }

    public Response warning(String warning) {
        warnings.add(warning);
        return this;
    }

    public Response lease(long seconds, boolean renewable) {
        this.leaseDuration = seconds;
        this.renewable = renewable;
        return this;
    }

    /**
     * Marks the answer as a leased secret (database credentials): the core registers a lease,
     * renders its id, and later calls the backend's {@link Backend#revokeSecret} with
     * {@code secret.internal()} when the lease ends.
     */
    public Response secret(LeasedSecret leased) {
        this.secret = leased;
        return lease(leased.ttl().toSeconds(), leased.renewable());
    }

    public LeasedSecret secret() {
        return secret;
    }

    /** The lease id rendered in the envelope ("" when the answer carries no lease). */
    public Response leaseId(String id) {
        this.leaseId = id;
        return this;
    }

    public String leaseId() {
        return leaseId;
    }

    public Map<String, Object> data() {
        return data;
    }

    public List<String> warnings() {
        return warnings;
    }

    public Object raw() {
        return raw;
    }

    public int status() {
        return status;
    }

    public LoginAuth login() {
        return login;
    }

    public TokenEntry issuedToken() {
        return issuedToken;
    }

    /** Replaces a login with the token the core issued for it. */
    public void issue(TokenEntry token) {
        this.login = null;
        this.issuedToken = token;
    }

    public long leaseDuration() {
        return leaseDuration;
    }

    public boolean renewable() {
        return renewable;
    }

    /** Whether the HTTP layer answers 204. */
    public boolean isEmpty() {
        return raw == null && data == null && issuedToken == null && login == null && warnings.isEmpty();
    }
}
