package org.flowvault.vault.server.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * Jetty's own errors (a URI it refuses to parse, a broken request line) in Vault's JSON shape
 * instead of Jetty's HTML page, with no stack trace and no request content echoed.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        Object attr = request.getAttribute(ERROR_STATUS);
        if (attr instanceof Integer s && s >= 400) {
            status = s;
        }
        String reason = status == 400 ? "invalid request: the HTTP request or its path could not be parsed"
                : status == 404 ? null : "request failed with HTTP status " + status;
        byte[] body = ServerJson.write(Map.of("errors", reason == null ? List.of() : List.of(reason)));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(ServerJson.write(Map.of("errors", List.of("invalid request: the HTTP request could not be parsed"))));
    }
}
