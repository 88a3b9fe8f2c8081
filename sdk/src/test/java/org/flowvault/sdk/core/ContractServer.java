package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.flowvault.sdk.credential.CredentialKey;

/**
 * A stand-in for the credential vault's REST endpoints as the issue-10 contract states them
 * (and the members' decrypt grant, {@code PUT /projects/{p}/members/{user}})
 * (the server side is built in parallel): a real HTTP server on a free loopback port, in-memory
 * entries, the contract's validation and error bodies, and every request it received kept for
 * inspection. It stores what it is sent and never decrypts: like the real server on create and
 * update, it only ever sees ciphertexts. Replace with the real server once it has these routes.
 */
public final class ContractServer implements AutoCloseable {
    public static final String TOKEN = "fv_test_" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("domain", "permissioned_user_id", "user_alias", "user_name", "password", "tfa_secret",
            "tfa_method", "persist_cookies", "persist_local_storage", "persist_session_storage", "allow_multiple_sessions",
            "max_concurrency", "prevent_concurrency_during_login", "expire_after_last_use_days", "proxy", "vault");

    /** One request as it arrived. */
    public record Request(String method, String path, String query, String body) {
    }

    private final HttpServer server;
    private final Map<String, Map<String, ObjectNode>> entries = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> keyVersions = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    /** The decrypt grants made through {@code PUT /projects/{p}/members/{user}}, by {@code project/user}. */
    final Map<String, Boolean> decryptGrants = new java.util.concurrent.ConcurrentHashMap<>();
    /** Whether key versions are listed with their fingerprints (a proposed addition to the contract). */
    volatile boolean listFingerprints;

    /** Lists key versions with their fingerprints from now on. */
    public void listFingerprints(boolean list) {
        listFingerprints = list;
    }

    public ContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Gives {@code project} a key version (current from now on). */
    public synchronized void addKeyVersion(String project, CredentialKey key) {
        List<ObjectNode> versions = keyVersions.computeIfAbsent(project, p -> new ArrayList<>());
        versions.forEach(v -> v.put("current", false));
        versions.add(JSON.createObjectNode().put("version", versions.size() + 1).put("created_at", Instant.now().toString())
                .put("retired", false).put("current", true).put("fingerprint", key.fingerprint()));
    }

    /** The stored entry of {@code domain} and {@code user} (to tamper with, as someone with database access would). */
    public synchronized ObjectNode stored(String project, String domain, String user) {
        return entries.getOrDefault(project, Map.of()).values().stream()
                .filter(e -> e.path("domain").asText().equals(domain) && e.path("permissioned_user_id").asText().equals(user))
                .findFirst().orElseThrow();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            requests.add(new Request(ex.getRequestMethod(), rawPath, query, body));
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                error(ex, 401, "UNAUTHENTICATED", "authentication required: send 'Authorization: Bearer <API key or session token>'");
                return;
            }
            List<String> seg = new ArrayList<>();
            for (String s : rawPath.split("/")) {
                if (!s.isEmpty()) {
                    seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
                }
            }
            Map<String, String> q = new LinkedHashMap<>();
            if (query != null) {
                for (String kv : query.split("&")) {
                    int eq = kv.indexOf('=');
                    q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            if (seg.size() < 5 || !seg.get(0).equals("api") || !seg.get(1).equals("v1") || !seg.get(2).equals("projects")) {
                error(ex, 404, "NOT_FOUND", "no such route");
                return;
            }
            synchronized (this) {
                route(ex, ex.getRequestMethod(), seg.get(3), seg.subList(4, seg.size()), q, body);
            }
        }
    }

    private void route(HttpExchange ex, String method, String project, List<String> rest, Map<String, String> q, String body) throws IOException {
        Map<String, ObjectNode> mine = entries.computeIfAbsent(project, p -> new LinkedHashMap<>());
        String what = String.join("/", rest);
        switch (method + " " + what) {
            case "GET credential-key" -> {
                ObjectNode out = JSON.createObjectNode();
                ArrayNode a = out.putArray("versions");
                for (ObjectNode v : keyVersions.getOrDefault(project, List.of())) {
                    ObjectNode shown = v.deepCopy();
                    if (!listFingerprints) {
                        shown.remove("fingerprint");
                    }
                    a.add(shown);
                }
                json(ex, 200, out);
            }
            case "POST credential-key", "POST credential-key/rotate" -> {
                JsonNode b = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
                CredentialKey key = b.hasNonNull("import") ? CredentialKey.fromHex(b.get("import").asText()) : CredentialKey.generate();
                addKeyVersion(project, key);
                int version = keyVersions.get(project).size();
                json(ex, 201, b.hasNonNull("import") ? JSON.createObjectNode().put("version", version)
                        : JSON.createObjectNode().put("version", version).put("key", key.toHex()));
            }
            case "POST credentials" -> {
                ObjectNode e = entry(ex, body, false);
                if (e == null) {
                    return;
                }
                if (find(mine, e.path("domain").asText(), e.path("permissioned_user_id").asText()) != null) {
                    error(ex, 409, "CONFLICT", "an entry for this domain and permissioned_user_id exists in project '" + project + "'");
                    return;
                }
                e.put("id", UUID.randomUUID().toString()).put("project", project).put("created_at", Instant.now().toString())
                        .put("updated_at", Instant.now().toString()).put("encrypted", true);
                mine.put(e.get("id").asText(), e);
                json(ex, 201, e);
            }
            case "PUT credentials" -> {
                ObjectNode e = entry(ex, body, true);
                if (e == null) {
                    return;
                }
                ObjectNode current = find(mine, e.path("domain").asText(), e.path("permissioned_user_id").asText());
                if (current == null) {
                    error(ex, 404, "NOT_FOUND", "no credential entry for this domain and permissioned_user_id");
                    return;
                }
                e.put("id", current.get("id").asText()).put("project", project).put("created_at", current.get("created_at").asText())
                        .put("updated_at", Instant.now().toString()).put("encrypted", true);
                mine.put(e.get("id").asText(), e);
                json(ex, 200, e);
            }
            case "GET credentials" -> {
                boolean hasDomain = q.containsKey("domain");
                if (hasDomain != q.containsKey("permissioned_user_id")) {
                    error(ex, 400, "INVALID", "'domain' and 'permissioned_user_id' filter together: give both or neither");
                    return;
                }
                ObjectNode out = JSON.createObjectNode();
                ArrayNode a = out.putArray("credentials");
                for (ObjectNode e : mine.values()) {
                    if (!hasDomain || e.path("domain").asText().equals(q.get("domain"))
                            && e.path("permissioned_user_id").asText().equals(q.get("permissioned_user_id"))) {
                        a.add(e);
                    }
                }
                json(ex, 200, out);
            }
            case "GET credentials/totp" -> {
                ObjectNode e = find(mine, q.getOrDefault("domain", ""), q.getOrDefault("permissioned_user_id", ""));
                if (e == null) {
                    error(ex, 404, "NOT_FOUND", "no credential entry for this domain and permissioned_user_id");
                    return;
                }
                json(ex, 200, JSON.createObjectNode().put("code", "492039").put("valid_for_seconds", 17).put("digits", 6).put("period", 30));
            }
            default -> {
                if (method.equals("PUT") && rest.size() == 2 && rest.get(0).equals("members")) {
                    JsonNode b = JSON.readTree(body);
                    if (!b.path("can_decrypt_credentials").isBoolean()) {
                        error(ex, 400, "INVALID", "'can_decrypt_credentials' is required: true or false");
                        return;
                    }
                    decryptGrants.put(project + "/" + rest.get(1), b.get("can_decrypt_credentials").booleanValue());
                    json(ex, 200, JSON.createObjectNode().put("project", project).put("username", rest.get(1))
                            .put("can_decrypt_credentials", b.get("can_decrypt_credentials").booleanValue()));
                    return;
                }
                if (rest.size() == 2 && rest.get(0).equals("credentials") && mine.containsKey(rest.get(1))) {
                    if (method.equals("GET")) {
                        json(ex, 200, mine.get(rest.get(1)));
                        return;
                    }
                    if (method.equals("DELETE")) {
                        mine.remove(rest.get(1));
                        ex.sendResponseHeaders(204, -1);
                        return;
                    }
                }
                error(ex, 404, "NOT_FOUND", "credential entry not found");
            }
        }
    }

    /** A request body as an entry, or null after answering 400 (unknown field, missing field). */
    private ObjectNode entry(HttpExchange ex, String body, boolean update) throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(body);
        for (String name : (Iterable<String>) e::fieldNames) {
            if (!FIELDS.contains(name)) {
                error(ex, 400, "INVALID", "unknown field '" + name + "'");
                return null;
            }
        }
        for (String required : update ? List.of("domain", "permissioned_user_id", "user_name", "password") : List.of("domain", "permissioned_user_id")) {
            if (!e.hasNonNull(required)) {
                error(ex, 400, "INVALID", "'" + required + "' is required");
                return null;
            }
        }
        return e;
    }

    private static ObjectNode find(Map<String, ObjectNode> mine, String domain, String user) {
        return mine.values().stream().filter(e -> e.path("domain").asText().equals(domain)
                && e.path("permissioned_user_id").asText().equals(user)).findFirst().orElse(null);
    }

    static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    static void error(HttpExchange ex, int status, String reason, String message) throws IOException {
        json(ex, status, JSON.createObjectNode().set("error", JSON.createObjectNode().put("reason", reason).put("message", message)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
