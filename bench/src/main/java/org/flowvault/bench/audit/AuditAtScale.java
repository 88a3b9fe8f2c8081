package org.flowvault.bench.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntSupplier;
import javax.crypto.spec.SecretKeySpec;
import org.flowvault.platform.audit.Audit;
import org.flowvault.platform.audit.AuditAction;
import org.flowvault.platform.audit.AuditContext;
import org.flowvault.platform.audit.AuditQuery;
import org.flowvault.platform.audit.AuditRecord;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.task.Egress;

/**
 * How long the audit trail's reads take once it is large: writes N records (a warm resolution's,
 * and two of a rare run among them) into H2 in memory, then times a newest page, filtered lists,
 * a list of old records and a verification, twice (the second round warm). Wall-clock, one
 * thread; a sanity check of the storage layout (no index on the links but their seq), not a
 * throughput benchmark.
 * Usage: {@code AuditAtScale [records]} (default 1,000,000).
 */
public final class AuditAtScale {
    private AuditAtScale() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Clock clock = Clock.systemUTC();
        Caller admin = new Caller(UUID.randomUUID(), "admin", Role.ADMIN);
        try (Database db = Database.open("jdbc:h2:mem:scale" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
             Audit audit = new Audit(db, new SecretKeySpec(new byte[32], "HmacSHA256"),
                     new Projects(db, clock, entries -> Egress.of(entries).entries()), clock, "n1", Audit.Options.defaults())) {
            AuditRecord warm = AuditRecord.of(AuditAction.CONNECTION_RESOLVE).user(admin.userId(), "alice").config("vc", null)
                    .secret("secret", "secret/data/app/db", 3L).connection(UUID.randomUUID(), "db").build();
            UUID rareRun = UUID.randomUUID();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (i == n / 10 || i == n / 10 + 1) {
                    try (var run = AuditContext.run(rareRun, null, null, admin.userId(), "bob")) {
                        audit.record(AuditRecord.of(AuditAction.RUN_REVEAL).build());
                    }
                } else {
                    audit.record(warm);
                }
            }
            audit.flush(Duration.ofMinutes(10));
            System.out.printf("| write %,d records and store them | %,.1f s |%n", n, (System.nanoTime() - t0) / 1e9);
            for (int round = 1; round <= 2; round++) {
                String r = " (round " + round + ")";
                time("newest page of 100" + r, () -> audit.list(admin, AuditQuery.all()).size());
                time("a rare run's records" + r, () -> audit.list(admin, query(null, null, rareRun, null)).size());
                time("a rare user's records" + r, () -> audit.list(admin, query(null, "bob", null, null)).size());
                time("a page of one path's records" + r, () -> audit.list(admin, query("secret/data/app/db", null, null, null)).size());
                time("records older than a day (none)" + r, () -> audit.list(admin,
                        query(null, null, null, Instant.now().minus(Duration.ofDays(1)))).size());
                time("audit verify" + r, () -> (int) audit.verify(admin).checked());
            }
        }
    }

    private static AuditQuery query(String path, String user, UUID run, Instant until) {
        return new AuditQuery(path, user, run, null, null, until, 0, AuditQuery.DEFAULT_LIMIT);
    }

    private static void time(String what, IntSupplier read) {
        long t = System.nanoTime();
        int rows = read.getAsInt();
        System.out.printf("| %s | %,.1f ms (%,d) |%n", what, (System.nanoTime() - t) / 1e6, rows);
    }
}
