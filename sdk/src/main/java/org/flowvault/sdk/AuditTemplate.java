package org.flowvault.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Consumer;
import org.flowvault.sdk.audit.AuditFilter;
import org.flowvault.sdk.audit.AuditOperations;
import org.flowvault.sdk.audit.AuditPage;
import org.flowvault.sdk.audit.AuditRecord;
import org.flowvault.sdk.audit.UsedBy;
import org.flowvault.sdk.audit.Verification;

/** {@link AuditOperations} over the REST API. */
final class AuditTemplate implements AuditOperations {
    private final Transport http;

    AuditTemplate(Transport http) {
        this.http = http;
    }

    @Override
    public AuditPage list(AuditFilter filter, Long before, int limit) {
        JsonNode n = http.get(filtered(ApiPath.of("audit"), filter).query("before", before, "limit", limit));
        return new AuditPage(Json.list(n, "records", AuditTemplate::record), Json.longValue(n, "next_before"));
    }

    @Override
    public void export(AuditFilter filter, Consumer<AuditRecord> each) {
        Objects.requireNonNull(each, "each");
        http.getLines(filtered(ApiPath.of("audit", "export"), filter), n -> each.accept(record(n)));
    }

    @Override
    public Verification verify() {
        JsonNode n = http.get(ApiPath.of("audit", "verify"));
        return new Verification(Json.bool(n, "intact"), n.path("checked").asLong(), Json.longValue(n, "broken_at"), Json.text(n, "problem"));
    }

    @Override
    public UsedBy usedBy(String project, String configAndPath) {
        return usedBy(http.get(ApiPath.of("projects", project, "used-by").query("path", configAndPath)));
    }

    @Override
    public UsedBy usedByCredential(String project, String domain, String permissionedUserId) {
        return usedBy(http.get(ApiPath.of("projects", project, "used-by").query("domain", domain, "permissioned_user_id", permissionedUserId)));
    }

    private static ApiPath filtered(ApiPath p, AuditFilter f) {
        AuditFilter q = f == null ? AuditFilter.all() : f;
        return p.query("path", q.path(), "user", q.user(), "run", q.run(), "action", q.action(), "since", q.since(), "until", q.until());
    }

    private static UsedBy usedBy(JsonNode n) {
        return new UsedBy(Json.text(n, "target"), Json.list(n, "connections", AuditTemplate::user), Json.list(n, "flows", AuditTemplate::user),
                Json.instant(n, "last_used"));
    }

    private static UsedBy.User user(JsonNode n) {
        return new UsedBy.User(Json.text(n, "name"), Json.instant(n, "last_used"));
    }

    static AuditRecord record(JsonNode n) {
        return new AuditRecord(n.path("seq").asLong(), Json.text(n, "id"), Json.instant(n, "at"), Json.text(n, "node"), Json.text(n, "action"),
                Json.text(n, "outcome"), Json.text(n, "user_id"), Json.text(n, "username"), Json.text(n, "api_key_id"),
                Json.text(n, "run_id"), Json.text(n, "flow_id"), Json.text(n, "project_id"), Json.text(n, "config"),
                Json.text(n, "namespace"), Json.text(n, "mount"), Json.text(n, "path"), Json.longValue(n, "kv_version"),
                Json.text(n, "connection_id"), Json.text(n, "connection"), Json.text(n, "entry_id"), Json.text(n, "field"),
                Json.text(n, "detail"));
    }

    @Override
    public String toString() {
        return "AuditOperations";
    }
}
