package org.flowvault.platform.execution;

import java.util.Locale;
import org.flowvault.platform.error.PlatformException;

/**
 * How much a run may carry, checked before anything is stored so that an oversized value is
 * refused with the limit rather than by the database: the columns of {@code runs} and
 * {@code run_steps} hold 512 Ki characters of JSON for inputs and outputs, 1 Mi for their sealed
 * forms and 8 Ki for the names of sensitive outputs.
 */
final class RunLimits {
    /** Run inputs, a step's outputs, a form's answer and the flow's outputs, as JSON. */
    static final int MAX_JSON_CHARS = 512 * 1024;
    /** The sealed (encrypted) forms of the same. */
    static final int MAX_SEALED_CHARS = 1024 * 1024;
    /** The list of sensitive output names. */
    static final int MAX_NAMES_CHARS = 8 * 1024;

    private RunLimits() {
    }

    /**
     * Returns {@code json} when it is at most {@code limit} characters.
     *
     * @param what what the JSON is, for the message ("the run inputs are")
     * @param hint how to stay within the limit, appended to the message
     * @throws PlatformException INVALID naming the size and the limit (never the content)
     */
    static String within(String json, int limit, String what, String hint) {
        if (json != null && json.length() > limit) {
            throw PlatformException.invalid(what + " " + size(json.length()) + " as JSON; the limit is " + size(limit) + hint);
        }
        return json;
    }

    static String size(long chars) {
        if (chars < 1024) {
            return chars + " characters";
        }
        if (chars < 1024 * 1024) {
            return chars % 1024 == 0 ? chars / 1024 + " KiB" : String.format(Locale.ROOT, "%.1f KiB", chars / 1024.0);
        }
        return chars % (1024 * 1024) == 0 ? chars / (1024 * 1024) + " MiB" : String.format(Locale.ROOT, "%.1f MiB", chars / (1024.0 * 1024));
    }
}
