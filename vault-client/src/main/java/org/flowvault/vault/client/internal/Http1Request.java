package org.flowvault.vault.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One HTTP/1.1 request encoded once into a single byte array — request line, headers and body —
 * so that it is written with one call, and written again as is when the request is retried.
 * Header values are checked as they are copied: a CR or LF in a token or namespace would let a
 * caller smuggle headers. Messages name the header, never its value (which may be a token).
 */
final class Http1Request {
    private static final byte[] HTTP11 = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN = "X-Vault-Token: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAMESPACE = "X-Vault-Namespace: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = "Content-Type: application/json\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);

    /** The method on the wire (LIST is already GET). */
    final String method;
    /** The request target as sent, such as "/v1/secret/data/app?version=2"; kept for redirects. */
    final String target;
    final byte[] payload;
    final String token;
    final String namespace;
    final Map<String, String> headers;
    byte[] bytes;
    int length;

    private Http1Request(String method, String target, byte[] payload, String token, String namespace, Map<String, String> headers) {
        this.method = method;
        this.target = target;
        this.payload = payload;
        this.token = token;
        this.namespace = namespace;
        this.headers = headers;
    }

    boolean head() {
        return method.equals("HEAD");
    }

    /**
     * @param fixedHeaders the endpoint's headers sent with every request (Host, X-Vault-Request), encoded
     * @param target       the request target: already percent-encoded, checked by the caller
     * @param namespace    the X-Vault-Namespace, or null/empty for none
     */
    static Http1Request encode(String method, String target, byte[] fixedHeaders, String token, String namespace,
                               Map<String, String> headers, byte[] payload) {
        Http1Request r = new Http1Request(method, target, payload, token, namespace, headers);
        int size = method.length() + target.length() + fixedHeaders.length + 96
                + (token == null ? 0 : token.length() + 17) + (namespace == null ? 0 : namespace.length() + 21)
                + (payload == null ? 0 : payload.length);
        r.bytes = new byte[size];
        r.ascii(method).raw((byte) ' ').ascii(target).raw(HTTP11).raw(fixedHeaders);
        if (token != null) {
            r.raw(TOKEN).value(token, "X-Vault-Token").crlf();
        }
        if (namespace != null && !namespace.isEmpty()) {
            r.raw(NAMESPACE).value(namespace, "X-Vault-Namespace").crlf();
        }
        boolean contentType = false;
        if (!headers.isEmpty()) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                String name = h.getKey();
                checkName(name);
                r.ascii(name).raw((byte) ':').raw((byte) ' ').value(h.getValue(), name).crlf();
                contentType |= name.equalsIgnoreCase("Content-Type");
            }
        }
        if (payload != null) {
            if (!contentType) {
                r.raw(JSON);
            }
            r.raw(LENGTH).ascii(Integer.toString(payload.length)).crlf().crlf().raw(payload);
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            // Some proxies answer 411 to a body-less POST without a length.
            r.raw(LENGTH).raw((byte) '0').crlf().crlf();
        } else {
            r.crlf();
        }
        return r;
    }

    /** The same request sent elsewhere (a redirect): another method, target, endpoint headers. */
    Http1Request redirect(String newMethod, String newTarget, byte[] fixedHeaders, boolean keepBody) {
        return encode(newMethod, newTarget, fixedHeaders, token, namespace, headers, keepBody ? payload : null);
    }

    /** Characters a request target may carry literally; the caller percent-encodes the path. */
    static boolean targetChar(char c) {
        return c > 0x20 && c < 0x7f && c != '#' && c != '"' && c != '<' && c != '>' && c != '\\'
                && c != '^' && c != '`' && c != '{' && c != '|' && c != '}';
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ':' || c == '(' || c == ')' || c == ',' || c == '/' || c == ';'
                    || c == '<' || c == '=' || c == '>' || c == '?' || c == '@' || c == '[' || c == '\\' || c == ']'
                    || c == '{' || c == '}' || c == '"') {
                throw new IllegalArgumentException("header name \"" + name + "\" is not a valid HTTP token");
            }
        }
    }

    private Http1Request ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A header value: visible ISO-8859-1, space and tab only. */
    private Http1Request value(String s, String header) {
        if (s == null) {
            throw new IllegalArgumentException("header " + header + " must not be null");
        }
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                // Not the value: it may be a token.
                throw new IllegalArgumentException("header " + header + " holds a character HTTP headers cannot carry (control or non-Latin-1)");
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    private Http1Request raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    private Http1Request raw(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    private Http1Request crlf() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** The headers an endpoint sends with every request, encoded once. */
    static byte[] fixedHeaders(Endpoint endpoint) {
        // X-Vault-Request: Vault Agent and proxies refuse requests without it (SSRF protection); the CLI always sends it.
        return ("Host: " + endpoint.authority() + "\r\nX-Vault-Request: true\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
