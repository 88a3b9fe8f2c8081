package org.flowvault.platform.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.task.TaskResult;

/** Task types for engine tests: they do real work in memory and expose what happened. */
final class TestTasks {
    /** Gates: a GATE step waits until its gate (named by input "gate") is opened. */
    static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    /** Counted entries: COUNT steps increment the counter named by input "counter". */
    static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    /** Entered gates, so a test can wait until a run is inside its task. */
    static final Map<String, CountDownLatch> ENTERED = new ConcurrentHashMap<>();

    private TestTasks() {
    }

    static TaskRegistry registry() {
        return TaskRegistry.builder().add(new Echo()).add(new Gate()).add(new Count()).add(new Leak()).build();
    }

    static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    static CountDownLatch entered(String name) {
        return ENTERED.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    static AtomicInteger count(String name) {
        return COUNTS.computeIfAbsent(name, k -> new AtomicInteger());
    }

    /** Outputs its inputs and logs them. */
    static final class Echo implements Task {
        @Override
        public String type() {
            return "ECHO";
        }

        @Override
        public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
            context.log("echo " + inputs);
            return TaskResult.of(inputs);
        }
    }

    /** Waits for its gate, checking for cancellation while it waits. */
    static final class Gate implements Task {
        @Override
        public String type() {
            return "GATE";
        }

        @Override
        public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
            String name = String.valueOf(inputs.get("gate"));
            entered(name).countDown();
            CountDownLatch latch = gate(name);
            try {
                while (!latch.await(10, TimeUnit.MILLISECONDS)) {
                    context.checkActive();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskException(TaskException.Kind.CANCELLED, "interrupted");
            }
            return TaskResult.of(Map.of("passed", name));
        }
    }

    /** Counts its executions per counter name. */
    static final class Count implements Task {
        @Override
        public String type() {
            return "COUNT";
        }

        @Override
        public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
            int n = count(String.valueOf(inputs.get("counter"))).incrementAndGet();
            return TaskResult.of(Map.of("count", n));
        }
    }

    /**
     * Prints its password input as a careless task would: plain, base64, URL-encoded, in its
     * outputs, and in its error when asked to fail.
     */
    static final class Leak implements Task {
        static final String FRESH_TOKEN = "fresh-token-Xy7Qp2zK";

        @Override
        public String type() {
            return "LEAK";
        }

        @Override
        public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
            String pw = String.valueOf(inputs.get("password"));
            context.log("password=" + pw);
            context.log("basic " + java.util.Base64.getEncoder().encodeToString(("user:" + pw).getBytes()));
            context.log("url https://x/?p=" + java.net.URLEncoder.encode(pw, java.nio.charset.StandardCharsets.UTF_8));
            if (Boolean.TRUE.equals(inputs.get("fail"))) {
                throw new TaskException(TaskException.Kind.REMOTE, "login refused for password " + pw);
            }
            context.log("issuing token " + FRESH_TOKEN); // before it is known as secret: the engine masks it at the step's end
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("echoed", "the password is " + pw);
            out.put("token", FRESH_TOKEN);
            out.put("user", inputs.get("user"));
            return new TaskResult(out, Set.of("token"));
        }
    }
}
