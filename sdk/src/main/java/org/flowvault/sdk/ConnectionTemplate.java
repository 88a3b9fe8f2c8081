package org.flowvault.sdk;

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
        return Json.list(http.get(connections()), "connections", ConnectionTemplate::connection);
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
        return Json.body("name", r.name(), "type", r.type(), "value", r.value(), "vault_secrets", r.vaultSecrets(),
                "description", r.description());
    }

    static Connection connection(JsonNode n) {
        return new Connection(Json.text(n, "id"), Json.text(n, "name"), Json.text(n, "type"), Json.text(n, "value"),
                Json.strings(n, "vault_secrets"), Json.text(n, "description"), Json.instant(n, "created_at"), Json.instant(n, "updated_at"));
    }

    static Resolution resolution(JsonNode n) {
        Map<String, Resolution.Source> sources = new LinkedHashMap<>();
        n.path("sources").properties().forEach(s -> sources.put(s.getKey(), new Resolution.Source(Json.text(s.getValue(), "kind"),
                Json.list(s.getValue(), "origins", o -> new Resolution.Origin(Json.text(o, "config"), Json.text(o, "path"))))));
        return new Resolution(Json.text(n, "connection"), Json.text(n, "type"), Json.bool(n, "stale"), Json.map(n.get("inputs")), sources);
    }

    @Override
    public String toString() {
        return "ConnectionOperations[project " + project + "]";
    }
}
