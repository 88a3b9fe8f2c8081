package org.flowvault.sdk.flow;

import java.util.List;

/** A project's flows ({@code /api/v1/projects/{p}/flows}): YAML documents, versioned. Thread-safe. */
public interface FlowOperations {
    String project();

    List<FlowSummary> list();

    /** The latest version, with its source. */
    Flow get(String name);

    /** Version {@code version} (from 1), with its source. */
    Flow version(String name, int version);

    /** Stores a flow document (YAML); a changed document becomes a new version. */
    AppliedFlow apply(String source);
}
