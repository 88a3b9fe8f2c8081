package org.flowvault.platform.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reads this module's compiled classes and fails when a package joins a package cycle. The
 * platform's packages grew up tangled: the packages below ({@link #TANGLED}) already sit in one
 * big cycle, recorded as debt to remove. Counting individual cycles inside such a tangle is not
 * deterministic (there are more than any tool enumerates), so the rule is stated on packages:
 * the strongly connected components of the package graph may hold no package outside the record,
 * and a package that leaves the tangle should be taken off it.
 */
class PackageCycleTest {
    private static final String ROOT = "org.flowvault.platform";
    /** The packages in cycles when the rule arrived (December 2026). */
    private static final Set<String> TANGLED = Set.of("", "audit", "connection", "credential", "crypto", "db", "execution", "flow",
            "identity", "lease", "masking", "metrics", "reference", "renewal", "resolution", "task", "task.git", "task.http",
            "task.sql", "task.vault", "usedby", "usertoken", "vaultconfig", "yaml");

    @Test
    void noPackageOutsideTheRecordedTangleIsInACycle() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = slice(c.getPackageName());
            graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.equals(ROOT) || target.startsWith(ROOT + ".")) {
                    String to = slice(target);
                    if (!to.equals(from)) {
                        graph.get(from).add(to);
                    }
                }
            }
        }
        Set<String> inCycles = new TreeSet<>(packagesInCycles(graph));
        inCycles.removeAll(TANGLED);
        assertThat(inCycles).as("packages that joined a package cycle (remove the dependency that closes it)").isEmpty();
    }

    private static String slice(String packageName) {
        return packageName.equals(ROOT) ? "" : packageName.substring(ROOT.length() + 1);
    }

    /** The packages of every strongly connected component with more than one package (Tarjan). */
    static Set<String> packagesInCycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        Set<String> out = new HashSet<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, Set<String> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new HashSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.addAll(component);
            }
        }
    }

    @Test
    void findsACycleInAGraph() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(packagesInCycles(graph)).containsExactlyInAnyOrder("a", "b", "c");
    }
}
