package org.flowvault.platform.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.masking.Masker;

/**
 * The recorded steps of one run: loaded when a node claims it (re-registering every secret they
 * carried with the run's masker), consulted before each step so a resumed or retried run replays
 * results instead of repeating work, and appended to as steps complete.
 */
final class Journal {
    /** A completed step's outputs (unmasked) by key. */
    record Entry(String key, Map<String, Object> outputs) {
    }

    private final Map<String, Entry> byKey = new LinkedHashMap<>();
    private final Map<Integer, String> keyByCall = new HashMap<>();
    private int lastSeq;

    /** Loads {@code rows}, opening sealed ones with {@code sealer} and registering their secrets with {@code masker}. */
    @SuppressWarnings("unchecked")
    static Journal load(UUID runId, List<RunStore.StepRow> rows, Sealer sealer, Masker masker) {
        Journal j = new Journal();
        for (RunStore.StepRow row : rows) {
            Map<String, Object> outputs;
            if (row.sealed() != null) {
                Map<String, Object> state = ColumnJson.map(sealer.open(row.sealed(), recordId(runId, row.seq())));
                outputs = (Map<String, Object>) state.getOrDefault("outputs", Map.of());
                List<Object> secrets = (List<Object>) state.getOrDefault("secrets", List.of());
                masker.registerAll(secrets.stream().map(String::valueOf).toList());
                Object sensitive = state.get("sensitive");
                if (sensitive instanceof List<?> names) {
                    names.forEach(n -> masker.registerTree(outputs.get(String.valueOf(n))));
                }
            } else {
                outputs = ColumnJson.map(row.outputs());
            }
            j.add(row.seq(), row.key(), outputs);
        }
        return j;
    }

    static String recordId(UUID runId, int seq) {
        return "run:" + runId + ":step:" + seq;
    }

    void add(int seq, String key, Map<String, Object> outputs) {
        byKey.put(key, new Entry(key, outputs));
        int colon = key.indexOf(':');
        if (colon > 0 && key.chars().limit(colon).allMatch(Character::isDigit)) {
            keyByCall.put(Integer.parseInt(key.substring(0, colon)), key);
        }
        lastSeq = Math.max(lastSeq, seq);
    }

    Entry find(String key) {
        return byKey.get(key);
    }

    /** The key recorded for code-flow call {@code n}, or null. */
    String keyOfCall(int n) {
        return keyByCall.get(n);
    }

    int nextSeq() {
        return lastSeq + 1;
    }

    /**
     * The stored forms of a completed step: masked display outputs, and, when anything in it is
     * secret, the sealed full state (outputs, sensitive names, secret values).
     */
    static RunStore.StepRow row(UUID runId, int seq, String key, Map<String, Object> outputs, Set<String> sensitive,
                                Set<String> secrets, Masker masker, Sealer sealer) {
        @SuppressWarnings("unchecked")
        Map<String, Object> display = (Map<String, Object>) masker.maskTree(outputs);
        for (String s : sensitive) {
            display.put(s, Masker.REPLACEMENT);
        }
        boolean secret = !sensitive.isEmpty() || !secrets.isEmpty() || !display.equals(outputs);
        String sealed = null;
        if (secret) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("outputs", outputs);
            state.put("sensitive", new ArrayList<>(sensitive));
            state.put("secrets", new ArrayList<>(secrets));
            sealed = sealer.seal(ColumnJson.write(state), recordId(runId, seq));
        }
        String what = "the outputs of " + Workers.stepName(key) + " are";
        String hint = ": return less (a SQL step's max_rows, fewer columns, a narrower request)";
        return new RunStore.StepRow(seq, key, RunLimits.within(ColumnJson.write(display), RunLimits.MAX_JSON_CHARS, what, hint),
                sensitive.isEmpty() ? null : RunLimits.within(ColumnJson.write(new ArrayList<>(sensitive)), RunLimits.MAX_NAMES_CHARS,
                        "the names of the sensitive outputs of " + Workers.stepName(key) + " are", ""),
                RunLimits.within(sealed, RunLimits.MAX_SEALED_CHARS, what + " (encrypted)", hint));
    }
}
