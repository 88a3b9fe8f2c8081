package org.flowvault.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Master key rotation as operators run it: two nodes on one database keep sealing and opening
 * secrets while one node sweeps; afterwards every record reads back with the new key alone, the
 * old key is retired and no longer opens the database; a sweeper that dies mid-rotation is
 * replaced once its lease lapses.
 */
class MasterKeyRotationTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void rotationUnderLoadOnTwoNodesLosesNothingAndRetiresTheOldKey(Database.Dialect dialect) throws Exception {
        String url = url(dialect);
        MasterKey oldKey = MasterKey.generate();
        MasterKey newKey = MasterKey.generate();
        try (Database dbA = open(url); Database dbB = open(url)) {
            // node A runs with the old key only; node B was restarted with the new key active and the old one previous
            SecretBox boxA = SecretBox.open(dbA, oldKey);
            MasterKeyring ringB = MasterKeyring.of(newKey, oldKey);
            SecretBox boxB = SecretBox.open(dbB, ringB);
            MasterKeyRotation rotationB = new MasterKeyRotation(dbB, ringB, "node-b", Clock.systemUTC(), LEASE);

            Map<String, String> sealed = new ConcurrentHashMap<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> load = new ArrayList<>();
            for (SecretBox box : List.of(boxA, boxB, boxA, boxB)) {
                load.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (!stop.get()) {
                            String record = "rec:" + UUID.randomUUID();
                            sealed.put(record, box.seal("value-of-" + record, record));
                            // every node reads what any node wrote, during the sweep
                            sealed.entrySet().stream().limit(20).forEach(e ->
                                    assertThat(boxA.open(e.getValue(), e.getKey())).isEqualTo(boxB.open(e.getValue(), e.getKey())));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            MasterKeyRotation.Status started = rotationB.start();
            assertThat(started.targetKeyId()).isEqualTo(newKey.id());
            assertThat(started.total()).isEqualTo(1);
            assertThat(rotationB.start().id()).as("starting again returns the running rotation").isEqualTo(started.id());
            // a node started mid-sweep with both keys opens the database
            SecretBox midway = SecretBox.open(dbA, MasterKeyring.of(newKey, oldKey));
            while (rotationB.status().map(s -> !s.done()).orElse(true)) {
                rotationB.sweep(1);
            }
            SecretBox restarted = SecretBox.open(dbA, newKey);
            stop.set(true);
            for (Thread t : load) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(sealed).hasSizeGreaterThan(4);

            MasterKeyRotation.Status done = rotationB.status().orElseThrow();
            assertThat(done.done()).isTrue();
            assertThat(done.rewrapped()).isEqualTo(1);
            assertThat(done.retiredKeyIds()).containsExactly(oldKey.id());
            assertThat(done.finishedAt()).isNotNull();
            sealed.forEach((record, value) -> {
                assertThat(restarted.open(value, record)).isEqualTo("value-of-" + record);
                assertThat(midway.open(value, record)).isEqualTo("value-of-" + record);
            });
            assertThatThrownBy(() -> SecretBox.open(dbB, oldKey)).as("the retired key no longer opens the database")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(newKey.id())
                    .hasMessageContaining(MasterKeyring.ENV_PREVIOUS);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aSweeperThatDiesMidRotationIsReplacedOnceItsLeaseLapses(Database.Dialect dialect) {
        String url = url(dialect);
        MasterKey oldKey = MasterKey.generate();
        MasterKey newKey = MasterKey.generate();
        try (Database db = open(url)) {
            SecretBox before = SecretBox.open(db, oldKey);
            String value = before.seal("kept", "rec:crash");
            MasterKeyring ring = MasterKeyring.of(newKey, oldKey);
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            MasterKeyRotation dead = new MasterKeyRotation(db, ring, "node-dead", Clock.fixed(t0, ZoneOffset.UTC), LEASE);
            dead.start();
            // the dead node claimed the lease (a sweep with nothing yet done) and crashed: progress stays in the database
            db.jdbi().useHandle(h -> h.createUpdate("UPDATE master_key_rotations SET lease_owner = 'node-dead', lease_until = :u")
                    .bind("u", t0.plus(LEASE).atOffset(ZoneOffset.UTC)).execute());

            MasterKeyRotation other = new MasterKeyRotation(db, ring, "node-2", Clock.fixed(t0.plusSeconds(10), ZoneOffset.UTC), LEASE);
            assertThat(other.sweep(10)).as("the lease is still held").isZero();
            assertThat(other.status().orElseThrow().rewrapped()).isZero();

            MasterKeyRotation later = new MasterKeyRotation(db, ring, "node-2", Clock.fixed(t0.plusSeconds(31), ZoneOffset.UTC), LEASE);
            assertThat(later.sweep(10)).isEqualTo(1);
            later.sweep(10);
            assertThat(later.status().orElseThrow().done()).isTrue();
            assertThat(SecretBox.open(db, newKey).open(value, "rec:crash")).isEqualTo("kept");
        }
    }

    @Test
    void aNodeWhoseActiveKeyIsNotTheTargetNeverSweepsAndAConflictingRotationIsRefused() {
        MasterKey oldKey = MasterKey.generate();
        MasterKey newKey = MasterKey.generate();
        try (Database db = TestDatabases.h2()) {
            SecretBox.open(db, oldKey);
            new MasterKeyRotation(db, MasterKeyring.of(newKey, oldKey), "n1", Clock.systemUTC(), LEASE).start();
            MasterKeyRotation stale = new MasterKeyRotation(db, MasterKeyring.of(oldKey), "n2", Clock.systemUTC(), LEASE);
            assertThat(stale.sweep(10)).isZero();
            assertThatThrownBy(stale::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is running").hasMessageContaining(newKey.id()).hasMessageContaining(oldKey.id());
            assertThat(SecretBox.open(db, oldKey)).as("nothing was re-wrapped").isNotNull();
        }
    }

    @Test
    void aKeyFileListsTheActiveKeyFirstAndPreviousKeysAfterWithoutEchoingABadLine(@TempDir Path dir) throws Exception {
        String a = b64(), b = b64();
        Path file = dir.resolve("master.keys");
        Files.writeString(file, "# rotated 2026-12\n" + a + "\n\n" + b + "   # previous\n");
        MasterKeyring ring = MasterKeyring.fromEnvironment(Map.of(MasterKey.ENV_KEY_FILE, file.toString())::get);
        assertThat(ring.active().id()).isEqualTo(MasterKey.fromBase64(a, "a").id());
        assertThat(ring.previousIds()).containsExactly(MasterKey.fromBase64(b, "b").id());
        assertThat(ring.toString()).doesNotContain(a).doesNotContain(b);

        MasterKeyring fromEnv = MasterKeyring.fromEnvironment(Map.of(MasterKey.ENV_KEY, b, MasterKeyring.ENV_PREVIOUS, a)::get);
        assertThat(fromEnv.active().id()).isEqualTo(MasterKey.fromBase64(b, "b").id());
        assertThat(fromEnv.previousIds()).containsExactly(MasterKey.fromBase64(a, "a").id());

        Files.writeString(file, a + "\nnot-a-key-XYZ\n");
        assertThatThrownBy(() -> MasterKeyring.fromFile(file)).hasMessageContaining("line 2").hasMessageNotContaining("XYZ");
    }

    private static String b64() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static Database open(String url) {
        return url.startsWith("jdbc:h2:") ? Database.open(url, "sa", "", 4) : Database.open(url, null, null, 4);
    }

    private static String url(Database.Dialect dialect) {
        return dialect == Database.Dialect.H2 ? "jdbc:h2:mem:rot" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1"
                : TestDatabases.postgresSchemaUrl();
    }
}
