package org.flowvault.cli.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowvault.sdk.FlowvaultException;
import org.flowvault.sdk.core.Flowvault;
import picocli.CommandLine.Mixin;

/**
 * Base of the commands that call a running Flowvault through the SDK: connection options, error
 * printing (the server's message, exit code 1, no stack trace), and reading secrets from stdin or
 * a hidden prompt rather than from arguments (which end up in shell history and process listings).
 */
public abstract class ApiCommand implements Callable<Integer> {
    /** One reader for the whole process: several secrets piped on stdin are read line by line, none lost to a buffer. */
    private static BufferedReader stdin;

    @Mixin
    protected ApiOptions api;

    /** Does the work; returns the exit code. */
    protected abstract int run(Flowvault flowvault) throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run(api.flowvault());
        } catch (FlowvaultException e) {
            System.err.println("Error: " + e.getMessage() + (e.status() > 0 ? " (HTTP " + e.status() + ")" : ""));
            return 1;
        } catch (CliError | IllegalArgumentException | IllegalStateException e) {
            // the SDK's argument and configuration errors are written for the user and never quote a secret
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    /** {@code key=value} pairs as a map; a value that is valid JSON (number, true, {...}) keeps its type. */
    protected static Map<String, Object> pairs(List<String> pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (pairs == null) {
            return m;
        }
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new CliError("expected key=value, got '" + p.replaceAll("=.*", "=...") + "'");
            }
            m.put(p.substring(0, eq), typed(p.substring(eq + 1)));
        }
        return m;
    }

    private static Object typed(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        if (v.matches("-?\\d{1,18}")) {
            return Long.parseLong(v);
        }
        return v;
    }

    /** Reads one secret line from stdin (for piping) or, at a terminal, from a hidden prompt. */
    public static String readSecret(String prompt) {
        if (System.console() != null) {
            char[] c = System.console().readPassword("%s: ", prompt);
            if (c == null || c.length == 0) {
                throw new CliError(prompt + " is required");
            }
            return new String(c);
        }
        try {
            String line = stdin().readLine();
            if (line == null || line.isBlank()) {
                throw new CliError(prompt + " is required on standard input (one line per value, in the order asked)");
            }
            return line.strip();
        } catch (IOException e) {
            throw new CliError("cannot read " + prompt + " from standard input");
        }
    }

    private static synchronized BufferedReader stdin() {
        if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return stdin;
    }
}
