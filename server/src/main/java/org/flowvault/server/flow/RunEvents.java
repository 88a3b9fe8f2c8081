package org.flowvault.server.flow;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.Platform;
import org.flowvault.platform.execution.Run;
import org.flowvault.platform.execution.RunLogLine;
import org.flowvault.platform.identity.Caller;
import org.flowvault.server.http.Api;
import org.flowvault.server.http.Views;

/**
 * A run as server-sent events ({@code text/event-stream}), for the live run page: {@code run} with
 * the run's view and its steps whenever they change, {@code log} with new log lines (the event id
 * is the last line's number, so a reconnecting browser resumes after it through
 * {@code Last-Event-ID}), and {@code end} once the run is over. Everything sent is what the run API
 * answers: masked by the engine. A stream lasts at most {@link #MAX_STREAM}; the browser then
 * reconnects by itself.
 */
final class RunEvents {
    private static final Duration MAX_STREAM = Duration.ofMinutes(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int LOG_BATCH = 1000;

    private RunEvents() {
    }

    static void stream(Context ctx, Platform p, Caller caller, UUID id) throws Exception {
        Run run = p.runs().get(caller, id);
        int after = lastEventId(ctx);
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        OutputStream out = res.getOutputStream();
        long deadline = System.nanoTime() + MAX_STREAM.toNanos();
        long lastWrite = System.nanoTime();
        String sent = null;
        try {
            write(out, "retry: 2000\n\n");
            while (true) {
                String view = Api.JSON.writeValueAsString(Map.of("run", RunViews.json(run), "steps", RunViews.stepsJson(p, caller, run)));
                boolean wrote = false;
                if (!view.equals(sent)) {
                    write(out, "event: run\ndata: " + view + "\n\n");
                    sent = view;
                    wrote = true;
                }
                List<RunLogLine> lines;
                do {
                    lines = p.runs().logs(caller, id, after, LOG_BATCH);
                    if (!lines.isEmpty()) {
                        after = lines.getLast().seq();
                        write(out, "event: log\nid: " + after + "\ndata: " + Api.JSON.writeValueAsString(Map.of("lines", lines.stream()
                                .map(l -> Views.of("seq", l.seq(), "step", l.step(), "at", l.at(), "line", l.line())).toList())) + "\n\n");
                        wrote = true;
                    }
                } while (lines.size() == LOG_BATCH);
                if (run.status().isFinal()) {
                    write(out, "event: end\ndata: {}\n\n");
                    return;
                }
                if (wrote) {
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > HEARTBEAT.toNanos()) {
                    write(out, ": still running\n\n");
                    lastWrite = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    return;
                }
                run = p.runs().awaitChange(caller, id, run, Duration.ofSeconds(1));
            }
        } catch (IOException e) {
            // the browser went away: nothing to answer
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The last log line the browser has (from a reconnect's Last-Event-ID), 0 for a new stream. */
    private static int lastEventId(Context ctx) {
        String v = ctx.header("Last-Event-ID");
        if (v == null || !v.matches("\\d{1,9}")) {
            return 0;
        }
        return Integer.parseInt(v);
    }
}
