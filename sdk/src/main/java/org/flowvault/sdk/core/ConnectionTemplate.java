package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.sdk.connection.Connection;
import org.flowvault.sdk.connection.ConnectionOperations;
import org.flowvault.sdk.connection.ConnectionRequest;
import org.flowvault.sdk.connection.Resolution;

/** {@link ConnectionOperations} over the REST API. */
final class ConnectionTemplate implements ConnectionOperations {
    private final Transport http;
    private final String project;

    ConnectionTemplate(Transport http, String project) {
        this.http = http;
        this.project = project;
    }

    @Override
    public String project() {
        return project;
    }

    private ApiPath connections() {
        return ApiPath.of("projects", project, "connections");
    }

    @Override
    public List<Connection> list() {
        return ResponseJson.list(http.get(connections()), "connections", ConnectionTemplate::connection);
    }

    @Override
    public Connection get(String name) {
        return connection(http.get(connections().then(name)));
    }

    @Override
    public Connection create(ConnectionRequest request) {
        if (request.name() == null || request.type() == null) {
            throw new IllegalArgumentException("a new connection needs a name and a type (SQL, HTTP, GIT, VAULT...)");
        }
        return connection(http.post(connections(), body(request)));
    }

    @Override
    public Connection update(String name, ConnectionRequest changes) {
        Objects.requireNonNull(changes, "changes");
        Map<String, Object> b = body(changes);
        b.putIfAbsent("name", name);
        return connection(http.put(connections().then(name), b));
    }

    @Override
    public void delete(String name) {
        http.delete(connections().then(name));
    }

    @Override
    public Resolution resolve(String name, Map<String, ?> overrides) {
        return resolution(http.post(connections().then(name).then("resolve"), Map.of("overrides", overrides == null ? Map.of() : overrides)));
    }

    @Override
    public Resolution preview(String name) {
        return resolution(http.get(connections().then(name).then("preview")));
    }

    @Override
    public void refresh(String name) {
        http.post(connections().then(name).then("refresh"), Map.of());
    }

    private static Map<String, Object> body(ConnectionRequest r) {
        return ResponseJson.body("name", r.name(), "type", r.type(), "value", r.value(), "vault_secrets", r.vaultSecrets(),
                "description", r.description());
    }

    static Connection connection(JsonNode n) {
        return new Connection(ResponseJson.text(n, "id"), ResponseJson.text(n, "name"), ResponseJson.text(n, "type"), ResponseJson.text(n, "value"),
                ResponseJson.strings(n, "vault_secrets"), ResponseJson.text(n, "description"), ResponseJson.instant(n, "created_at"), ResponseJson.instant(n, "updated_at"));
    }

    static Resolution resolution(JsonNode n) {
        Map<String, Resolution.Source> sources = new LinkedHashMap<>();
        n.path("sources").properties().forEach(s -> sources.put(s.getKey(), new Resolution.Source(ResponseJson.text(s.getValue(), "kind"),
                ResponseJson.list(s.getValue(), "origins", o -> new Resolution.Origin(ResponseJson.text(o, "config"), ResponseJson.text(o, "path"))))));
        return new Resolution(ResponseJson.text(n, "connection"), ResponseJson.text(n, "type"), ResponseJson.bool(n, "stale"), ResponseJson.map(n.get("inputs")), sources);
    }

    @Override
    public String toString() {
        return "ConnectionOperations[project " + project + "]";
    }
}
