package org.flowvault.vault.client.internal;

import java.io.IOException;

/**
 * Reads an answer's status line and the headers the client acts on — Content-Length,
 * Transfer-Encoding, Connection, Location — straight from the bytes, without building a header
 * map; every other header is skipped. Stateless.
 */
final class Http1Head {
    private Http1Head() {
    }

    /** Parses "HTTP/1.x NNN reason" and the headers the client uses; ignores the rest. */
    static void parse(byte[] b, int start, int end, Http1Response r) throws IOException {
        if (end - start < 14 || b[start] != 'H' || b[start + 1] != 'T' || b[start + 2] != 'T' || b[start + 3] != 'P'
                || b[start + 4] != '/' || b[start + 5] != '1' || b[start + 6] != '.' || b[start + 8] != ' ') {
            throw new IOException("the server did not answer with HTTP/1.x");
        }
        int status = digit(b[start + 9]) * 100 + digit(b[start + 10]) * 10 + digit(b[start + 11]);
        if (status < 0 || (b[start + 12] != ' ' && b[start + 12] != '\r')) {
            throw new IOException("the server answered with a malformed status line");
        }
        r.reset(status, b[start + 7] != '0');
        int line = nextLine(b, start, end);
        while (line < end - 2) {
            int eol = nextLine(b, line, end);
            int colon = line;
            while (colon < eol && b[colon] != ':') {
                colon++;
            }
            if (colon < eol) {
                int v = colon + 1;
                int ve = eol - 2;
                while (v < ve && (b[v] == ' ' || b[v] == '\t')) {
                    v++;
                }
                while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                    ve--;
                }
                header(b, r, line, colon, v, ve);
            }
            line = eol;
        }
    }

    private static void header(byte[] buf, Http1Response r, int name, int nameEnd, int v, int ve) throws IOException {
        int len = nameEnd - name;
        if (len == 14 && is(buf, name, "content-length")) {
            long n = 0;
            if (v == ve) {
                throw new IOException("the answer has an empty Content-Length");
            }
            for (int i = v; i < ve; i++) {
                int d = digit(buf[i]);
                if (d < 0 || n > Integer.MAX_VALUE) {
                    throw new IOException("the answer has an invalid Content-Length");
                }
                n = n * 10 + d;
            }
            if (r.contentLength >= 0 && r.contentLength != n) {
                throw new IOException("the answer has conflicting Content-Length headers");
            }
            r.contentLength = n;
        } else if (len == 17 && is(buf, name, "transfer-encoding")) {
            // "chunked" must be the last coding; anything else is delimited by the close.
            r.chunked = ve - v >= 7 && is(buf, ve - 7, "chunked");
            if (!r.chunked) {
                r.keepAlive = false;
            }
        } else if (len == 10 && is(buf, name, "connection")) {
            if (contains(buf, v, ve, "close")) {
                r.keepAlive = false;
            } else if (contains(buf, v, ve, "keep-alive")) {
                r.keepAlive = true;
            }
        } else if (len == 8 && is(buf, name, "location")) {
            r.location = new String(buf, v, ve - v, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** Case-insensitive match of lower-case ASCII {@code s} at {@code at}. */
    private static boolean is(byte[] buf, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = buf[at + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] buf, int from, int to, String token) {
        for (int i = from; i + token.length() <= to; i++) {
            if (is(buf, i, token)) {
                return true;
            }
        }
        return false;
    }

    private static int nextLine(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -1_000_000;
    }
}
