package org.flowvault.platform.execution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.flow.Form;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;

/** One row of {@code runs}, as stored. */
record RunRow(UUID id, UUID projectId, String flowKind, String flowName, UUID flowId, Integer flowVersion, UUID runAs,
              String runAsName, String runAsRole, RunStatus status, String inputs, String sealedInputs, String outputs,
              String sensitiveOutputs, String sealedOutputs, String message, String error, String form, String currentStep,
              int attempt, int maxAttempts, boolean cancelRequested, String claimedBy, Instant leaseUntil, Instant createdAt,
              Instant startedAt, Instant finishedAt) {

    static final String COLUMNS = "id, project_id, flow_kind, flow_name, flow_id, flow_version, run_as, run_as_name, run_as_role, status, "
            + "inputs, sealed_inputs, outputs, sensitive_outputs, sealed_outputs, message, error, form, current_step, attempt, "
            + "max_attempts, cancel_requested, claimed_by, lease_until, created_at, started_at, finished_at";

    static RunRow read(ResultSet rs) throws SQLException {
        int version = rs.getInt("flow_version");
        return new RunRow(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class), rs.getString("flow_kind"),
                rs.getString("flow_name"), rs.getObject("flow_id", UUID.class), rs.wasNull() ? null : version,
                rs.getObject("run_as", UUID.class), rs.getString("run_as_name"), rs.getString("run_as_role"),
                RunStatus.valueOf(rs.getString("status")), rs.getString("inputs"), rs.getString("sealed_inputs"),
                rs.getString("outputs"), rs.getString("sensitive_outputs"), rs.getString("sealed_outputs"), rs.getString("message"),
                rs.getString("error"), rs.getString("form"), rs.getString("current_step"), rs.getInt("attempt"),
                rs.getInt("max_attempts"), rs.getBoolean("cancel_requested"), rs.getString("claimed_by"),
                Times.instant(rs, "lease_until"), Times.instant(rs, "created_at"), Times.instant(rs, "started_at"),
                Times.instant(rs, "finished_at"));
    }

    Caller caller() {
        return new Caller(runAs, runAsName, Role.valueOf(runAsRole));
    }

    boolean isCode() {
        return "CODE".equals(flowKind);
    }

    @SuppressWarnings("unchecked")
    Run toRun() {
        Map<String, Object> in = ColumnJson.map(inputs);
        Map<String, Object> out = outputs == null ? Map.of() : ColumnJson.map(outputs);
        Set<String> sensitive = sensitiveOutputs == null || sensitiveOutputs.isEmpty() ? Set.of() : Set.copyOf(ColumnJson.list(sensitiveOutputs).stream().map(String::valueOf).toList());
        Form f = form == null ? null : ColumnJson.read(form, Form.class);
        return new Run(id, projectId, flowName, flowVersion, runAs, runAsName, status, in, out, sensitive, message, error, f,
                currentStep, attempt, maxAttempts, status == RunStatus.RUNNING ? claimedBy : null, createdAt, startedAt, finishedAt);
    }

    @Override
    public String toString() {
        return "RunRow[" + id + " " + flowName + " " + status + "]";
    }
}
