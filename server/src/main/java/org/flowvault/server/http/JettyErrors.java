package org.flowvault.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a route is reached (a path with NUL or invalid UTF-8, an over-long
 * URI or header) in the API's JSON shape instead of Jetty's HTML page: no request content echoed,
 * no stack trace.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        if (request.getAttribute(ERROR_STATUS) instanceof Integer s && s >= 400) {
            status = s;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Jetty may drop the connection after a request it could not parse: say so, or a client reuses it and reads nothing
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        String message = switch (status) {
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 400 -> "the request could not be parsed: its path or headers hold characters that are not allowed "
                    + "(such as NUL or invalid UTF-8) or are malformed";
            default -> "the request failed with HTTP status " + status;
        };
        String reason = status >= 500 ? "INTERNAL" : "INVALID";
        try {
            return Api.JSON.writeValueAsBytes(Api.errorBody(reason, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body cannot be written", e);
        }
    }
}
