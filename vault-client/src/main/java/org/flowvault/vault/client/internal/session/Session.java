package org.flowvault.vault.client.internal.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.flowvault.vault.client.SessionEvent;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.internal.Access;
import org.flowvault.vault.client.internal.TokenSource;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * A Vault token kept alive: logs in with an {@link Authentication} on first use, renews the token
 * with {@code auth/token/renew-self} after a fraction of its TTL (two thirds by default, brought
 * forward by a little jitter), and when the token cannot be extended any more (its max TTL caps a
 * renewal, it is not renewable, or a renewal fails) logs in again for login methods, or announces
 * that a given token is {@link SessionEvent.Type#EXPIRING}. A token the session obtained itself is
 * revoked with {@code auth/token/revoke-self} on {@link #close()}; a given token never is.
 *
 * <pre>{@code
 * Session session = Session.start(transport, Authentication.appRole()
 *         .roleId(roleId).secretId(secretId).build(), SessionOptions.defaults());
 * VaultToken token = session.token();   // logs in now
 * ...
 * session.close();                      // revokes the token
 * }</pre>
 *
 * <p>Thread-safe. {@link #token()} is lock-free while the token is valid; logins, renewals and
 * revocation are serialized. Events reach the {@link SessionOptions#listeners() listeners} on the
 * thread that caused them, never with the token. Tokens with a namespace live in the
 * authentication's {@link Authentication#namespace() namespace}, where they are also renewed and
 * revoked.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/token#renew-a-token-self">Renew a token (self)</a>
 */
public final class Session implements TokenSource {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final VaultTransport transport;
    private final Authentication authentication;
    private final SessionOptions options;
    private final Timing timing;
    private final TokenCalls calls;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile Lease lease;
    private volatile boolean closed;

    // Guarded by lock.
    private Future<?> pending;
    private long generation;
    private int failures;
    private boolean expiredReported;
    private boolean expiringReported;

    private Session(VaultTransport transport, Authentication authentication, SessionOptions options) {
        this.transport = transport;
        this.authentication = authentication;
        this.options = options;
        this.timing = new Timing(options);
        this.calls = new TokenCalls(transport, authentication.namespace());
    }

    /**
     * A session that will log in with {@code authentication} through {@code transport}. Nothing is
     * sent yet: the first {@link #token()} logs in (call it at once to fail fast on bad credentials).
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static Session start(VaultTransport transport, Authentication authentication, SessionOptions options) {
        if (transport == null) {
            throw new IllegalArgumentException("transport must not be null");
        }
        if (authentication == null) {
            throw new IllegalArgumentException("authentication must not be null: pass e.g. Authentication.token(token) or Authentication.appRole()...build()");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null: pass SessionOptions.defaults()");
        }
        return new Session(transport, authentication, options);
    }

    /** {@link #start(VaultTransport, Authentication, SessionOptions)} with {@link SessionOptions#defaults()}. */
    public static Session start(VaultTransport transport, Authentication authentication) {
        return start(transport, authentication, SessionOptions.defaults());
    }

    /**
     * The current token, logging in first when there is none yet or when a login-based token has
     * expired. A given token is returned even past its expiry: Vault, not the local clock, decides.
     *
     * @throws VaultException.LoginFailed   when the login is refused
     * @throws VaultException               when Vault cannot be reached for the login
     * @throws IllegalStateException        after {@link #close()}
     */
    @Override
    public VaultToken token() {
        checkOpen();
        Lease current = lease;
        if (current != null && !needsLogin(current)) {
            return current.token();
        }
        List<SessionEvent> events = new ArrayList<>();
        lock.lock();
        try {
            checkOpen();
            current = lease;
            if (current == null || needsLogin(current)) {
                logIn();
                if (current != null) {
                    events.add(event(SessionEvent.Type.REAUTHENTICATED, lease, null));
                }
            }
            return lease.token();
        } finally {
            lock.unlock();
            fire(events);
        }
    }

    /**
     * Vault answered 403 to a request made with {@code rejected}. For a login method the session
     * checks the token with {@code lookup-self}: if Vault no longer knows it (revoked, expired,
     * server restarted), it logs in again and answers true, and the caller retries once with
     * {@link #token()}. If the token is still valid the 403 is about its policies and a new token
     * would not help: false. Also true when another thread already replaced the token.
     */
    @Override
    public boolean onPermissionDenied(VaultToken rejected) {
        Lease current = lease;
        if (closed || rejected == null || current == null) {
            return false;
        }
        if (!current.token().equals(rejected)) {
            return true;
        }
        if (!authentication.canLogIn()) {
            return false;
        }
        List<SessionEvent> events = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (!lease.token().equals(rejected)) {
                return true;
            }
            if (!calls.known(rejected)) {
                try {
                    logIn();
                    events.add(event(SessionEvent.Type.REAUTHENTICATED, lease, null));
                    return true;
                } catch (RuntimeException e) {
                    events.add(event(SessionEvent.Type.LOGIN_FAILED, lease, e));
                    return false;
                }
            }
            return false;
        } finally {
            lock.unlock();
            fire(events);
        }
    }

    /**
     * Stops renewing and, when the session obtained the token itself, revokes it
     * ({@code auth/token/revoke-self}); a failed revocation is logged, not thrown. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            cancel();
            Lease current = lease;
            if (current != null && current.createdByClient() && !current.expired(now())) {
                try {
                    calls.revokeSelf(current.token());
                } catch (VaultException e) {
                    LOG.log(Level.WARNING, "Could not revoke the Vault token of " + authentication + " on close: " + e.getMessage());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        Lease current = lease;
        return "Session[" + authentication + (closed ? ", closed" : current == null ? ", not logged in"
                : current.expiresAt() == null ? ", no expiry" : ", expiresAt=" + current.expiresAt()) + "]";
    }

    // ---- logins and the renewal task: below, every method that changes state runs with the lock held ----

    private boolean needsLogin(Lease current) {
        return authentication.canLogIn() && current.expired(now());
    }

    /** Logs in, replaces the lease and schedules its renewal; the lease is untouched on failure. */
    private void logIn() {
        Instant before = now(); // Vault counts the TTL from before its answer: stay on the safe side
        var result = Access.login(authentication, transport);
        Duration ttl = result.ttl();
        boolean renewable = result.renewable();
        if (ttl == null) {
            TokenCalls.Lookup lookup = calls.lookupSelf(result.token());
            ttl = lookup.ttl();
            renewable = lookup.renewable();
        }
        lease = Lease.issued(result.token(), ttl, renewable, result.createdByClient(), before);
        failures = 0;
        expiredReported = false;
        expiringReported = false;
        if (lease.expiresAt() == null) {
            cancel();
        } else {
            schedule(timing.renewal(ttl));
        }
    }

    private void maintain(long scheduledGeneration) {
        List<SessionEvent> events = new ArrayList<>();
        lock.lock();
        try {
            if (closed || scheduledGeneration != generation || lease == null) {
                return;
            }
            pending = null;
            Lease current = lease;
            if (current.expired(now())) {
                if (!expiredReported) {
                    expiredReported = true;
                    events.add(event(SessionEvent.Type.EXPIRED, current, null));
                }
                if (authentication.canLogIn()) {
                    logInAgain(events);
                }
            } else if (!current.extendable()) {
                replaceOrAnnounce(current, events);
            } else {
                renew(current, events);
            }
        } catch (RuntimeException e) {
            // A bug in a custom Authentication or scheduler must not silently end renewal.
            LOG.log(Level.ERROR, "Vault session renewal for " + authentication + " failed unexpectedly", e);
            retryLater(e);
        } finally {
            lock.unlock();
            fire(events);
        }
    }

    private void renew(Lease current, List<SessionEvent> events) {
        Instant asked = now();
        TokenCalls.Renewal renewal;
        try {
            renewal = calls.renewSelf(current.token());
        } catch (VaultException e) {
            events.add(event(SessionEvent.Type.RENEWAL_FAILED, current, e));
            renewalFailed(current, e, events);
            return;
        }
        // Vault grants less than before once the max TTL is near, and usually says so in a warning.
        boolean capped = renewal.ttl().compareTo(current.fullTtl()) < 0 || renewal.maxTtlWarning();
        Lease renewed = current.renewed(renewal.ttl(), renewal.renewable() && !capped, asked);
        lease = renewed;
        failures = 0;
        events.add(event(SessionEvent.Type.RENEWED, renewed, null));
        if (capped) {
            events.add(event(SessionEvent.Type.CAPPED, renewed, null));
            replaceOrAnnounce(renewed, events);
        } else {
            // A lease Vault now calls non-renewable is replaced or announced at the next turn.
            schedule(timing.renewal(renewal.ttl()));
        }
    }

    /** The token can no longer be extended: log in again, or tell listeners when it will expire. */
    private void replaceOrAnnounce(Lease current, List<SessionEvent> events) {
        if (authentication.canLogIn()) {
            // The old token stays valid until its (capped) expiry, so requests in flight with it
            // still succeed; it is not revoked here.
            logInAgain(events);
            return;
        }
        if (!expiringReported) {
            expiringReported = true;
            events.add(event(SessionEvent.Type.EXPIRING, current, null));
        }
        Duration left = Duration.between(now(), current.expiresAt());
        schedule(left.isNegative() ? Duration.ZERO : left);
    }

    private void renewalFailed(Lease current, VaultException e, List<SessionEvent> events) {
        // 403: Vault no longer knows the token (revoked, or expired earlier than we thought).
        // 400: "lease is not renewable", "past the max TTL": it lives until its expiry, no longer.
        boolean unknown = e instanceof VaultException.PermissionDenied;
        boolean spent = e instanceof VaultException.InvalidRequest;
        if (unknown || spent) {
            lease = current.notExtendable();
        }
        boolean vaultAnswered = !(e instanceof VaultException.Unavailable) && !(e instanceof VaultException.Sealed);
        if (authentication.canLogIn() && vaultAnswered) {
            logInAgain(events);
        } else if (unknown) {
            if (!expiredReported) {
                expiredReported = true;
                events.add(event(SessionEvent.Type.EXPIRED, current, null));
            }
            cancel();
        } else if (spent) {
            replaceOrAnnounce(lease, events);
        } else {
            // Vault is sealed or unreachable: a login would fail too, so retry the renewal.
            retryLater(e);
        }
    }

    private void logInAgain(List<SessionEvent> events) {
        try {
            logIn();
            events.add(event(SessionEvent.Type.REAUTHENTICATED, lease, null));
        } catch (RuntimeException e) {
            events.add(event(SessionEvent.Type.LOGIN_FAILED, lease, e));
            retryLater(e);
        }
    }

    private void retryLater(RuntimeException cause) {
        failures++;
        Lease current = lease;
        Duration left = current == null || current.expiresAt() == null || current.expired(now()) ? null
                : Duration.between(now(), current.expiresAt());
        Duration wait = timing.retry(failures, left);
        LOG.log(Level.DEBUG, () -> "Vault session for " + authentication + " retries in " + wait + " after: " + cause.getMessage());
        schedule(wait);
    }

    private void schedule(Duration delay) {
        cancel();
        long scheduled = generation;
        try {
            pending = options.scheduler().schedule(() -> maintain(scheduled), delay);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Could not schedule the renewal of the Vault session for " + authentication
                    + "; the token will not be renewed", e);
        }
    }

    /** Cancels the pending task; a task already running sees the new generation and stops. */
    private void cancel() {
        generation++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private SessionEvent event(SessionEvent.Type type, Lease about, RuntimeException error) {
        boolean withTtl = error == null && about != null && type != SessionEvent.Type.EXPIRED;
        return new SessionEvent(type, now(), withTtl ? about.ttl() : null, about == null ? null : about.expiresAt(), error);
    }

    private void fire(List<SessionEvent> events) {
        for (SessionEvent e : events) {
            Level level = switch (e.type()) {
                case RENEWED -> Level.DEBUG;
                case CAPPED, REAUTHENTICATED -> Level.INFO;
                default -> Level.WARNING;
            };
            LOG.log(level, () -> "Vault session for " + authentication + ": " + e);
            for (SessionListener listener : options.listeners()) {
                try {
                    listener.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "A Vault session listener failed on " + e.type(), ex);
                }
            }
        }
    }

    private Instant now() {
        return options.clock().instant();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This Vault session is closed: start a new one with Session.start(..)");
        }
    }
}
