package org.flowvault.bench.kv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.core.ApiReply;
import org.flowvault.vault.server.core.ApiRequest;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.internal.ServerJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A KV v2 write and read through the embedded server's request pipeline in this JVM, without the
 * HTTP socket: the body is parsed and the reply serialized with the JSON the HTTP layer uses, so
 * {@code -prof gc} ({@code gc.alloc.rate.norm}) is the server's allocation per request minus
 * Jetty's. Writes cycle over 1,000 keys as {@code lua/write.lua} does, so each key carries a full
 * window of versions. Run with {@code bench/run-kv-alloc-bench.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KvPipelineBenchmarks {
    private static final byte[] BODY = "{\"data\":{\"username\":\"bench\",\"password\":\"s3cr3t-0123456789abcdef\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @State(Scope.Benchmark)
    public static class Server {
        VaultServer vault;
        Core core;
        String token;
        final String[] keys = new String[1000];
        int next;

        @Setup(Level.Trial)
        public void start() throws IOException {
            vault = VaultServer.builder().dev().listen("127.0.0.1", 0).start();
            core = vault.core();
            token = vault.rootToken();
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "secret/data/bench/w-0-" + i;
            }
            // a full window of versions on every key, as after the warmup of run-kv-bench.sh
            for (int round = 0; round < 12; round++) {
                for (String key : keys) {
                    write(key);
                }
            }
            write("secret/data/bench/key");
        }

        @TearDown(Level.Trial)
        public void stop() {
            vault.close();
        }

        byte[] write(String path) throws IOException {
            ApiReply reply = core.handle(new ApiRequest("POST", path, false, ServerJson.readRequest(BODY), token, null,
                    "application/json", "127.0.0.1", Map.of(), null));
            if (reply.status() != 200) {
                throw new IllegalStateException("write answered " + reply.status());
            }
            return ServerJson.write(reply.body());
        }

        byte[] read(String path) {
            ApiReply reply = core.handle(new ApiRequest("GET", path, false, Map.of(), token, null,
                    null, "127.0.0.1", Map.of(), null));
            if (reply.status() != 200) {
                throw new IllegalStateException("read answered " + reply.status());
            }
            return ServerJson.write(reply.body());
        }
    }

    @Benchmark
    public byte[] write(Server s) throws IOException {
        String key = s.keys[s.next];
        s.next = (s.next + 1) % s.keys.length;
        return s.write(key);
    }

    @Benchmark
    public byte[] read(Server s) {
        return s.read("secret/data/bench/key");
    }
}
