package org.flowvault.platform.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reads this module's compiled classes and fails when a package joins a package cycle: the
 * strongly connected components of the package graph must each hold one package. The rule is
 * stated on packages rather than on individual cycles, whose number in a tangle is not
 * deterministic. The root package is the assembly ({@code Platform}) and depends on every other
 * package; the vocabulary they share lives below them ({@code error}, {@code naming}).
 */
class PackageCycleTest {
    private static final String ROOT = "org.flowvault.platform";

    @Test
    void noPackageIsInACycle() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        Map<String, Set<String>> graph = new TreeMap<>();
        // one class dependency per package edge, so the message shows where a cycle closes
        Map<String, String> example = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = slice(c.getPackageName());
            graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.equals(ROOT) || target.startsWith(ROOT + ".")) {
                    String to = slice(target);
                    if (!to.equals(from)) {
                        graph.get(from).add(to);
                        example.putIfAbsent(from + " -> " + to, d.getDescription());
                    }
                }
            }
        }
        Set<String> inCycles = new TreeSet<>(packagesInCycles(graph));
        List<String> edges = new ArrayList<>();
        for (String from : inCycles) {
            for (String to : graph.get(from)) {
                if (inCycles.contains(to)) {
                    edges.add(display(from) + " -> " + display(to) + ": " + example.get(from + " -> " + to));
                }
            }
        }
        Set<String> shown = new TreeSet<>();
        inCycles.forEach(p -> shown.add(display(p)));
        assertThat(shown).as("packages in a package cycle (remove the dependency that closes it); their dependencies on each other:%n%s",
                String.join(System.lineSeparator(), edges)).isEmpty();
    }

    private static String display(String slice) {
        return slice.isEmpty() ? "(root)" : slice;
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
