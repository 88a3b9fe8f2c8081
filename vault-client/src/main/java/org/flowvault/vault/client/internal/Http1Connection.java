package org.flowvault.vault.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One HTTP/1.1 connection (plain or TLS) used by one thread at a time: writes a request that is
 * already encoded, reads the status line and the few headers the client needs (Content-Length,
 * Transfer-Encoding, Connection, Location) and the body — by length, chunked, or up to the end of
 * the stream — into one reusable buffer, and hands it to the caller without copying.
 *
 * <p>Blocking I/O on the caller's thread: no selector thread and no hand-off per request, which is
 * where {@code java.net.http} spends most of its CPU for small answers. Not thread-safe.
 */
final class Http1Connection implements AutoCloseable {
    /** Header blocks larger than this are not a Vault answer. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Bodies larger than this are refused rather than buffered. */
    private static final int MAX_BODY_BYTES = 256 * 1024 * 1024;
    /** A buffer that grew for one large answer is not kept for the next. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;
    private static final int INITIAL_BUFFER_BYTES = 8 * 1024;
    /** How often a caller waiting for an answer checks whether it was interrupted. */
    private static final int SLICE_MILLIS = 200;

    private final Socket raw;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private byte[] buf = new byte[INITIAL_BUFFER_BYTES];
    private int limit;
    private int messageEnd;
    private long deadline;
    private int timeoutMillis;
    /** The socket's read timeout as last set; -1 when unknown (the idle probe changes it). */
    private int soTimeout = -1;
    private boolean received;
    private boolean reused;

    /** When the connection went back to the pool ({@link System#nanoTime()}). */
    long idleSince;

    /**
     * @param raw    the connected TCP socket
     * @param socket what to talk through: {@code raw}, or a TLS socket layered on it
     */
    Http1Connection(Socket raw, Socket socket) throws IOException {
        this.raw = raw;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Whether this connection already served a request (so the server may have closed it since). */
    boolean reused() {
        return reused;
    }

    /** Whether any byte of the current answer arrived: if not, a failure means the server never answered. */
    boolean received() {
        return received;
    }

    /**
     * Whether an idle connection is still usable: a read on the TCP socket must find nothing
     * within a millisecond. End of stream means the server closed it; bytes mean the server sent
     * something unasked (a TLS close_notify, a 408), so the connection is not fit for reuse either.
     * The socket API has no read that does not wait, hence the millisecond (as OkHttp and Apache
     * HttpClient do), spent only on connections that idled for a while.
     */
    boolean isAlive() {
        try {
            soTimeout = -1;
            raw.setSoTimeout(1);
            raw.getInputStream().read(); // end of stream or an unasked byte: either way, not reusable
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Sends {@code request[0, length)} and reads the answer into this connection's buffer.
     *
     * @param head     whether the request was HEAD (the answer has no body whatever it announces)
     * @param timeout  the read timeout in milliseconds: the answer must be complete within it
     * @param response filled with the answer; its body points into this connection's buffer and
     *                 stays valid until the next request on this connection
     */
    void exchange(byte[] request, int length, boolean head, long timeout, Http1Response response) throws IOException {
        received = false;
        limit = 0;
        timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout));
        deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        out.write(request, 0, length);
        out.flush();
        reused = true;
        readResponse(head, response);
    }

    private void readResponse(boolean head, Http1Response r) throws IOException {
        int start = 0;
        int headerEnd;
        while (true) {
            headerEnd = headerEnd(start);
            Http1Head.parse(buf, start, headerEnd, r);
            if (r.status >= 200 || r.status < 100) {
                break;
            }
            start = headerEnd; // 1xx: informational, the real answer follows
        }
        if (head || r.status == 204 || r.status == 304) {
            r.body(buf, headerEnd, 0);
            r.keepAlive &= limit == headerEnd;
        } else if (r.chunked) {
            int end = readChunked(headerEnd);
            r.keepAlive &= limit == messageEnd;
            r.body(buf, headerEnd, end - headerEnd);
        } else if (r.contentLength >= 0) {
            if (r.contentLength > MAX_BODY_BYTES) {
                throw new IOException("the answer announces " + r.contentLength + " bytes, more than the client accepts");
            }
            int end = headerEnd + (int) r.contentLength;
            while (limit < end) {
                if (read() < 0) {
                    throw new EOFException("connection closed after " + (limit - headerEnd) + " of " + r.contentLength + " body bytes");
                }
            }
            // Bytes beyond the body would be an answer nobody asked for: do not reuse the connection.
            r.keepAlive &= limit == end;
            r.body(buf, headerEnd, end - headerEnd);
        } else {
            // Neither length nor chunks: the body ends when the server closes the connection.
            while (read() > 0) {
                // keep reading
            }
            r.keepAlive = false;
            r.body(buf, headerEnd, limit - headerEnd);
        }
    }

    /** The index after the blank line that ends the header block starting at {@code start}. */
    private int headerEnd(int start) throws IOException {
        int scan = start;
        while (true) {
            for (int i = Math.max(scan, start + 3); i < limit; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
            scan = limit;
            if (limit - start > MAX_HEADER_BYTES) {
                throw new IOException("the answer's headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            if (read() < 0) {
                throw new EOFException(limit == 0 ? "the server closed the connection without answering"
                        : "connection closed in the answer's headers");
            }
        }
    }

    /**
     * Decodes a chunked body in place: the data of each chunk moves down over the chunk headers,
     * so the body ends up contiguous at {@code start}. Returns the end of the body.
     */
    private int readChunked(int start) throws IOException {
        int w = start;
        int r = start;
        while (true) {
            int eol = line(r);
            long size = 0;
            int i = r;
            for (; i < eol - 2 && buf[i] != ';' && buf[i] != ' ' && buf[i] != '\t'; i++) {
                int h = Character.digit(buf[i], 16);
                if (h < 0 || size > MAX_BODY_BYTES) {
                    throw new IOException("the answer has an invalid chunk size");
                }
                size = size * 16 + h;
            }
            if (i == r) {
                throw new IOException("the answer has an empty chunk size");
            }
            r = eol;
            if (size == 0) {
                // Trailer fields, then the blank line that ends the message.
                while (true) {
                    int t = line(r);
                    boolean blank = t - r == 2;
                    r = t;
                    if (blank) {
                        messageEnd = r;
                        return w;
                    }
                }
            }
            if ((long) w - start + size > MAX_BODY_BYTES) {
                throw new IOException("the answer's body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            int n = (int) size;
            while (limit < r + n + 2) {
                if (read() < 0) {
                    throw new EOFException("connection closed in a chunk");
                }
            }
            System.arraycopy(buf, r, buf, w, n);
            w += n;
            r += n;
            if (buf[r] != '\r' || buf[r + 1] != '\n') {
                throw new IOException("the answer has a chunk without its CRLF");
            }
            r += 2;
        }
    }

    /** The index after the next CRLF-terminated line starting at {@code from}, reading as needed. */
    private int line(int from) throws IOException {
        int scan = from;
        while (true) {
            for (int i = Math.max(scan, from + 1); i < limit; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r') {
                    return i + 1;
                }
            }
            scan = limit;
            if (limit - from > MAX_HEADER_BYTES) {
                throw new IOException("the answer has a chunk line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (read() < 0) {
                throw new EOFException("connection closed in a chunked body");
            }
        }
    }

    /**
     * One read into the buffer (grown when full); -1 at the end of the stream. Waits in slices of
     * at most {@link #SLICE_MILLIS}, so that an interrupted caller stops waiting: a blocked socket
     * read on a platform thread does not notice an interrupt by itself.
     */
    private int read() throws IOException {
        if (limit == buf.length) {
            if (buf.length >= MAX_BODY_BYTES + MAX_HEADER_BYTES) {
                throw new IOException("the answer exceeds " + MAX_BODY_BYTES + " bytes");
            }
            buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, MAX_BODY_BYTES + MAX_HEADER_BYTES));
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("read timed out");
            }
            // Rounded up, so that a fresh answer waits exactly the slice (or the whole timeout when
            // shorter) as the last one did: setting it takes a lock, so it is skipped when unchanged.
            int wait = (int) Math.min(SLICE_MILLIS, (left + 999_999) / 1_000_000L);
            if (wait != soTimeout) {
                socket.setSoTimeout(wait);
                soTimeout = wait;
            }
            int n;
            try {
                n = in.read(buf, limit, buf.length - limit);
            } catch (SocketTimeoutException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the answer");
                }
                continue; // the deadline check above decides
            }
            if (n > 0) {
                limit += n;
                received = true;
            }
            return n;
        }
    }

    /** Drops a buffer that grew for a large answer, before the connection idles in the pool. */
    void trim() {
        if (buf.length > KEPT_BUFFER_BYTES) {
            buf = new byte[INITIAL_BUFFER_BYTES];
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do about a failed close
        }
        try {
            raw.close();
        } catch (IOException ignored) {
            // as above
        }
    }
}
