package org.flowvault.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.flowvault.platform.crypto.MasterKey;
import org.flowvault.platform.crypto.SecretBox;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestClock;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Projects;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.task.Egress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The chain: verify finds edited, deleted and reordered records; purges anchor it; nodes share it; failures close it. */
class ChainTamperingTest {
    private static final Caller ADMIN = new Caller(UUID.randomUUID(), "root-admin", Role.ADMIN);

    private static Audit audit(Database db, TestClock clock, String node, Audit.Options options) {
        SecretBox box = SecretBox.open(db, KEY);
        return new Audit(db, box.derivedKey(Audit.KEY_PURPOSE), new Projects(db, clock, entries -> Egress.of(entries).entries()), clock, node, options);
    }

    private static final MasterKey KEY = MasterKey.generate();

    private static void write(Audit a, int n, String prefix) {
        for (int i = 0; i < n; i++) {
            a.record(AuditRecord.of(AuditAction.CONNECTION_RESOLVE).user(ADMIN.userId(), ADMIN.username())
                    .config("vc", null).secret("secret", prefix + "/" + i, (long) i + 1).build());
        }
        a.flush(Duration.ofSeconds(10));
    }

    /** A new database migrated only up to {@code version}: what an earlier release left, to upgrade. */
    private record OldSchema(String url, String user, String password) {
        static OldSchema migratedTo(Database.Dialect dialect, String version) {
            boolean h2 = dialect == Database.Dialect.H2;
            OldSchema old = new OldSchema(h2 ? "jdbc:h2:mem:old" + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                    : TestDatabases.postgresSchemaUrl(), h2 ? "sa" : null, h2 ? "" : null);
            org.flywaydb.core.Flyway.configure().dataSource(old.url, old.user, old.password).locations("classpath:db/migration")
                    .target(version).load().migrate();
            return old;
        }
    }

    private static void sql(Database db, String statement) {
        db.jdbi().useHandle(h -> h.execute(statement));
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void verifyReportsTheFirstEditedDeletedOrReorderedRecord(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect);
             Audit a = audit(db, TestClock.startingNow(), "n1", Audit.Options.defaults())) {
            write(a, 6, "app");
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 6, 0, null));

            sql(db, "UPDATE audit_templates SET path = 'app/other' WHERE id = " + StoredBlocks.template(db, 3));
            Verification edited = a.verify(ADMIN);
            assertThat(edited.intact()).isFalse();
            assertThat(edited.brokenAt()).isEqualTo(3);
            assertThat(edited.problem()).contains("record 3");
            sql(db, "UPDATE audit_templates SET path = 'app/2' WHERE id = " + StoredBlocks.template(db, 3));
            assertThat(a.verify(ADMIN).intact()).isTrue();

            // a record pointed at another record's template
            long own = StoredBlocks.template(db, 3);
            StoredBlocks.relink(db, 3, StoredBlocks.template(db, 2));
            assertThat(a.verify(ADMIN).brokenAt()).isEqualTo(3);
            StoredBlocks.relink(db, 3, own);
            assertThat(a.verify(ADMIN).intact()).isTrue();

            // reordering: records 4 and 5 swap places
            StoredBlocks.swap(db, 4, 5);
            assertThat(a.verify(ADMIN).brokenAt()).isEqualTo(4);
            StoredBlocks.swap(db, 4, 5);
            assertThat(a.verify(ADMIN).intact()).isTrue();

            // a record's time moved by a microsecond
            StoredBlocks.backdate(db, 5, 1);
            assertThat(a.verify(ADMIN).brokenAt()).isEqualTo(5);
            StoredBlocks.backdate(db, 5, -1);
            assertThat(a.verify(ADMIN).intact()).isTrue();

            StoredBlocks.delete(db, 6);
            Verification tail = a.verify(ADMIN);
            assertThat(tail.brokenAt()).isEqualTo(6);
            assertThat(tail.problem()).contains("newest records were deleted");

            StoredBlocks.delete(db, 2);
            Verification gap = a.verify(ADMIN);
            assertThat(gap.brokenAt()).isEqualTo(2);
            assertThat(gap.problem()).contains("record 2 is missing");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void identicalRecordsShareOneTemplateAndEditingItIsFoundAtItsFirstRecord(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect);
             Audit a = audit(db, TestClock.startingNow(), "n1", Audit.Options.defaults())) {
            AuditRecord.Builder same = AuditRecord.of(AuditAction.CONNECTION_RESOLVE).user(ADMIN.userId(), ADMIN.username())
                    .config("vc", null).secret("secret", "shared/app", 7L);
            a.record(AuditRecord.of(AuditAction.RUN_REVEAL).build());
            a.record(same.build());
            a.record(same.build()); // another draft object with the same content: the same stored template
            a.flush(Duration.ofSeconds(10));
            a.record(same.build()); // a later batch
            a.flush(Duration.ofSeconds(10));
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 4, 0, null));
            long templates = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_templates").mapTo(Long.class).one());
            assertThat(templates).as("the three identical records share one template").isEqualTo(2);

            sql(db, "UPDATE audit_templates SET mount = 'kv' WHERE path = 'shared/app'");
            Verification edited = a.verify(ADMIN);
            assertThat(edited.brokenAt()).isEqualTo(2);
            assertThat(edited.problem()).contains("record 2");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void recordsWrittenBeforeTemplatesStillVerifyAfterTheUpgradeAndTheChainGoesOn(Database.Dialect dialect) throws Exception {
        OldSchema old = OldSchema.migratedTo(dialect, "61");
        String url = old.url();
        javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256");
        Chain chain = new Chain(key);
        java.time.Instant at = java.time.Instant.parse("2026-11-01T10:15:30.123456Z");
        String mac = Chain.GENESIS;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, old.user(), old.password())) {
            for (int seq = 1; seq <= 3; seq++) { // what the 24-column writer stored
                AuditRecord r = AuditRecord.of(AuditAction.CONNECTION_RESOLVE).user(ADMIN.userId(), ADMIN.username())
                        .config("vc", null).secret("secret", "old/" + seq, (long) seq).build().stamped(at.plusSeconds(seq), "n0", null);
                mac = chain.mac(seq, r, mac);
                try (var ps = c.prepareStatement("INSERT INTO audit_records (seq, id, at, node, action, outcome, user_id, username, "
                        + "config_name, mount, path, kv_version, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, seq);
                    ps.setObject(2, r.id());
                    ps.setObject(3, org.flowvault.platform.db.Times.db(r.at()));
                    ps.setString(4, r.node());
                    ps.setString(5, r.action().label());
                    ps.setString(6, r.outcome().label());
                    ps.setObject(7, r.userId());
                    ps.setString(8, r.username());
                    ps.setString(9, r.config());
                    ps.setString(10, r.mount());
                    ps.setString(11, r.path());
                    ps.setLong(12, r.kvVersion());
                    ps.setString(13, mac);
                    ps.executeUpdate();
                }
            }
            try (var ps = c.prepareStatement("UPDATE audit_chain SET seq = 3, mac = ? WHERE id = 'head'")) {
                ps.setString(1, mac);
                ps.executeUpdate();
            }
        }
        try (Database db = Database.open(url, old.user(), old.password(), 4);
             Audit a = new Audit(db, key, new Projects(db, TestClock.startingNow(), entries -> Egress.of(entries).entries()),
                     TestClock.startingNow(), "n1", Audit.Options.defaults())) {
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 3, 0, null));
            write(a, 2, "new");
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 5, 0, null));
            List<AuditEntry> all = new ArrayList<>();
            a.export(ADMIN, AuditQuery.all(), all::add);
            assertThat(all).extracting(e -> e.record().path()).containsExactly("old/1", "old/2", "old/3", "new/0", "new/1");
            assertThat(all.getFirst().record().at()).isEqualTo(at.plusSeconds(1));

            sql(db, "UPDATE audit_templates SET path = 'old/x' WHERE id = " + StoredBlocks.template(db, 2));
            assertThat(a.verify(ADMIN).brokenAt()).as("a record of the full form is still covered").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void recordsAV62NodeStoredAsOneRowEachMoveIntoBlocksAndAGapStaysAGap(Database.Dialect dialect) throws Exception {
        OldSchema old = OldSchema.migratedTo(dialect, "62");
        String url = old.url();
        String user = old.user();
        String password = old.password();
        javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256");
        Chain chain = new Chain(key);
        java.time.Instant at = java.time.Instant.parse("2026-12-01T08:00:00.654321Z");
        AuditRecord template = AuditRecord.of(AuditAction.CONNECTION_RESOLVE).user(ADMIN.userId(), ADMIN.username())
                .config("vc", null).secret("secret", "links/app", 4L).build().stamped(at, "n0", null);
        byte[] digest = Chain.digest(template);
        String mac = Chain.GENESIS;
        int records = 7;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, password)) {
            try (var ps = c.prepareStatement("INSERT INTO audit_templates (id, digest, node, action, outcome, user_id, username, "
                    + "config_name, mount, path, kv_version, secrets, first_seq, last_seq, last_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
                ps.setString(1, java.util.HexFormat.of().formatHex(digest));
                ps.setString(2, template.node());
                ps.setString(3, template.action().label());
                ps.setString(4, template.outcome().label());
                ps.setObject(5, template.userId());
                ps.setString(6, template.username());
                ps.setString(7, template.config());
                ps.setString(8, template.mount());
                ps.setString(9, template.path());
                ps.setLong(10, template.kvVersion());
                ps.setString(11, SecretList.encode(template.secrets()));
                ps.setLong(12, records);
                ps.setObject(13, org.flowvault.platform.db.Times.db(at.plusSeconds(records)));
                ps.executeUpdate();
            }
            for (int seq = 1; seq <= records; seq++) { // what the V62 writer stored: a link per record, the link-form mac
                UUID id = UUID.randomUUID();
                java.time.Instant when = at.plusSeconds(seq);
                mac = chain.link(seq, id, Journal.micros(when), digest, mac);
                try (var ps = c.prepareStatement("INSERT INTO audit_links (seq, id, at, template, mac) VALUES (?, ?, ?, 1, ?)")) {
                    ps.setLong(1, seq);
                    ps.setObject(2, id);
                    ps.setObject(3, org.flowvault.platform.db.Times.db(when));
                    ps.setString(4, mac);
                    ps.executeUpdate();
                }
            }
            try (var ps = c.prepareStatement("UPDATE audit_chain SET seq = ?, mac = ? WHERE id = 'head'")) {
                ps.setLong(1, records);
                ps.setString(2, mac);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("UPDATE audit_chain SET seq = 1 WHERE id = 'templates'")) { // the last template id handed out
                ps.executeUpdate();
            }
        }
        try (Database db = Database.open(url, user, password, 4);
             Audit a = new Audit(db, key, new Projects(db, TestClock.startingNow(), entries -> Egress.of(entries).entries()),
                     TestClock.startingNow(), "n1", Audit.Options.defaults())) {
            long links = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_links").mapTo(Long.class).one());
            assertThat(links).as("every link moved").isZero();
            assertThat(StoredBlocks.count(db)).isEqualTo(records);
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, records, 0, null));
            List<AuditEntry> moved = a.list(ADMIN, new AuditQuery("links/app", null, null, null, null, null, 0, 100));
            assertThat(moved).extracting(AuditEntry::seq).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
            assertThat(moved.getLast().record().at()).isEqualTo(at.plusSeconds(1));
            write(a, 2, "after");
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, records + 2, 0, null));

            StoredBlocks.delete(db, 4);
            Verification gap = a.verify(ADMIN);
            assertThat(gap.brokenAt()).isEqualTo(4);
            assertThat(gap.problem()).contains("record 4 is missing");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void equalDraftsInOneBatchAreOneTemplateWhoseRecordsAllList(Database.Dialect dialect) {
        try (Database db = TestDatabases.open(dialect);
             Audit a = audit(db, TestClock.startingNow(), "n1", Audit.Options.defaults())) {
            List<AuditRecord> drafts = new ArrayList<>();
            for (int i = 0; i < 8; i++) { // eight objects, one content: eight journal templates, one stored template
                drafts.add(AuditRecord.of(AuditAction.CONNECTION_RESOLVE).user(ADMIN.userId(), "carol").config("vc", null)
                        .secret("secret", "secret/equal/app", 2L).build());
            }
            List<AuditRecord> batch = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                batch.addAll(drafts);
            }
            a.recordAll(batch); // one frame: one batch for the writer
            a.flush(Duration.ofSeconds(10));
            assertThat(a.list(ADMIN, new AuditQuery(null, "carol", null, null, null, null, 0, 100))).hasSize(24);
            assertThat(a.list(ADMIN, new AuditQuery("secret/equal/app", null, null, null, null, null, 0, 100))).hasSize(24);
            long templates = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_templates").mapTo(Long.class).one());
            assertThat(templates).isEqualTo(1);
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 24, 0, null));
        }
    }

    @Test
    void onlyAdminsVerify() {
        try (Database db = TestDatabases.h2(); Audit a = audit(db, TestClock.startingNow(), "n1", Audit.Options.defaults())) {
            assertThatThrownBy(() -> a.verify(new Caller(UUID.randomUUID(), "m", Role.MEMBER)))
                    .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void purgingPastRetentionKeepsTheRestVerifiable(Database.Dialect dialect) {
        TestClock clock = TestClock.startingNow();
        try (Database db = TestDatabases.open(dialect);
             Audit a = audit(db, clock, "n1", Audit.Options.defaults().retention(Duration.ofDays(30)))) {
            write(a, 5, "old");
            clock.advance(Duration.ofDays(31));
            write(a, 3, "new");
            assertThat(a.purge()).isEqualTo(5);
            List<AuditEntry> left = new ArrayList<>();
            a.export(ADMIN, AuditQuery.all(), left::add);
            assertThat(left).extracting(e -> e.record().action().label())
                    .containsExactly("connection.resolve", "connection.resolve", "connection.resolve", "audit.purge");
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 4, 0, null));
            // a later purge of nothing changes nothing; deleting a kept record is still found
            assertThat(a.purge()).isZero();
            StoredBlocks.delete(db, 6);
            assertThat(a.verify(ADMIN).brokenAt()).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void twoNodesOnOneDatabaseExtendOneVerifiableChain(Database.Dialect dialect) throws Exception {
        TestClock clock = TestClock.startingNow();
        try (Database db = TestDatabases.open(dialect);
             Audit n1 = audit(db, clock, "node-1", Audit.Options.defaults());
             Audit n2 = audit(db, clock, "node-2", Audit.Options.defaults());
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Audit a = t % 2 == 0 ? n1 : n2;
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        a.record(AuditRecord.of(AuditAction.SECRET_WRITE).secret("secret", "t" + thread + "/" + i, null).build());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            n1.flush(Duration.ofSeconds(30));
            n2.flush(Duration.ofSeconds(30));
            Verification v = n1.verify(ADMIN);
            assertThat(v.intact()).as(String.valueOf(v.problem())).isTrue();
            assertThat(v.checked()).isEqualTo(2000);
            long nodes = db.jdbi().withHandle(h -> h.createQuery("SELECT count(DISTINCT node) FROM audit_templates").mapTo(Long.class).one());
            assertThat(nodes).isEqualTo(2);
        }
    }

    @Test
    void anUnwritableJournalRefusesEveryRecordAtOnce() {
        try (Database db = TestDatabases.h2();
             Audit a = audit(db, TestClock.startingNow(), "n1", Audit.Options.defaults().journal(Path.of("/dev/full")))) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> a.record(AuditRecord.of(AuditAction.RUN_REVEAL).build()))
                        .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUDIT_UNAVAILABLE))
                        .hasMessageContaining("audit trail cannot be written");
            }
            assertThat(a.backlog()).isZero();
        }
    }

    @Test
    void aDatabaseRefusingTheWriterClosesTheTrailUntilItRecovers() {
        try (Database db = TestDatabases.h2();
             Audit a = audit(db, TestClock.startingNow(), "n1", Audit.Options.defaults().maxLag(Duration.ZERO))) {
            write(a, 2, "before");
            sql(db, "ALTER TABLE audit_blocks RENAME TO audit_blocks_away");
            a.record(AuditRecord.of(AuditAction.RUN_REVEAL).build()); // journaled; the writer then fails
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> a.record(AuditRecord.of(AuditAction.RUN_REVEAL).build()))
                            .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUDIT_UNAVAILABLE)));
            sql(db, "ALTER TABLE audit_blocks_away RENAME TO audit_blocks");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> a.backlog() == 0);
            a.record(AuditRecord.of(AuditAction.RUN_REVEAL).build());
            assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 4, 0, null));
        }
    }

    @Test
    void aJournalLeftByACrashedProcessIsReplayedOnceAtStart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path journal = dir.resolve("audit.journal");
        try (Database db = TestDatabases.h2()) {
            TestClock clock = TestClock.startingNow();
            AuditRecord r = AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "crashed", 3L).build().stamped(clock.instant(), "n0", null);
            String line = Journal.line(r);
            java.nio.file.Files.writeString(journal, line + line + "{\"torn\":");
            try (Audit a = audit(db, clock, "n1", Audit.Options.defaults().journal(journal))) {
                a.flush(Duration.ofSeconds(10));
                List<AuditEntry> all = new ArrayList<>();
                a.export(ADMIN, AuditQuery.all(), all::add);
                assertThat(all).singleElement().satisfies(e -> assertThat(e.record()).isEqualTo(r));
            }
            try (Audit again = audit(db, clock, "n1", Audit.Options.defaults().journal(journal))) {
                again.flush(Duration.ofSeconds(10));
                assertThat(again.list(ADMIN, AuditQuery.all())).as("a drained journal replays nothing").hasSize(1);
            }
        }
    }

    @Test
    void recordsStoredBeforeACrashButStillInTheJournalAreNotStoredTwice(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path journal = dir.resolve("audit.journal");
        TestClock clock = TestClock.startingNow();
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "crash/" + i, 1L).build()
                    .stamped(clock.instant().plusSeconds(i), "n1", null));
        }
        try (Journal j = Journal.open(journal, false, 1000)) {
            j.append(records, 0);
        } // the process dies with all three in its journal...
        try (Database db = TestDatabases.h2()) {
            // ...after its writer had committed the first two
            new ChainStore(db, new Chain(SecretBox.open(db, KEY).derivedKey(Audit.KEY_PURPOSE)), "n1")
                    .append(records.subList(0, 2).stream().map(Stamp::of).toList(), false);
            try (Audit a = audit(db, clock, "n1", Audit.Options.defaults().journal(journal))) {
                a.flush(Duration.ofSeconds(10));
                List<AuditEntry> all = new ArrayList<>();
                a.export(ADMIN, AuditQuery.all(), all::add);
                assertThat(all).extracting(e -> e.record().path()).containsExactly("crash/0", "crash/1", "crash/2");
                assertThat(a.verify(ADMIN)).isEqualTo(new Verification(true, 3, 0, null));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aBatchRetriedAfterItsCommitAnswerWasLostIsStoredOnce(Database.Dialect dialect) {
        TestClock clock = TestClock.startingNow();
        List<Stamp> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(Stamp.of(AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "retry/" + i, 1L).build()
                    .stamped(clock.instant(), "n1", null)));
        }
        try (Database db = TestDatabases.open(dialect)) {
            ChainStore store = new ChainStore(db, new Chain(SecretBox.open(db, KEY).derivedKey(Audit.KEY_PURPOSE)), "n1");
            store.append(batch.subList(0, 2), false);
            store.append(batch.subList(0, 2), true); // committed, but the writer saw an error: the same batch again
            store.append(batch.subList(2, 4), true); // a batch that was not stored, checked all the same
            ChainStore otherNode = new ChainStore(db, new Chain(SecretBox.open(db, KEY).derivedKey(Audit.KEY_PURPOSE)), "n2");
            otherNode.append(List.of(Stamp.of(AuditRecord.of(AuditAction.RUN_REVEAL).build().stamped(clock.instant(), "n2", null))), true);
            assertThat(StoredBlocks.count(db)).isEqualTo(5);
            assertThat(store.verify()).isEqualTo(new Verification(true, 5, 0, null));
        }
    }

    @Test
    void aTornFrameIsNotReplayedAndADrainedGenerationIsNeverReplayedAgain(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.journal");
        java.time.Instant now = java.time.Instant.now();
        AuditRecord kept = AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "kept-path", 1L).build().stamped(now, "n0", null);
        AuditRecord torn = AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "torn-path", 2L).build().stamped(now, "n0", null);
        try (Journal j = Journal.open(file, false, 1000)) {
            j.append(List.of(kept), 0);
            j.append(List.of(torn), 0);
        } // the process dies before the writer stored either
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("torn-path");
        bytes[at] = 'x'; // what a copy cut short by SIGKILL leaves: a frame whose checksum fails
        java.nio.file.Files.write(file, bytes);
        try (Journal j = Journal.open(file, false, 1000)) {
            assertThat(records(j.peek(10))).containsExactly(kept);
            j.written(1); // stored: the next generation starts
        }
        try (Journal j = Journal.open(file, false, 1000)) {
            assertThat(j.backlog()).as("frames of a drained generation are stale").isZero();
        }
    }

    @Test
    void aFullBacklogWaitsForTheWriterThenFailsClosed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        AuditRecord r = AuditRecord.of(AuditAction.SECRET_READ).build().stamped(java.time.Instant.now(), "n0", null);
        try (Journal j = Journal.open(dir.resolve("audit.journal"), false, 2)) {
            j.append(List.of(r, r), 0);
            assertThatThrownBy(() -> j.append(List.of(r), java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50)))
                    .isInstanceOf(Journal.BacklogFull.class);
            java.util.concurrent.CompletableFuture<Integer> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return j.append(List.of(r), java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            j.written(1); // the writer stored one: room for the waiting append
            assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void legacyCredentialAuditRowsMoveIntoTheChain() {
        try (Database db = TestDatabases.h2()) {
            UUID project = TestDatabases.project(db, UUID.randomUUID());
            db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO credential_audit (id, at, project_id, entry_id, field, action, "
                            + "actor_user_id, outcome) VALUES (:id, :at, :p, :e, 'password', 'decrypt', :u, 'ok')")
                    .bind("id", UUID.randomUUID()).bind("at", java.time.OffsetDateTime.now()).bind("p", project)
                    .bind("e", UUID.randomUUID()).bind("u", ADMIN.userId()).execute());
            try (Audit a = audit(db, TestClock.startingNow(), "n1", Audit.Options.defaults())) {
                List<AuditEntry> all = a.list(ADMIN, AuditQuery.all());
                assertThat(all).singleElement().satisfies(e -> {
                    assertThat(e.record().action()).isEqualTo(AuditAction.CREDENTIAL_DECRYPT);
                    assertThat(e.record().field()).isEqualTo("password");
                    assertThat(e.record().projectId()).isEqualTo(project);
                });
                long legacy = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM credential_audit").mapTo(Long.class).one());
                assertThat(legacy).isZero();
                assertThat(a.verify(ADMIN).intact()).isTrue();
            }
        }
    }

    @Test
    void aRecordNamingSeveralSecretsWithAnyCharactersComesBackFromTheJournalUnchanged(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path journal = dir.resolve("audit.journal");
        TestClock clock = TestClock.startingNow();
        AuditRecord r = AuditRecord.of(AuditAction.CONNECTION_RESOLVE).user(ADMIN.userId(), "zoë \"quoted\" \\ name")
                .connection(UUID.randomUUID(), "db\tconn").secrets(List.of(
                        new AuditRecord.Secret("vc", "team/a", "secret", "secret/data/ünïcode 😀/x", 7L),
                        new AuditRecord.Secret("vc2", null, "kv", "kv/line\nbreak\\and\ttab", null),
                        new AuditRecord.Secret("vc", null, "secret", "secret/data/app", 1L)))
                .detail("served stale: Vault unreachable").build().stamped(clock.instant(), "n0", null);
        try (Journal j = Journal.open(journal, false, 1000)) {
            assertThat(j.peek(1)).isEmpty();
        }
        try (Journal j = Journal.open(journal, false, 1000)) {
            j.append(List.of(r, r), Duration.ofSeconds(1).toNanos());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Journal replayed = Journal.open(journal, false, 1000)) {
            assertThat(records(replayed.peek(10))).containsExactly(r, r);
        }
        try (Database db = TestDatabases.h2(); Audit a = audit(db, clock, "n1", Audit.Options.defaults().journal(journal))) {
            a.flush(Duration.ofSeconds(10));
            assertThat(a.list(ADMIN, AuditQuery.all())).singleElement().satisfies(e -> assertThat(e.record()).isEqualTo(r));
            assertThat(a.list(ADMIN, new AuditQuery("vc2:kv/line\nbreak\\and\ttab", null, null, null, null, null, 0, 10))).hasSize(1);
            assertThat(a.verify(ADMIN).intact()).isTrue();
        }
    }

    @Test
    void aDraftRecordedAgainIsANewRecordWithItsOwnIdTimeAndAmbientRun() {
        TestClock clock = TestClock.startingNow();
        UUID runA = UUID.randomUUID();
        UUID runB = UUID.randomUUID();
        AuditRecord draft = AuditRecord.of(AuditAction.CONNECTION_RESOLVE).connection(UUID.randomUUID(), "db")
                .secrets(List.of(new AuditRecord.Secret("vc", null, "secret", "secret/data/a", 3L),
                        new AuditRecord.Secret("vc", null, "secret", "secret/data/b", 4L))).build();
        try (Database db = TestDatabases.h2(); Audit a = audit(db, clock, "n1", Audit.Options.defaults())) {
            a.record(draft);
            a.flush(Duration.ofSeconds(10)); // stored; the journal's next generation makes a new template object of it
            clock.advance(Duration.ofSeconds(1));
            try (var run = AuditContext.run(runA, null, null, ADMIN.userId(), ADMIN.username())) {
                a.record(draft);
            }
            clock.advance(Duration.ofSeconds(1));
            try (var run = AuditContext.run(runB, null, null, ADMIN.userId(), ADMIN.username())) {
                a.record(draft);
            }
            a.record(draft);
            a.flush(Duration.ofSeconds(10));
            List<AuditRecord> all = new ArrayList<>();
            a.export(ADMIN, AuditQuery.all(), e -> all.add(e.record()));
            assertThat(all).hasSize(4).allSatisfy(r -> {
                assertThat(r.connection()).isEqualTo("db");
                assertThat(r.allSecrets()).isEqualTo(draft.secrets());
                assertThat(r.node()).isEqualTo("n1");
            });
            assertThat(all).extracting(AuditRecord::id).doesNotHaveDuplicates();
            assertThat(all).extracting(AuditRecord::runId).containsExactly(null, runA, runB, null);
            assertThat(all).extracting(AuditRecord::username).containsExactly(null, ADMIN.username(), ADMIN.username(), null);
            assertThat(all.get(1).at()).isEqualTo(all.get(0).at().plusSeconds(1));
            assertThat(a.verify(ADMIN).intact()).isTrue();
        }
    }

    @Test
    void aTemplateIsWrittenAgainInEachGenerationSoAReplayFindsIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.journal");
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        AuditRecord r = AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "app", 5L).build().stamped(now, "n0", null);
        Template t = Template.of(r);
        long[] words = {r.id().getMostSignificantBits(), r.id().getLeastSignificantBits(), Journal.micros(r.at())};
        try (Journal j = Journal.open(file, false, 1000)) {
            j.append(new Template[] {t}, words, 1, 0);
            assertThat(records(j.peek(10))).containsExactly(r);
            j.written(1); // drained: a new generation, where the template is not defined yet
            j.append(new Template[] {t}, words, 1, 0);
        } // the process dies before the writer stored the second
        try (Journal j = Journal.open(file, false, 1000)) {
            assertThat(records(j.peek(10))).containsExactly(r);
        }
    }

    @Test
    void aJournalOfThePreviousFrameFormatIsReplayed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.journal");
        TestClock clock = TestClock.startingNow();
        AuditRecord r = AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "framed", 3L).build().stamped(clock.instant(), "n0", null);
        byte[] lines = Journal.line(r).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long generation = 7;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(java.nio.ByteBuffer.allocate(8).putLong(generation).array());
        crc.update(lines);
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes("FVAJ0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(java.nio.ByteBuffer.allocate(8).putLong(generation).array());
        out.writeBytes(("#" + Long.toHexString(crc.getValue()) + " " + lines.length + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(lines);
        out.writeBytes("#00 12\n{\"torn\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.file.Files.write(file, out.toByteArray());
        try (Database db = TestDatabases.h2(); Audit a = audit(db, clock, "n1", Audit.Options.defaults().journal(file))) {
            a.flush(Duration.ofSeconds(10));
            List<AuditEntry> all = new ArrayList<>();
            a.export(ADMIN, AuditQuery.all(), all::add);
            assertThat(all).singleElement().satisfies(e -> assertThat(e.record()).isEqualTo(r));
        }
    }

    @Test
    void aJournalOfTheFirstBinaryFormatIsReplayed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.journal");
        TestClock clock = TestClock.startingNow();
        AuditRecord r = AuditRecord.of(AuditAction.SECRET_READ).secret("secret", "binary", 4L).build().stamped(clock.instant(), "n0", null);
        byte[] template = Template.of(r).bytes;
        java.nio.ByteBuffer entries = java.nio.ByteBuffer.allocate(9 + template.length + 29)
                .put((byte) 1).putInt(0).putInt(template.length).put(template)
                .put((byte) 2).putInt(0).putLong(r.id().getMostSignificantBits()).putLong(r.id().getLeastSignificantBits()).putLong(Journal.micros(r.at()));
        long generation = 5;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(java.nio.ByteBuffer.allocate(8).putLong(generation).array());
        crc.update(entries.array());
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(16 + 8 + entries.capacity() + 8 + 64)
                .put("FVAJ0002".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(generation)
                .putInt(entries.capacity()).putInt((int) crc.getValue()).put(entries.array())
                .putInt(40).putInt(0); // a torn frame after it
        java.nio.file.Files.write(file, out.array());
        try (Database db = TestDatabases.h2(); Audit a = audit(db, clock, "n1", Audit.Options.defaults().journal(file))) {
            a.flush(Duration.ofSeconds(10));
            List<AuditEntry> all = new ArrayList<>();
            a.export(ADMIN, AuditQuery.all(), all::add);
            assertThat(all).singleElement().satisfies(e -> assertThat(e.record()).isEqualTo(r));
        }
        assertThat(new String(java.nio.file.Files.readAllBytes(file), 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("FVAJ0003");
    }

    private static List<AuditRecord> records(List<Stamp> stamps) {
        return stamps.stream().map(Stamp::record).toList();
    }
}
