package org.flowvault.sdk.core;

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
        return new AuditPage(ResponseJson.list(n, "records", AuditTemplate::record), ResponseJson.longValue(n, "next_before"));
    }

    @Override
    public void export(AuditFilter filter, Consumer<AuditRecord> each) {
        Objects.requireNonNull(each, "each");
        http.getLines(filtered(ApiPath.of("audit", "export"), filter), n -> each.accept(record(n)));
    }

    @Override
    public Verification verify() {
        JsonNode n = http.get(ApiPath.of("audit", "verify"));
        return new Verification(ResponseJson.bool(n, "intact"), n.path("checked").asLong(), ResponseJson.longValue(n, "broken_at"), ResponseJson.text(n, "problem"));
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
        return new UsedBy(ResponseJson.text(n, "target"), ResponseJson.list(n, "connections", AuditTemplate::user), ResponseJson.list(n, "flows", AuditTemplate::user),
                ResponseJson.instant(n, "last_used"));
    }

    private static UsedBy.User user(JsonNode n) {
        return new UsedBy.User(ResponseJson.text(n, "name"), ResponseJson.instant(n, "last_used"));
    }

    static AuditRecord record(JsonNode n) {
        return new AuditRecord(n.path("seq").asLong(), ResponseJson.text(n, "id"), ResponseJson.instant(n, "at"), ResponseJson.text(n, "node"), ResponseJson.text(n, "action"),
                ResponseJson.text(n, "outcome"), ResponseJson.text(n, "user_id"), ResponseJson.text(n, "username"), ResponseJson.text(n, "api_key_id"),
                ResponseJson.text(n, "run_id"), ResponseJson.text(n, "flow_id"), ResponseJson.text(n, "project_id"), ResponseJson.text(n, "config"),
                ResponseJson.text(n, "namespace"), ResponseJson.text(n, "mount"), ResponseJson.text(n, "path"), ResponseJson.longValue(n, "kv_version"),
                ResponseJson.text(n, "connection_id"), ResponseJson.text(n, "connection"), ResponseJson.text(n, "entry_id"), ResponseJson.text(n, "field"),
                ResponseJson.text(n, "detail"));
    }

    @Override
    public String toString() {
        return "AuditOperations";
    }
}
