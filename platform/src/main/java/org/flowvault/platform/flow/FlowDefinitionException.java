package org.flowvault.platform.flow;

import java.util.List;
import java.util.stream.Collectors;
import org.flowvault.platform.error.PlatformException;

/**
 * A flow document that cannot be used: invalid YAML, a missing or unknown field, an unknown task
 * type, a malformed expression or one that refers to an unknown input or step. Every problem names
 * its line and column in the document and how to fix it; the message lists them all (INVALID).
 * Messages quote expressions and names from the document, never a value given at run time.
 */
public final class FlowDefinitionException extends PlatformException {

    /**
     * One problem.
     *
     * @param line    1-based line in the flow document
     * @param column  1-based column
     * @param message what is wrong and how to fix it
     */
    public record Problem(int line, int column, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    private final List<Problem> problems;

    public FlowDefinitionException(List<Problem> problems) {
        super(Reason.INVALID, describe(problems));
        this.problems = List.copyOf(problems);
    }

    private static String describe(List<Problem> problems) {
        if (problems.size() == 1) {
            return "invalid flow: " + problems.getFirst();
        }
        return "invalid flow (" + problems.size() + " problems): "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    /** The problems, in document order. */
    public List<Problem> problems() {
        return problems;
    }
}
