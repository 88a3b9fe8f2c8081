package org.flowvault.vault.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.VaultTransport;

/**
 * A minimal {@link VaultTransport} for the auth and session tests, on the JDK's HTTP client, so
 * they do not depend on the client's own transport: no retries, Vault's status codes mapped to
 * the exception tree, and a log of the requests it sent ("POST auth/approle/login ns=team") for
 * assertions on what reached the server. Public only so that the session tests can use it.
 */
public final class TestTransport implements VaultTransport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI address;
    private final String namespace;
    private final List<String> sent = new ArrayList<>();

    private TestTransport(String address, String namespace) {
        this.address = URI.create(address);
        this.namespace = namespace;
    }

    public static TestTransport to(String address) {
        return new TestTransport(address, null);
    }

    /** A transport whose calls go to {@code namespace} unless they name another. */
    public static TestTransport to(String address, String namespace) {
        return new TestTransport(address, namespace);
    }

    /** The requests sent so far, as "METHOD path" plus " ns=..." when a namespace header went along. */
    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    @Override
    public JsonNode send(String method, String path, Object body, String token, String namespace, Map<String, String> headers) {
        String ns = namespace != null ? namespace : this.namespace;
        synchronized (this) {
            sent.add(method + " " + path + (ns == null || ns.isEmpty() ? "" : " ns=" + ns));
        }
        try {
            URI uri = new URI(address.getScheme(), null, address.getHost(), address.getPort(), "/v1/" + path, null, null);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            if (token != null) {
                b.header("X-Vault-Token", token);
            }
            if (ns != null && !ns.isEmpty()) {
                b.header("X-Vault-Namespace", ns);
            }
            headers.forEach(b::header);
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            int status = r.statusCode();
            if (status < 300) {
                return json;
            }
            List<String> errors = new ArrayList<>();
            if (json != null && json.path("errors").isArray()) {
                json.get("errors").forEach(e -> errors.add(e.asText()));
            }
            String message = "HTTP " + status + " from " + method + " " + path + (errors.isEmpty() ? "" : ": " + String.join("; ", errors));
            throw switch (status) {
                case 403 -> new VaultException.PermissionDenied(message, status, path, errors);
                case 404 -> new VaultException.NotFound(message, status, path, errors);
                case 503 -> new VaultException.Sealed(message, status, path, errors);
                default -> status < 500 ? new VaultException.InvalidRequest(message, status, path, errors)
                        : new VaultException.Unavailable(message, status, path, errors, null);
            };
        } catch (IOException e) {
            throw new VaultException.Unavailable("no answer from " + method + " " + path + ": " + e, 0, path, List.of(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException.Unavailable("interrupted", 0, path, List.of(), e);
        }
    }
}
