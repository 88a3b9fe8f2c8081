package org.flowvault.vault.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Kept-alive connections to one {@link Endpoint}. Idle connections form a LIFO stack, so a quiet
 * client keeps reusing its warmest connection and the unused ones age out: a connection idle for
 * longer than {@link #KEEP_ALIVE_NANOS} is closed when the pool next touches it (no cleaner thread),
 * and one idle for longer than {@link #VALIDATE_AFTER_NANOS} is probed (a read that waits at most a millisecond) before reuse.
 * At most {@code maxIdle} connections are kept; callers beyond that get their own connection,
 * closed after use. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    /** Like the JDK client's default (jdk.httpclient.keepalive.timeout): below most servers' and balancers' idle timeouts. */
    static final long KEEP_ALIVE_NANOS = 30_000_000_000L;
    /** A connection used within the last two seconds is trusted; an older one is probed first (Apache HttpClient's default). */
    static final long VALIDATE_AFTER_NANOS = 2_000_000_000L;

    private final Endpoint endpoint;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;
    private final int maxIdle;
    private final long validateAfterNanos;
    private final ArrayDeque<Http1Connection> idle;
    private boolean closed;

    ConnectionPool(Endpoint endpoint, SSLSocketFactory tls, int connectTimeoutMillis, int maxIdle) {
        this(endpoint, tls, connectTimeoutMillis, maxIdle, VALIDATE_AFTER_NANOS);
    }

    /**
     * @param tls                null for http; for https the factory of the configured TLS context
     * @param validateAfterNanos how long a connection may idle before it is probed ahead of reuse
     */
    ConnectionPool(Endpoint endpoint, SSLSocketFactory tls, int connectTimeoutMillis, int maxIdle, long validateAfterNanos) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxIdle = maxIdle;
        this.validateAfterNanos = validateAfterNanos;
        this.idle = new ArrayDeque<>(maxIdle);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The most recently used idle connection that is still usable, or a new one. */
    Http1Connection lease() throws IOException {
        while (true) {
            Http1Connection c;
            synchronized (this) {
                if (closed) {
                    throw new IOException("the client is closed");
                }
                c = idle.pollLast();
            }
            if (c == null) {
                return connect();
            }
            long idleFor = System.nanoTime() - c.idleSince;
            if (idleFor < KEEP_ALIVE_NANOS && (idleFor < validateAfterNanos || c.isAlive())) {
                return c;
            }
            c.close();
        }
    }

    /** Takes back a connection whose last answer was read completely and allows reuse. */
    void release(Http1Connection c) {
        long now = System.nanoTime();
        c.idleSince = now;
        c.trim();
        Http1Connection expired = null;
        synchronized (this) {
            if (!closed && idle.size() < maxIdle) {
                idle.addLast(c);
                c = null;
            }
            // The bottom of the stack is the longest idle: close it once it is past keep-alive.
            Http1Connection oldest = idle.peekFirst();
            if (oldest != null && now - oldest.idleSince > KEEP_ALIVE_NANOS) {
                expired = idle.pollFirst();
            }
        }
        if (c != null) {
            c.close();
        }
        if (expired != null) {
            expired.close();
        }
    }

    /**
     * Opens a new connection (and completes the TLS handshake, verifying the server's name).
     *
     * @throws ConnectException when no TCP connection could be made (nothing was sent)
     * @throws SSLException     when the TLS handshake failed
     */
    Http1Connection connect() throws IOException {
        Socket raw = new Socket();
        Socket socket = null;
        try {
            // Requests go out in one write; never hold it back waiting for an ACK.
            raw.setTcpNoDelay(true);
            try {
                InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
                if (address.isUnresolved()) {
                    throw new UnknownHostException(endpoint.host());
                }
                raw.connect(address, connectTimeoutMillis);
            } catch (SocketTimeoutException e) {
                throw connectFailure("timed out after " + connectTimeoutMillis + " ms", e);
            } catch (ConnectException e) {
                throw e;
            } catch (IOException e) {
                throw connectFailure(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
            }
            socket = raw;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, endpoint.host(), endpoint.port(), true);
                SSLParameters p = ssl.getSSLParameters();
                // The JDK checks the chain against the trust store; the name check must be asked for.
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.setSoTimeout(connectTimeoutMillis);
                socket = ssl;
                try {
                    ssl.startHandshake();
                } catch (SSLException e) {
                    throw e;
                } catch (IOException e) {
                    // No request was sent yet: as safe to repeat as a refused connection.
                    throw connectFailure("TLS handshake: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
                }
            }
            return new Http1Connection(raw, socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            closeQuietly(raw);
            throw e;
        }
    }

    private static ConnectException connectFailure(String why, IOException cause) {
        ConnectException e = new ConnectException(why);
        e.initCause(cause);
        return e;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing
        }
    }

    /** Closes the idle connections; leases after this fail, releases close their connection. */
    @Override
    public void close() {
        Http1Connection[] all;
        synchronized (this) {
            closed = true;
            all = idle.toArray(new Http1Connection[0]);
            idle.clear();
        }
        for (Http1Connection c : all) {
            c.close();
        }
    }
}
