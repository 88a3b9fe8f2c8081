package org.flowvault.platform.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed expression: a syntax tree walked once per evaluation. There are no loops, no
 * variables, no user functions and no access to Java objects: evaluating reads the
 * {@link Bindings} and applies the fixed {@linkplain Functions functions}, so it always
 * terminates, in time linear in the expression's size (plus the size of values a function such as
 * {@code json} renders).
 */
final class Expression {

    sealed interface Ast permits Literal, Root, Member, Index, Call, Not, Binary {
    }

    record Literal(Object value) implements Ast {
    }

    record Root(String name, int col) implements Ast {
    }

    record Member(Ast target, String name, int col) implements Ast {
    }

    record Index(Ast target, Ast index, int col) implements Ast {
    }

    record Call(String function, List<Ast> args, int col) implements Ast {
    }

    record Not(Ast operand, int col) implements Ast {
    }

    record Binary(String op, Ast left, Ast right, int col) implements Ast {
    }

    private final String source;
    private final Ast ast;

    Expression(String source, Ast ast) {
        this.source = source;
        this.ast = ast;
    }

    String source() {
        return source;
    }

    static int depthOf(Ast ast) {
        return switch (ast) {
            case Literal l -> 1;
            case Root r -> 1;
            case Member m -> 1 + depthOf(m.target());
            case Index i -> 1 + Math.max(depthOf(i.target()), depthOf(i.index()));
            case Call c -> 1 + c.args().stream().mapToInt(Expression::depthOf).max().orElse(0);
            case Not n -> 1 + depthOf(n.operand());
            case Binary b -> 1 + Math.max(depthOf(b.left()), depthOf(b.right()));
        };
    }

    /**
     * Checks the names the expression reads: {@code inputs.X} must be a declared input and
     * {@code steps.ID} a step that runs before.
     *
     * @throws ExpressionException naming the unknown input or step and the known ones
     */
    void checkNames(Set<String> inputs, List<String> earlierSteps) {
        check(ast, inputs, earlierSteps);
    }

    private void check(Ast node, Set<String> inputs, List<String> steps) {
        switch (node) {
            case Member m when m.target() instanceof Root r -> {
                if (r.name().equals("inputs") && !inputs.contains(m.name())) {
                    throw new ExpressionException(source, m.col() + 1, "unknown input '" + m.name() + "'; declared inputs: "
                            + (inputs.isEmpty() ? "none (declare it under 'inputs:')" : String.join(", ", inputs)));
                }
                if (r.name().equals("steps") && !steps.contains(m.name())) {
                    throw new ExpressionException(source, m.col() + 1, "unknown step '" + m.name() + "'; an expression can read the steps before it: "
                            + (steps.isEmpty() ? "none" : String.join(", ", steps)));
                }
            }
            case Member m -> check(m.target(), inputs, steps);
            case Index i -> {
                check(i.target(), inputs, steps);
                check(i.index(), inputs, steps);
            }
            case Call c -> c.args().forEach(a -> check(a, inputs, steps));
            case Not n -> check(n.operand(), inputs, steps);
            case Binary b -> {
                check(b.left(), inputs, steps);
                check(b.right(), inputs, steps);
            }
            case Literal l -> {
            }
            case Root r -> {
            }
        }
    }

    /** Evaluates against {@code bindings}; the result is JSON-like. */
    Object evaluate(Bindings bindings) {
        return eval(ast, bindings);
    }

    private Object eval(Ast node, Bindings b) {
        return switch (node) {
            case Literal l -> l.value();
            case Root r -> r.name().equals("inputs") ? b.inputs() : b.steps();
            case Member m -> member(eval(m.target(), b), m.name(), m.col());
            case Index i -> index(eval(i.target(), b), eval(i.index(), b), i.col());
            case Call c -> {
                List<Object> args = new ArrayList<>(c.args().size());
                for (Ast a : c.args()) {
                    args.add(eval(a, b));
                }
                yield Functions.apply(c.function(), args, source, c.col());
            }
            case Not n -> !Values.truthy(eval(n.operand(), b));
            case Binary bin -> binary(bin, b);
        };
    }

    private Object binary(Binary bin, Bindings b) {
        switch (bin.op()) {
            case "&&" -> {
                return Values.truthy(eval(bin.left(), b)) && Values.truthy(eval(bin.right(), b));
            }
            case "||" -> {
                return Values.truthy(eval(bin.left(), b)) || Values.truthy(eval(bin.right(), b));
            }
            default -> {
            }
        }
        Object left = eval(bin.left(), b);
        Object right = eval(bin.right(), b);
        return switch (bin.op()) {
            case "==" -> Values.equal(left, right);
            case "!=" -> !Values.equal(left, right);
            default -> {
                if (left instanceof Number l && right instanceof Number r) {
                    int c = Double.compare(l.doubleValue(), r.doubleValue());
                    yield compare(bin.op(), c);
                }
                if (left instanceof String l && right instanceof String r) {
                    yield compare(bin.op(), l.compareTo(r));
                }
                throw new ExpressionException(source, bin.col(), "'" + bin.op() + "' compares two numbers or two texts, not "
                        + Values.kind(left) + " and " + Values.kind(right));
            }
        };
    }

    private static boolean compare(String op, int c) {
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private Object member(Object target, String name, int col) {
        if (target == null) {
            return null; // a missing value propagates, so default(...) can supply one
        }
        if (target instanceof Map<?, ?> m) {
            return m.get(name);
        }
        throw new ExpressionException(source, col, "cannot read '." + name + "' of " + Values.kind(target) + ": only maps have properties");
    }

    private Object index(Object target, Object index, int col) {
        if (target == null) {
            return null;
        }
        if (target instanceof List<?> list) {
            if (!(index instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new ExpressionException(source, col, "a list index must be a whole number, not " + Values.kind(index));
            }
            long i = n.longValue();
            if (i < 0) {
                i += list.size(); // [-1] is the last element
            }
            return i < 0 || i >= list.size() ? null : list.get((int) i);
        }
        if (target instanceof Map<?, ?> m) {
            if (!(index instanceof String key)) {
                throw new ExpressionException(source, col, "a map is indexed by text, not " + Values.kind(index));
            }
            return m.get(key);
        }
        throw new ExpressionException(source, col, "cannot index " + Values.kind(target) + ": only lists and maps have elements");
    }
}
