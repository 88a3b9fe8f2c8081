package org.flowvault.bench.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.platform.Platform;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiServer;

/**
 * Load driver for the web UI's pages: one platform on H2 (in memory) with a project of
 * {@code connections} connections (each with an attached secret and a reference), {@code flows}
 * flows using them and {@code runs} runs (started through the REST API, so through the run engine:
 * a trivial flow whose one step waits for a form), then {@code n} sequential GETs of each page over
 * loopback with a session cookie. The time is measured at the client (request sent to last byte),
 * so it bounds the server's render time from above. Usage:
 * {@code PagesBench [connections] [flows] [n] [runs]}; prints a Markdown table row per page (p50, p99 in ms).
 */
public final class PagesBench {
    private static final Pattern RUN_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern OLDER = Pattern.compile("href=\"([^\"]*before=[^\"]*)\" id=\"older-runs\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PagesBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int flows = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        try (Database db = Database.open("jdbc:h2:mem:pages" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 16);
                Platform platform = Platform.builder().database(db).masterKey(MasterKey.generate()).build()) {
            platform.startBackgroundJobs(java.time.Duration.ofMinutes(1));
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
                send(base, "POST", "/api/v1/projects/bench/flows", token, "{\"source\":\"name: waiter\\nsteps:\\n"
                        + "  - {id: ask, message: {subject: go, fields: [{name: ok, type: boolean}]}}\\n\"}", 201);
                String runId = null;
                long seeding = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    String body = send(base, "POST", "/api/v1/projects/bench/flows/waiter/runs", token, "{}", 202);
                    Matcher id = RUN_ID.matcher(body);
                    runId = id.find() ? id.group(1) : runId;
                }
                System.err.printf(Locale.ROOT, "seeded %d runs through the run engine in %.1f s%n", runs, (System.nanoTime() - seeding) / 1e9);
                String deep = deepRunsPage(base, token, runs / 2 / 50);

                System.out.println("| page | connections | flows | runs | p50 ms | p99 ms |");
                System.out.println("|---|---|---|---|---|---|");
                for (String page : new String[] {"/projects/bench/connections", "/projects/bench/connections?after=conn-0500",
                        "/projects/bench/connections/conn-0042", "/projects/bench/flows", "/projects/bench/flows/flow-7",
                        "/projects/bench/runs", deep, "/projects/bench/runs?status=waiting_for_input&flow=waiter", "/projects/bench/runs/" + runId,
                        "/projects/bench/credentials", "/vault-configs", "/tokens"}) {
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
                    System.out.printf(Locale.ROOT, "| `%s` | %d | %d | %d | %.2f | %.2f |%n", page.replaceAll("before=[^&]+", "before=…"),
                            connections, flows, runs, t[n / 2] / 1e6, t[(int) (n * 0.99)] / 1e6);
                }
            } finally {
                api.close();
            }
        }
    }

    /** The runs list {@code pages} pages deep, reached by following its "Older runs" link as a person would. */
    private static String deepRunsPage(String base, String token, int pages) throws Exception {
        String page = "/projects/bench/runs";
        for (int i = 0; i < pages; i++) {
            String html = HTTP.send(HttpRequest.newBuilder(URI.create(base + page)).header("Cookie", "fv_session=" + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = OLDER.matcher(html);
            if (!m.find()) {
                break;
            }
            page = m.group(1).replace("&amp;", "&");
        }
        return page;
    }

    private static String send(String base, String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
