package org.flowvault.platform.identity;

import java.util.List;

/**
 * Checks and normalizes a project's own task egress entries. The task package's egress allow-list
 * implements it ({@code entries -> Egress.of(entries).entries()}); projects take it as a
 * parameter because they sit below the tasks that read their entries.
 */
@FunctionalInterface
public interface EgressEntries {
    /**
     * The entries as the allow-list keeps them (blank ones dropped, lower-cased).
     *
     * @throws IllegalArgumentException naming the position of an entry that is not an egress entry,
     *                                  never the entry itself
     */
    List<String> normalized(List<String> entries);
}
