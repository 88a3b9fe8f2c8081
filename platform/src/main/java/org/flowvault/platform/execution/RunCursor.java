package org.flowvault.platform.execution;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a page of runs ended: the last run's start time and id (the id breaks ties between runs
 * started in the same instant). Written as {@code <instant>_<uuid>} in page links.
 *
 * @param createdAt the last run's {@link Run#createdAt()}
 * @param id        the last run's id
 */
public record RunCursor(Instant createdAt, UUID id) {
    public RunCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** The cursor after {@code run}. */
    public static RunCursor after(Run run) {
        return new RunCursor(run.createdAt(), run.id());
    }

    /** The cursor {@code text} (as {@link #toString()} wrote it), or empty when it is not one. */
    public static Optional<RunCursor> parse(String text) {
        int cut = text == null ? -1 : text.lastIndexOf('_');
        if (cut < 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunCursor(Instant.parse(text.substring(0, cut)), UUID.fromString(text.substring(cut + 1))));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return createdAt + "_" + id;
    }
}
