package org.flowvault.vault.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KvV2ConcurrencyTest {
    private final KvFixture kv = KvFixture.v2();

    @Test
    void concurrentWritesToOneKeyLoseNoVersion() throws Exception {
        int threads = 8;
        int writesEach = 25;
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            tasks.add(() -> {
                int ok = 0;
                for (int i = 0; i < writesEach; i++) {
                    if (kv.write("data/shared", "{\"data\": {\"t\": " + id + ", \"i\": " + i + "}}").status() == 200) {
                        ok++;
                    }
                }
                return ok;
            });
        }

        int total = run(tasks);

        assertThat(total).isEqualTo(threads * writesEach);
        assertThat(kv.read("metadata/shared").get("current_version")).isEqualTo(threads * writesEach);
        assertThat(kv.read("metadata/shared").map("versions")).hasSize(10);
        assertThat(kv.read("data/shared", "version", String.valueOf(threads * writesEach - 9)).status()).isEqualTo(200);
    }

    @Test
    void racingCasWritesLetExactlyOneWinPerVersion() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            tasks.add(() -> kv.write("data/cas", """
                    {"data": {"a": 1}, "options": {"cas": 0}}""").status() == 200 ? 1 : 0);
        }

        assertThat(run(tasks)).isEqualTo(1);
        assertThat(kv.read("data/cas").get("metadata.version")).isEqualTo(1);
    }

    private static int run(List<Callable<Integer>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            int sum = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                sum += f.get();
            }
            return sum;
        } finally {
            pool.shutdownNow();
        }
    }
}
