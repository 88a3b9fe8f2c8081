package org.flowvault.platform.lease;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.Times;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;

/** {@code run_leases}: the leases each run holds, shared by every node on the database. */
final class LeaseStore {
    private final Database db;

    LeaseStore(Database db) {
        this.db = db;
    }

    void insert(LeaseRow r) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO run_leases (lease_id, run_id, project_id, config_name, path, run_as, run_as_name, run_as_role, issued_at, expires_at)
                VALUES (:lease, :run, :project, :config, :path, :runAs, :runAsName, :role, :issued, :expires)""")
                .bind("lease", r.leaseId()).bind("run", r.runId()).bind("project", r.projectId()).bind("config", r.configName())
                .bind("path", r.path()).bind("runAs", r.runAs().userId()).bind("runAsName", r.runAs().username())
                .bind("role", r.runAs().role().name()).bind("issued", Times.db(r.issuedAt())).bind("expires", Times.db(r.expiresAt()))
                .execute());
    }

    void expires(String leaseId, Instant at) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE run_leases SET expires_at = :at WHERE lease_id = :lease")
                .bind("at", Times.db(at)).bind("lease", leaseId).execute());
    }

    List<LeaseRow> ofRun(UUID runId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM run_leases WHERE run_id = :run ORDER BY issued_at")
                .bind("run", runId)
                .map((rs, ctx) -> new LeaseRow(rs.getString("lease_id"), rs.getObject("run_id", UUID.class),
                        rs.getObject("project_id", UUID.class), rs.getString("config_name"), rs.getString("path"),
                        new Caller(rs.getObject("run_as", UUID.class), rs.getString("run_as_name"), Role.valueOf(rs.getString("run_as_role"))),
                        Times.instant(rs, "issued_at"), Times.instant(rs, "expires_at")))
                .list());
    }

    void delete(String leaseId) {
        db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM run_leases WHERE lease_id = :lease").bind("lease", leaseId).execute());
    }
}
