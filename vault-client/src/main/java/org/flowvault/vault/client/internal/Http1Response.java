package org.flowvault.vault.client.internal;

/**
 * The answer to one request as {@link Http1Connection} read it: status, the headers the client
 * uses, and the body as a slice of the connection's buffer (valid until the connection's next
 * request). Mutable and confined to the calling thread.
 */
final class Http1Response {
    int status;
    /** Whether the connection may carry another request after this answer. */
    boolean keepAlive;
    /** -1 when the answer has no Content-Length. */
    long contentLength;
    boolean chunked;
    /** The Location header, or null. */
    String location;
    byte[] body;
    int bodyOffset;
    int bodyLength;

    void reset(int status, boolean http11) {
        this.status = status;
        // HTTP/1.1 keeps connections open unless told otherwise; HTTP/1.0 only when told so.
        this.keepAlive = http11;
        this.contentLength = -1;
        this.chunked = false;
        this.location = null;
    }

    void body(byte[] bytes, int offset, int length) {
        this.body = bytes;
        this.bodyOffset = offset;
        this.bodyLength = length;
    }
}
