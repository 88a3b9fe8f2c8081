package org.flowvault.bench.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiServer;

/**
 * Load driver for the connection pages: one platform on H2 (in memory) with a project of
 * {@code connections} connections (each with an attached secret and a reference) and {@code flows}
 * flows using them, then {@code n} sequential GETs of each page over loopback with a session cookie.
 * The time is measured at the client (request sent to last byte), so it bounds the server's render
 * time from above. Usage: {@code ConnectionPagesBench [connections] [flows] [n]}; prints a Markdown
 * table row per page (p50, p99 in ms).
 */
public final class ConnectionPagesBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConnectionPagesBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int flows = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        try (Database db = Database.open("jdbc:h2:mem:pages" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 16);
                Platform platform = Platform.builder().database(db).masterKey(MasterKey.generate()).build()) {
            ApiServer api = ApiServer.start(platform, "127.0.0.1", 0);
            try {
                String base = api.address();
                String admin = "bench-admin";
                String password = platform.users().bootstrapAdmin(admin).orElseThrow();
                String token = platform.sessions().login(admin, password).token();
                send(base, "POST", "/api/v1/projects", token, "{\"name\":\"bench\"}", 201);
                for (int i = 0; i < connections; i++) {
                    send(base, "POST", "/api/v1/projects/bench/connections", token, String.format(Locale.ROOT,
                            "{\"name\":\"conn-%04d\",\"type\":\"SQL\",\"value\":\"host: db%d\\nuser: app\\npassword: vault.secret(password)\\n\","
                                    + "\"vault_secrets\":[\"secret/data/app-%d\"]}", i, i, i), 201);
                }
                for (int f = 0; f < flows; f++) {
                    StringBuilder steps = new StringBuilder();
                    for (int s = 0; s < 5; s++) {
                        steps.append(String.format(Locale.ROOT, "  - id: s%d\\n    connection: conn-%04d\\n    task: SQL\\n    inputs: {execute: SELECT 1}\\n",
                                s, (f * 5 + s) % connections));
                    }
                    send(base, "POST", "/api/v1/projects/bench/flows", token,
                            "{\"source\":\"name: flow-" + f + "\\nsteps:\\n" + steps + "\"}", 201);
                }
                System.out.println("| page | connections | flows | p50 ms | p99 ms |");
                System.out.println("|---|---|---|---|---|");
                for (String page : new String[] {"/projects/bench/connections", "/projects/bench/connections?after=conn-0500",
                        "/projects/bench/connections/conn-0042"}) {
                    long[] t = new long[n];
                    for (int i = 0; i < n + n / 4; i++) {
                        long start = System.nanoTime();
                        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + page))
                                .header("Cookie", "fv_session=" + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - start;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(page + " -> " + r.statusCode());
                        }
                        if (i >= n / 4) {
                            t[i - n / 4] = took; // the first quarter warms the JIT and caches
                        }
                    }
                    Arrays.sort(t);
                    System.out.printf(Locale.ROOT, "| `%s` | %d | %d | %.2f | %.2f |%n", page, connections, flows,
                            t[n / 2] / 1e6, t[(int) (n * 0.99)] / 1e6);
                }
            } finally {
                api.close();
            }
        }
    }

    private static void send(String base, String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
    }
}
