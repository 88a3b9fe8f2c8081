package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowvault.sdk.flow.AppliedFlow;
import org.flowvault.sdk.flow.Flow;
import org.flowvault.sdk.flow.FlowInput;
import org.flowvault.sdk.flow.FlowOperations;
import org.flowvault.sdk.flow.FlowSummary;

/** {@link FlowOperations} over the REST API. */
final class FlowTemplate implements FlowOperations {
    private final Transport http;
    private final String project;

    FlowTemplate(Transport http, String project) {
        this.http = http;
        this.project = project;
    }

    @Override
    public String project() {
        return project;
    }

    private ApiPath flows() {
        return ApiPath.of("projects", project, "flows");
    }

    @Override
    public List<FlowSummary> list() {
        return ResponseJson.list(http.get(flows()), "flows", f -> new FlowSummary(ResponseJson.text(f, "id"), ResponseJson.text(f, "name"),
                f.path("latest_version").asInt(), ResponseJson.instant(f, "updated_at")));
    }

    @Override
    public Flow get(String name) {
        return flow(http.get(flows().then(name)));
    }

    @Override
    public Flow version(String name, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("flow versions start at 1");
        }
        return flow(http.get(flows().then(name).then("versions").then(Integer.toString(version))));
    }

    @Override
    public AppliedFlow apply(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a flow's source is its YAML document, and this one is empty");
        }
        JsonNode n = http.post(flows(), Map.of("source", source));
        return new AppliedFlow(ResponseJson.bool(n, "created"), flow(n.path("flow")));
    }

    private static Flow flow(JsonNode n) {
        return new Flow(ResponseJson.text(n, "id"), ResponseJson.text(n, "name"), n.path("version").asInt(), ResponseJson.text(n, "description"),
                ResponseJson.list(n, "inputs", i -> new FlowInput(ResponseJson.text(i, "name"), ResponseJson.text(i, "type"), ResponseJson.bool(i, "required"),
                        ResponseJson.bool(i, "sensitive"), ResponseJson.text(i, "description"))),
                n.path("steps").asInt(), ResponseJson.instant(n, "created_at"), ResponseJson.text(n, "source"));
    }

    @Override
    public String toString() {
        return "FlowOperations[project " + project + "]";
    }
}
