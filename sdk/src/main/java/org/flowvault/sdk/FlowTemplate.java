package org.flowvault.sdk;

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
        return Json.list(http.get(flows()), "flows", f -> new FlowSummary(Json.text(f, "id"), Json.text(f, "name"),
                f.path("latest_version").asInt(), Json.instant(f, "updated_at")));
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
        return new AppliedFlow(Json.bool(n, "created"), flow(n.path("flow")));
    }

    private static Flow flow(JsonNode n) {
        return new Flow(Json.text(n, "id"), Json.text(n, "name"), n.path("version").asInt(), Json.text(n, "description"),
                Json.list(n, "inputs", i -> new FlowInput(Json.text(i, "name"), Json.text(i, "type"), Json.bool(i, "required"),
                        Json.bool(i, "sensitive"), Json.text(i, "description"))),
                n.path("steps").asInt(), Json.instant(n, "created_at"), Json.text(n, "source"));
    }

    @Override
    public String toString() {
        return "FlowOperations[project " + project + "]";
    }
}
